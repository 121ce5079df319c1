#!/usr/bin/env bash
# Builds the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3, the version in .pulumi.version), a minimal
# Node.js language host (our own, cli/cmd/nodejs-langhost: the upstream one is refused by the Go
# module proxy) and the Pulumi Kubernetes provider (github.com/pulumi/pulumi-kubernetes/provider/v4,
# the only version the proxy serves) from the Go modules beside this script, into the gitignored
# cache folder .cache/conformance/pulumi-bin/ at the repo root:
#
#   pulumi                       the CLI
#   pulumi-language-nodejs       the language host (found by the CLI on $PATH)
#   pulumi-resource-kubernetes   the provider (used by the CLI from $PATH, as an ambient plugin)
#
# It rebuilds only when the pins change: the stamp is a hash of both modules' go.mod and go.sum,
# our Go sources, this script and the Go version. Without Go or Node it says so in one line and
# exits 0. See docs/pulumi-from-source.md for what the proxy serves and refuses.
#
#   bash conformance/pulumi/build.sh          # build if needed
#   bash conformance/pulumi/build.sh --force  # rebuild even if the stamp matches
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PULUMI_BIN_DIR:-$root/.cache/conformance/pulumi-bin}"
force=0
[[ "${1:-}" == "--force" ]] && force=1

for tool in go node; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "pulumi build: skipped, $tool is not installed"
    exit 0
  fi
done

export GOTOOLCHAIN=local
# The go.sum files are committed: a build never rewrites them, it fails if a pin is missing.
export GOFLAGS="${GOFLAGS:-} -mod=readonly"

stamp="$( {
  cat "$here/build.sh" "$here/cli/go.mod" "$here/cli/go.sum" "$here/provider/go.mod" "$here/provider/go.sum"
  find "$here/cli/cmd" "$here/provider/cmd" -name '*.go' ! -name '*_test.go' | LC_ALL=C sort | xargs cat
  go version
} | sha256sum | cut -d' ' -f1)"
bins=(pulumi pulumi-language-nodejs pulumi-resource-kubernetes)
up_to_date=1
for b in "${bins[@]}"; do [[ -x "$bin/$b" ]] || up_to_date=0; done
if [[ $force == 0 && $up_to_date == 1 && -f "$bin/.stamp" && "$(cat "$bin/.stamp")" == "$stamp" ]]; then
  echo "pulumi build: up to date ($bin, pins unchanged)"
  exit 0
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-bin.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
step=$start
took() { local now; now=$(date +%s); echo "pulumi build: $1 took $((now - step)) s"; step=$now; }

# The CLI and the language host: one module, pinned to the CLI version.
cd "$here/cli"
cli_version="$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)"
echo "pulumi build: go mod download (pulumi/pkg/v3 $cli_version)"
go mod download
took "download"
echo "pulumi build: compiling pulumi $cli_version and pulumi-language-nodejs (cold: many minutes on 2 cores)"
go build -trimpath -o "$tmp/pulumi" \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$cli_version" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
go build -trimpath -o "$tmp/pulumi-language-nodejs" \
  -ldflags "-s -w -X main.version=${cli_version#v}" \
  ./cmd/nodejs-langhost
took "compiling the CLI and the language host"

# The provider: its own module, so that its dependency graph (Kubernetes client libraries, Helm)
# is exactly the upstream one and does not mix with the CLI's.
cd "$here/provider"
provider_version="$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi-kubernetes/provider/v4)"
provider_version="${provider_version#v}"
echo "pulumi build: go mod download (pulumi-kubernetes/provider/v4 $provider_version)"
go mod download
took "download"
# Upstream's release build generates the two embedded files (go generate); they are not in the
# module zip. Write them from the module's schema.json and terraform-mapping.json, with the
# schema's version set to the provider's, and hand them to the compiler through -overlay.
src="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)/cmd/pulumi-resource-kubernetes"
node -e '
  const fs = require("fs");
  const [src, out, version] = process.argv.slice(1);
  const schema = JSON.parse(fs.readFileSync(`${src}/schema.json`, "utf8"));
  schema.version = version;
  fs.writeFileSync(`${out}/schema-embed.json`, JSON.stringify(schema));
  const mapping = JSON.parse(fs.readFileSync(`${src}/terraform-mapping.json`, "utf8"));
  fs.writeFileSync(`${out}/terraform-mapping-embed.json`, JSON.stringify(mapping));
' "$src" "$tmp" "$provider_version"
cmd="$here/provider/cmd/pulumi-resource-kubernetes"
cat > "$tmp/overlay.json" <<EOF
{"Replace": {
  "$cmd/schema-embed.json": "$tmp/schema-embed.json",
  "$cmd/terraform-mapping-embed.json": "$tmp/terraform-mapping-embed.json"
}}
EOF
echo "pulumi build: compiling pulumi-resource-kubernetes $provider_version"
go build -trimpath -overlay "$tmp/overlay.json" -o "$tmp/pulumi-resource-kubernetes" \
  -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$provider_version" \
  ./cmd/pulumi-resource-kubernetes
took "compiling the provider"

mkdir -p "$bin"
for b in "${bins[@]}"; do mv -f "$tmp/$b" "$bin/"; done
echo "$stamp" > "$bin/.stamp"
end=$(date +%s)
echo "pulumi build: done in $((end - start)) s into $bin"
