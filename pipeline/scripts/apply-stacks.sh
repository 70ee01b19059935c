#!/usr/bin/env bash
# Applies stacks one by one in the order given (dependencies first), each planned again right before its apply:
# state and the stacks before it may have changed since the plan job, and a saved plan would keep what its data
# sources read then. The new plan is applied when it has the shape the reviewers approved (`pipeline/cli.ts match`:
# same adds, changes, destroys and replaces, same resources destroyed and replaced; create-only for a first
# deployment). Otherwise, with replan=true (dev) it is applied anyway; with replan=false (staging, prod: nothing is
# applied that no one approved) the job stops there and names the stack: re-run all jobs to plan and approve again.
#   apply-stacks.sh <the plan job's results dir> <replan: true|false> <stack>...
# Environment: TF (terraform or tofu), OUT (the synthesized cdktf.out), and what azure-sign-in.sh needs.
set -uo pipefail
approved="$(realpath -m "$1")"
replan="$2"
shift 2
work="$(mktemp -d)"
for stack in "$@"; do
  dir="$OUT/stacks/$stack"
  echo "::group::$stack"
  bash pipeline/scripts/azure-sign-in.sh || { echo "::error::$stack: Azure sign-in failed"; exit 1; }
  "$TF" -chdir="$dir" init -input=false -no-color > "$work/$stack.init.log" 2>&1 || { cat "$work/$stack.init.log"; echo "::error::$stack: init failed"; exit 1; }
  "$TF" -chdir="$dir" plan -input=false -no-color -detailed-exitcode -out="$work/$stack.tfplan" > "$work/$stack.plan.log" 2> "$work/$stack.stderr"
  code=$?
  if [ "$code" -eq 0 ]; then
    echo "$stack: no changes"
    echo "::endgroup::"
    continue
  fi
  if [ "$code" -eq 1 ]; then
    grep -E '^(Error|│ Error)' "$work/$stack.stderr" | head -n 5
    echo "::error::$stack: the plan failed; nothing after it was applied"
    exit 1
  fi
  "$TF" -chdir="$dir" show -json "$work/$stack.tfplan" > "$work/$stack.plan.json"
  npx tsx pipeline/cli.ts summarize --stack "$stack" --plan "$work/$stack.plan.json" --out "$OUT" > /dev/null || { echo "::error::$stack: the plan destroys a protected resource"; exit 1; }
  rm -f "$work/$stack.plan.json"
  verdict="$(npx tsx pipeline/cli.ts match --stack "$stack" --current "$work/$stack.summary.json" --approved-dir "$approved")" || exit 1
  echo "$verdict"
  if [[ "$verdict" == *": matches the approved plan:"* ]] || [ "$replan" = true ]; then
    "$TF" -chdir="$dir" apply -input=false -no-color "$work/$stack.tfplan" > "$work/$stack.apply.log" 2>&1 \
      || { grep -E '^(Error|│ Error)' "$work/$stack.apply.log" | head -n 10; echo "::error::$stack: apply failed"; exit 1; }
    echo "$stack: applied"
  else
    echo "::error::$stack: the plan is not the one approved (${verdict#*: }). Nothing after it was applied. Re-run all jobs of the workflow: it plans again for approval."
    exit 1
  fi
  rm -f "$work/$stack.tfplan"
  echo "::endgroup::"
done
