#!/usr/bin/env bash
# Plans stacks one by one in the order given (dependencies first; `pipeline/cli.ts order` gives it).
#   plan-stacks.sh <pr|deploy|drift> <results dir> <stack>...
# Environment: TF (terraform or tofu), OUT (the synthesized cdktf.out), RUN_URL, GH_TOKEN (drift).
# Plans run with -lock=false: the plan identity may only read state, and nothing is applied from a PR or drift plan.
# The logs show summaries only. `show -json` holds every value in clear text: it is summarized, then deleted.
#   pr:     <stack>.plan.txt (sensitive values redacted) and <stack>.summary.json for the comment; fails on any
#           failed plan or a destroy of a protected resource.
#   deploy: also keeps <stack>.tfplan and the stack's lock file for the apply job; a failed plan is left to the
#           apply job (re-plan in dev, stop in staging and prod); fails only on a destroy of a protected resource.
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
state_exists() {
  local backend
  backend="$(jq -c '.terraform.backend.azurerm // empty' "$1")"
  [ -z "$backend" ] && return 0
  [ "$(az storage blob exists --auth-mode login --only-show-errors \
    --subscription "$(jq -r .subscription_id <<< "$backend")" --account-name "$(jq -r .storage_account_name <<< "$backend")" \
    --container-name "$(jq -r .container_name <<< "$backend")" --name "$(jq -r .key <<< "$backend")" --query exists -o tsv)" = true ]
}

for stack in "$@"; do
  dir="$OUT/stacks/$stack"
  echo "::group::$stack"
  if ! state_exists "$dir/cdk.tf.json"; then
    echo "::notice::$stack has no state yet: its first plan and apply happen in the deploy workflow's approved apply job"
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
  if [ "$code" -ne 1 ]; then
    "$TF" -chdir="$dir" show -json "$results/$stack.tfplan" > "$results/$stack.plan.json"
    "$TF" -chdir="$dir" show -no-color "$results/$stack.tfplan" > "$results/$stack.plan.txt"
    summarize=("${cli[@]}" summarize --stack "$stack" --plan "$results/$stack.plan.json" --stderr "$results/$stack.stderr" --out "$OUT")
  else
    summarize=("${cli[@]}" summarize --stack "$stack" --stderr "$results/$stack.stderr" --out "$OUT")
    rm -f "$results/$stack.tfplan"
  fi
  if [ "$mode" = drift ]; then
    plan_args=()
    [ -f "$results/$stack.plan.json" ] && plan_args=(--plan "$results/$stack.plan.json")
    "${cli[@]}" drift --stack "$stack" --exit-code "$code" "${plan_args[@]}" --out "$OUT" --run-url "$RUN_URL" \
      --body-file "$results/$stack.issue.md" > "$results/$stack.drift.json" || status=1
    bash pipeline/scripts/drift-issue.sh "$results/$stack.drift.json" "$results/$stack.issue.md" || status=1
  else
    "${summarize[@]}" > /dev/null || status=1
    jq -c '{stack, adds, changes, destroys, replaces, failed}' "$results/$stack.summary.json" 2> /dev/null || true
  fi
  rm -f "$results/$stack.plan.json"
  if [ "$mode" = deploy ]; then
    cp "$dir/.terraform.lock.hcl" "$results/$stack.terraform.lock.hcl" 2> /dev/null || true
    # A failed plan is the apply job's to handle; only a protected destroy stops the run here.
    if [ "$code" -eq 1 ]; then echo "::warning::$stack: the plan failed; the apply job plans it again once the stacks before it are applied"; fi
  else
    rm -f "$results/$stack.tfplan"
    if [ "$code" -eq 1 ] && [ "$mode" = pr ]; then echo "::error::$stack: the plan failed (see its summary)"; status=1; fi
  fi
  echo "::endgroup::"
done
exit "$status"
