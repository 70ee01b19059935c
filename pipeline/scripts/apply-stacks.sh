#!/usr/bin/env bash
# Applies stacks one by one in the order given (dependencies first), from the plans of the run's plan job.
#   apply-stacks.sh <plans dir> <replan: true|false> <stack>...
# Environment: TF (terraform or tofu), OUT (the synthesized cdktf.out).
# A stack's saved plan is applied when it exists and is still valid (Terraform refuses a stale plan before changing
# anything). Otherwise, with replan=true (dev), the stack is planned again and applied; with replan=false (staging,
# prod: nothing is applied that no one approved) the job stops and names the stacks a new run must plan. A stack
# with no state yet (its first deployment, which the read-only plan identity cannot plan) is planned and applied
# here, in the job the environment's reviewers approved knowing it is a first deployment.
set -uo pipefail
plans="$(realpath -m "$1")"
replan="$2"
shift 2
for stack in "$@"; do
  dir="$OUT/stacks/$stack"
  echo "::group::$stack"
  [ -f "$plans/$stack.terraform.lock.hcl" ] && cp "$plans/$stack.terraform.lock.hcl" "$dir/.terraform.lock.hcl"
  "$TF" -chdir="$dir" init -input=false -no-color > /dev/null || { echo "::error::$stack: init failed"; exit 1; }
  if [ -f "$plans/$stack.tfplan" ] && "$TF" -chdir="$dir" apply -input=false -no-color "$plans/$stack.tfplan" > "$plans/$stack.apply.log" 2>&1; then
    echo "$stack: applied the reviewed plan"
  elif [ "$replan" = true ] || [ -f "$plans/$stack.first-deployment" ]; then
    echo "$stack: no valid reviewed plan (stale, or it needed the stacks before it); planning again"
    "$TF" -chdir="$dir" apply -input=false -no-color -auto-approve > "$plans/$stack.apply.log" 2>&1 \
      || { tail -n 40 "$plans/$stack.apply.log" | grep -E '^(Error|│ Error)' ; echo "::error::$stack: apply failed"; exit 1; }
    echo "$stack: applied a new plan"
  else
    grep -E '^(Error|│ Error)' "$plans/$stack.apply.log" 2> /dev/null | head -n 5
    remaining=("$@")
    echo "::error::$stack: its reviewed plan is missing or no longer valid. Nothing else was applied after it. Re-run the workflow: it plans ${remaining[*]} again for approval."
    exit 1
  fi
  shift
  echo "::endgroup::"
done
