#!/usr/bin/env bash
# Runs a real `pulumi preview --policy-pack policy-pack` of a stack against a Kubernetes API server,
# with the binaries that build.sh makes from Go modules and a throwaway local file backend.
#
#   bash conformance/pulumi/preview.sh --kubeconfig FILE [--context NAME] [--stack local]
#
# The stack must adopt an existing cluster (cluster.cloud: existing). The run happens in a temporary
# copy of the repo (node_modules linked, not copied), because `pulumi stack init` writes an
# encryption salt into the stack file and the kubeconfig override is written there too; the copy, the
# state and the plugin home are removed on exit. The policy pack gets the config of the stack's
# environment (policy-pack/config/<platform:environment>.json), as docs/operations.md runs it.
# Helm releases whose chart lives in a remote repository fail here (no network but package
# registries): see docs/pulumi-from-source.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PULUMI_BIN_DIR:-$root/.cache/conformance/pulumi-bin}"
stack=local kubeconfig="" context=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kubeconfig) kubeconfig="${2:?--kubeconfig needs a file}"; shift 2 ;;
    --context) context="${2:?--context needs a name}"; shift 2 ;;
    --stack) stack="${2:?--stack needs a name}"; shift 2 ;;
    *) echo "pulumi preview: unknown argument '$1' (use --kubeconfig FILE [--context NAME] [--stack NAME])" >&2; exit 2 ;;
  esac
done
[[ -n "$kubeconfig" && -f "$kubeconfig" ]] || { echo "pulumi preview: --kubeconfig must name an existing file" >&2; exit 2; }
kubeconfig="$(cd "$(dirname "$kubeconfig")" && pwd)/$(basename "$kubeconfig")"
stack_file="$root/stacks/Pulumi.$stack.yaml"
[[ -f "$stack_file" ]] || { echo "pulumi preview: no stack file $stack_file" >&2; exit 2; }
[[ -d "$root/node_modules/@pulumi/pulumi" ]] || { echo "pulumi preview: run npm ci first (no node_modules/@pulumi/pulumi)" >&2; exit 2; }

bash "$here/build.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-preview.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo" "$work/state" "$work/home"
tar -C "$root" --exclude=./node_modules --exclude=./.git --exclude=./.cache -cf - . | tar -C "$work/repo" -xf -
ln -s "$root/node_modules" "$work/repo/node_modules"

export PATH="$bin:$PATH"
export PULUMI_HOME="$work/home" PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE="preview-only-$RANDOM$RANDOM"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

cd "$work/repo"
environment="$(node -e '
  const { parse } = require("yaml");
  const doc = parse(require("fs").readFileSync(process.argv[1], "utf8")) ?? {};
  process.stdout.write(String(doc.config?.["platform:environment"] ?? ""));
' "$stack_file")"
[[ -f "policy-pack/config/$environment.json" ]] || { echo "pulumi preview: stack $stack has platform:environment '$environment', no policy-pack/config/$environment.json" >&2; exit 2; }

pulumi --non-interactive stack init "$stack" >/dev/null
pulumi --non-interactive config set --stack "$stack" --path platform:cluster.kubeconfig "$kubeconfig"
[[ -n "$context" ]] && pulumi --non-interactive config set --stack "$stack" --path platform:cluster.context "$context"
echo "pulumi preview: stack $stack, environment $environment, kubeconfig $kubeconfig${context:+, context $context}"
pulumi preview --stack "$stack" --non-interactive \
  --policy-pack policy-pack --policy-pack-config "policy-pack/config/$environment.json"
