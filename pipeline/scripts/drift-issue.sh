#!/usr/bin/env bash
# Carries out a drift decision of `pipeline/cli.ts drift` on GitHub issues: one open issue per stack, titled
# "Drift: <stack>" and labelled drift, updated in place; closed once the stack matches its code again.
#   drift-issue.sh <decision.json> <body file>        Environment: GH_TOKEN, GITHUB_REPOSITORY.
set -euo pipefail
decision="$1"
body="$2"
action="$(jq -r .action "$decision")"
title="$(jq -r .title "$decision")"
gh label create drift --repo "$GITHUB_REPOSITORY" --color B60205 --description "Live infrastructure differs from main" --force > /dev/null
existing="$(gh issue list --repo "$GITHUB_REPOSITORY" --label drift --state open --search "\"$title\" in:title" --json number,title \
  --jq "map(select(.title == \"$title\")) | .[0].number // empty")"
case "$action" in
  open-or-update)
    if [ -n "$existing" ]; then gh issue edit "$existing" --repo "$GITHUB_REPOSITORY" --body-file "$body"
    else gh issue create --repo "$GITHUB_REPOSITORY" --title "$title" --label drift --body-file "$body"; fi ;;
  close)
    if [ -n "$existing" ]; then gh issue close "$existing" --repo "$GITHUB_REPOSITORY" --comment "No drift any more (run $RUN_URL)."; fi ;;
  error)
    echo "::error::$title: the drift plan failed; the issue is left as it is"
    exit 1 ;;
  *)
    echo "::error::unknown drift action '$action'"
    exit 1 ;;
esac
