#!/usr/bin/env bash
# Builds the programs `npm run validate:cluster` runs, from source through the Go module proxy, into a cache
# outside the repository (XDG_CACHE_HOME or ~/.cache), so fresh clones on the same machine reuse them:
#   kube-apiserver, kube-controller-manager, kubectl  k8s.io/kubernetes at KUBERNETES_VERSION
#   etcd                                              go.etcd.io/etcd/server/v3 at the version that release pins
#   helm                                              helm.sh/helm/v3 at HELM_VERSION (what the helm provider embeds)
# Prints the cache folder (holding bin/) on stdout; progress goes to stderr.
#
# k8s.io/kubernetes replaces its staging modules (k8s.io/api, k8s.io/apiserver, ...) with local folders that a
# module download does not contain: each replace is pointed at the published module of the same release
# (v0.<minor>.<patch> for Kubernetes 1.<minor>.<patch>), which is how those folders are published.
set -euo pipefail
: "${KUBERNETES_VERSION:?KUBERNETES_VERSION is required (e.g. v1.36.3)}"
: "${HELM_VERSION:?HELM_VERSION is required (e.g. v3.18.4)}"
command -v go > /dev/null || { echo "validate:cluster: Go is needed to build the API server (README: 'A real API server')" >&2; exit 1; }

cache="${XDG_CACHE_HOME:-$HOME/.cache}/azure-platform-iac/cluster-$KUBERNETES_VERSION-helm-$HELM_VERSION"
bin="$cache/bin"
mkdir -p "$bin"
# One build at a time per cache; each program is built into a temporary folder and moved into bin/ whole, so an
# interrupted build never leaves a partial executable that the next run would trust.
exec 9> "$cache/.lock"
flock 9
tmpbin="$cache/bin.tmp"
rm -rf "$tmpbin" && mkdir -p "$tmpbin"
# GOWORK=off: the release's go.work lists the staging folders too.
export GOFLAGS=-mod=mod CGO_ENABLED=0 GOWORK=off

module_dir() { go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'; }

# A copy of a module download we may write to (the module cache is read-only).
writable_copy() {
  local from="$1" to="$2"
  mkdir -p "$(dirname "$to")" && rm -rf "$to.tmp" && cp -r "$from" "$to.tmp" && chmod -R u+w "$to.tmp" && rm -rf "$to" && mv "$to.tmp" "$to"
}

if [ ! -x "$bin/kube-apiserver" ] || [ ! -x "$bin/kube-controller-manager" ] || [ ! -x "$bin/kubectl" ]; then
  echo "validate:cluster: building Kubernetes $KUBERNETES_VERSION (about 16 minutes on 2 cores, once)" >&2
  src="$cache/src/kubernetes"
  writable_copy "$(module_dir "k8s.io/kubernetes@$KUBERNETES_VERSION")" "$src"
  staging="v0.${KUBERNETES_VERSION#v1.}"
  sed -i -E "s#^(\s*k8s\.io/[a-z0-9-]+) => \./staging/src/k8s\.io/[a-z0-9-]+\$#\1 => \1 $staging#" "$src/go.mod"
  if grep -q "=> ./staging" "$src/go.mod"; then echo "validate:cluster: unrewritten staging replace in go.mod" >&2; exit 1; fi
  (cd "$src" && go mod download && go build -trimpath -ldflags "-s -w \
      -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION \
      -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION" \
      -o "$tmpbin/" ./cmd/kube-apiserver ./cmd/kube-controller-manager ./cmd/kubectl)
  mv "$tmpbin/kube-apiserver" "$tmpbin/kube-controller-manager" "$tmpbin/kubectl" "$bin/"
  etcd_version=$(sed -n -E 's#^\s*go\.etcd\.io/etcd/server/v3 (v[0-9.]+).*#\1#p' "$src/go.mod")
  echo "$etcd_version" > "$cache/etcd-version"
  rm -rf "$cache/src/kubernetes"
fi

if [ ! -x "$bin/etcd" ]; then
  etcd_version=$(cat "$cache/etcd-version")
  echo "validate:cluster: building etcd $etcd_version" >&2
  src="$cache/src/etcd"
  rm -rf "$src" && mkdir -p "$src"
  cat > "$src/main.go" <<'GO'
// etcd's own entry point (go.etcd.io/etcd/v3's main.go calls the same function).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "$src" && go mod init etcd-for-validation > /dev/null 2>&1 && go get "go.etcd.io/etcd/server/v3@$etcd_version" > /dev/null 2>&1 \
     && go mod tidy > /dev/null 2>&1 && go build -trimpath -ldflags "-s -w" -o "$tmpbin/etcd" .)
  mv "$tmpbin/etcd" "$bin/etcd"
  rm -rf "$src"
fi

if [ ! -x "$bin/helm" ]; then
  echo "validate:cluster: building helm $HELM_VERSION" >&2
  src="$cache/src/helm"
  writable_copy "$(module_dir "helm.sh/helm/v3@$HELM_VERSION")" "$src"
  (cd "$src" && go build -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" -o "$tmpbin/helm" ./cmd/helm)
  mv "$tmpbin/helm" "$bin/helm"
  rm -rf "$src"
fi
rm -rf "$tmpbin"
echo "$cache"
