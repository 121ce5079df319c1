#!/usr/bin/env bash
# Builds the local control plane of the conformance suite (kube-apiserver, etcd, and kube-controller-manager,
# which runs only the ValidatingAdmissionPolicy type-checking controller) from the Go
# module beside this script, into the gitignored cache folder .cache/conformance/bin/ at the repo
# root. It rebuilds only when the pins change: the stamp is a hash of go.mod, go.sum, the etcd
# wrapper and the Go version. Without Go it says so in one line and exits 0 (the suite then skips).
#
#   bash conformance/build.sh          # build if needed
#   bash conformance/build.sh --force  # rebuild even if the stamp matches
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
bin="${CONFORMANCE_BIN_DIR:-$root/.cache/conformance/bin}"
force=0
[[ "${1:-}" == "--force" ]] && force=1

if ! command -v go >/dev/null 2>&1; then
  echo "conformance build: skipped, Go is not installed (the conformance suite will skip too)"
  exit 0
fi

export GOTOOLCHAIN=local
# The go.sum is committed: a build never rewrites it, it fails if a pin is missing. No VCS stamping:
# the binaries depend on the pins only, not on the checkout.
export GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false"

stamp="$( { cat "$here/go.mod" "$here/go.sum" "$here/cmd/etcd/main.go"; go version; } | sha256sum | cut -d' ' -f1)"
if [[ $force == 0 && -x "$bin/kube-apiserver" && -x "$bin/kube-controller-manager" && -x "$bin/etcd" && -f "$bin/.stamp" && "$(cat "$bin/.stamp")" == "$stamp" ]]; then
  echo "conformance build: up to date ($bin, pins unchanged)"
  exit 0
fi

cd "$here"
k8s_version="$(go list -m -f '{{.Version}}' k8s.io/kubernetes)" # e.g. v1.35.4
major="${k8s_version#v}"; major="${major%%.*}"
minor="${k8s_version#v*.}"; minor="${minor%%.*}"
ldflags="-s -w"
for kv in "gitVersion=$k8s_version" "gitMajor=$major" "gitMinor=$minor" "gitTreeState=clean"; do
  ldflags+=" -X k8s.io/component-base/version.$kv"
done

start=$(date +%s)
echo "conformance build: go mod download (k8s.io/kubernetes $k8s_version and its staging modules)"
go mod download
mid=$(date +%s)
echo "conformance build: compiling kube-apiserver, kube-controller-manager and etcd into $bin (cold: many minutes on 2 cores)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/conformance-bin.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
go build -trimpath -ldflags="$ldflags" -o "$tmp/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager ./cmd/etcd
mkdir -p "$bin"
mv -f "$tmp/kube-apiserver" "$tmp/kube-controller-manager" "$tmp/etcd" "$bin/"
echo "$stamp" > "$bin/.stamp"
end=$(date +%s)
echo "conformance build: done in $((end - start)) s (download $((mid - start)) s, compile $((end - mid)) s)"
