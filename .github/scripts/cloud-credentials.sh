#!/usr/bin/env bash
# Decides whether a job can reach a stack: a Pulumi backend (PULUMI_ACCESS_TOKEN secret or
# PULUMI_BACKEND_URL variable) and the OIDC federation settings of the stack's cloud (no long-lived
# cloud keys: only role/identity names, which are not secrets). Writes ok=true|false to $GITHUB_OUTPUT.
#   usage: cloud-credentials.sh <aws|azure|gcp> [--require]
# Without --require a missing setting is a notice (previews and drift checks skip the stack);
# with it, an error (a deployment must never skip silently).
set -euo pipefail
cloud="${1:?usage: cloud-credentials.sh <aws|azure|gcp> [--require]}"
mode="${2:-}"
out="${GITHUB_OUTPUT:-/dev/stdout}"
missing=()
if [ -z "${PULUMI_ACCESS_TOKEN:-}" ] && [ -z "${PULUMI_BACKEND_URL:-}" ]; then
    missing+=("secret PULUMI_ACCESS_TOKEN or variable PULUMI_BACKEND_URL")
fi
case "$cloud" in
    aws) need=(AWS_ROLE_ARN AWS_REGION) ;;
    azure) need=(AZURE_CLIENT_ID AZURE_TENANT_ID AZURE_SUBSCRIPTION_ID) ;;
    gcp) need=(GCP_WORKLOAD_IDENTITY_PROVIDER GCP_SERVICE_ACCOUNT) ;;
    *)
        echo "::error::cloud-credentials.sh: unknown cloud '$cloud' (expected aws, azure or gcp)"
        exit 2
        ;;
esac
for name in "${need[@]}"; do
    [ -n "${!name:-}" ] || missing+=("variable $name")
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "ok=true" >>"$out"
    exit 0
fi
echo "ok=false" >>"$out"
message="no credentials for this $cloud stack: set $(IFS=,; echo "${missing[*]}" | sed 's/,/, /g') (see docs/operations.md#bootstrapping-a-new-environment)"
if [ "$mode" = "--require" ]; then
    echo "::error::$message"
    exit 1
fi
echo "::notice::skipped: $message"
