#!/usr/bin/env bash
# Plans stacks one by one in the order given (dependencies first; `pipeline/cli.ts order` gives it).
#   plan-stacks.sh <pr|deploy|drift> <results dir> <stack>...
# Environment: TF (terraform or tofu), OUT (the synthesized cdktf.out), RUN_URL, GH_TOKEN (drift), and what
# pipeline/scripts/azure-sign-in.sh needs (it renews the sign-in before each stack).
# Plans run with -lock=false: the plan identity may only read state, and nothing is applied from these plans.
# The logs show summaries only. `show -json` holds every value in clear text: it is summarized, then deleted; no
# plan file leaves the job.
#   pr:     <stack>.plan.txt (sensitive values redacted) and <stack>.summary.json for the comment; fails on any
#           failed plan and on a destroy of a protected resource.
#   deploy: the same files, for the approvers and the apply job (which plans again and compares); a failed plan
#           (a stack that needs the stacks before it applied first) is left to the apply job; fails only on a
#           destroy of a protected resource or on an error of the pipeline itself.
#   drift:  opens, updates or closes the stack's drift issue from `plan -detailed-exitcode`.
set -uo pipefail
mode="$1"
results="$(realpath -m "$2")"
shift 2
mkdir -p "$results"
cli=(npx tsx pipeline/cli.ts)
status=0

# Whether the stack's state blob exists: the plan identity may only read state, and Terraform writes an empty state
# when there is none, so a stack's first plan needs the apply identity (the deploy workflow's approved apply job).
# An error of the check is an error, never "no state".
state_exists() {
  local backend exists
  backend="$(jq -c '.terraform.backend.azurerm // empty' "$1")"
  [ -z "$backend" ] && return 0
  exists="$(az storage blob exists --auth-mode login --only-show-errors \
    --account-name "$(jq -r .storage_account_name <<< "$backend")" --container-name "$(jq -r .container_name <<< "$backend")" \
    --name "$(jq -r .key <<< "$backend")" --query exists -o tsv)" || { echo "::error::cannot tell whether the state of $1 exists" >&2; exit 1; }
  [ "$exists" = true ]
}

for stack in "$@"; do
  dir="$OUT/stacks/$stack"
  echo "::group::$stack"
  bash pipeline/scripts/azure-sign-in.sh || { echo "::error::$stack: Azure sign-in failed"; exit 1; }
  if ! state_exists "$dir/cdk.tf.json"; then
    echo "::notice::$stack has no state yet: its first deployment is planned and applied by the deploy workflow's approved apply job (create only)"
    [ "$mode" = deploy ] && touch "$results/$stack.first-deployment"
    echo "::endgroup::"
    continue
  fi
  if ! "$TF" -chdir="$dir" init -input=false -no-color > "$results/$stack.init.log" 2>&1; then
    cat "$results/$stack.init.log"
    echo "::error::$stack: init failed"
    status=1
    echo "::endgroup::"
    continue
  fi
  "$TF" -chdir="$dir" plan -input=false -no-color -lock=false -detailed-exitcode -out="$results/$stack.tfplan" \
    > "$results/$stack.plan.log" 2> "$results/$stack.stderr"
  code=$?
  summarize=("${cli[@]}" summarize --stack "$stack" --stderr "$results/$stack.stderr" --out "$OUT")
  if [ "$code" -ne 1 ]; then
    "$TF" -chdir="$dir" show -json "$results/$stack.tfplan" > "$results/$stack.plan.json"
    "$TF" -chdir="$dir" show -no-color "$results/$stack.tfplan" > "$results/$stack.plan.txt"
    summarize+=(--plan "$results/$stack.plan.json")
  fi
  rm -f "$results/$stack.tfplan" "$results/$stack.plan.log"
  if [ "$mode" = drift ]; then
    plan_args=()
    [ -f "$results/$stack.plan.json" ] && plan_args=(--plan "$results/$stack.plan.json")
    "${cli[@]}" drift --stack "$stack" --exit-code "$code" "${plan_args[@]}" --out "$OUT" --run-url "$RUN_URL" \
      --body-file "$results/$stack.issue.md" > "$results/$stack.drift.json" || status=1
    bash pipeline/scripts/drift-issue.sh "$results/$stack.drift.json" "$results/$stack.issue.md" || status=1
  else
    "${summarize[@]}" > /dev/null
    jq -c '{stack, adds, changes, destroys, replaces, failed}' "$results/$stack.summary.json"
    if [ "$(jq '.protectedDestroys | length' "$results/$stack.summary.json")" -gt 0 ]; then status=1; fi
    if [ "$code" -eq 1 ]; then
      if [ "$mode" = pr ]; then echo "::error::$stack: the plan failed (see its summary)"; status=1
      else echo "::warning::$stack: the plan failed (it may need the stacks before it applied first); the apply job plans it again"; fi
    fi
  fi
  rm -f "$results/$stack.plan.json"
  echo "::endgroup::"
done
exit "$status"
