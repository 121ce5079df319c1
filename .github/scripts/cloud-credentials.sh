#!/usr/bin/env bash
# Decides whether a job can reach a stack: its state backend and the OIDC federation settings of
# every cloud it must log in to (no long-lived cloud keys: only role/identity names, which are not
# secrets). The clouds are the stack's own and the state backend's, which may differ (an Azure stack
# whose state is in S3 logs in to both).
#   usage: cloud-credentials.sh <aws|azure|gcp> [--require]
# Reads PULUMI_ACCESS_TOKEN / PULUMI_BACKEND_URL, AZURE_STORAGE_ACCOUNT and the clouds' variables
# from the environment. Writes to $GITHUB_OUTPUT: ok=true|false, then aws=, azure=, gcp= (true for
# each cloud the job must log in to).
# Without --require a missing setting is a notice (previews and drift checks skip the stack);
# with it, an error (a deployment must never skip silently).
set -euo pipefail
cloud="${1:?usage: cloud-credentials.sh <aws|azure|gcp> [--require]}"
mode="${2:-}"
out="${GITHUB_OUTPUT:-/dev/stdout}"
backend="${PULUMI_BACKEND_URL:-}"
missing=()
case "$cloud" in
    aws | azure | gcp) ;;
    *)
        echo "::error::cloud-credentials.sh: unknown cloud '$cloud' (expected aws, azure or gcp)"
        exit 2
        ;;
esac
declare -A login=([aws]=false [azure]=false [gcp]=false)
login[$cloud]=true
case "$backend" in
    "")
        [ -n "${PULUMI_ACCESS_TOKEN:-}" ] || missing+=("secret PULUMI_ACCESS_TOKEN (Pulumi Cloud) or variable PULUMI_BACKEND_URL (s3://, azblob://, gs://)")
        ;;
    https://* | http://*)
        # A self-hosted Pulumi Cloud: a token as well.
        [ -n "${PULUMI_ACCESS_TOKEN:-}" ] || missing+=("secret PULUMI_ACCESS_TOKEN for the backend $backend")
        ;;
    s3://*) login[aws]=true ;;
    azblob://*)
        login[azure]=true
        [ -n "${AZURE_STORAGE_ACCOUNT:-}" ] || [[ "$backend" == *storage_account=* ]] || missing+=("variable AZURE_STORAGE_ACCOUNT (the azblob:// backend's storage account)")
        ;;
    gs://*) login[gcp]=true ;;
    file://*)
        echo "::error::PULUMI_BACKEND_URL is $backend: a CI runner starts empty, so a file:// backend holds no state there; use Pulumi Cloud, s3://, azblob:// or gs://"
        exit 2
        ;;
    *)
        echo "::error::PULUMI_BACKEND_URL '$backend' is not a backend URL (expected s3://, azblob://, gs:// or https://)"
        exit 2
        ;;
esac
[ "${login[aws]}" = true ] && need_aws=(AWS_ROLE_ARN AWS_REGION) || need_aws=()
[ "${login[azure]}" = true ] && need_azure=(AZURE_CLIENT_ID AZURE_TENANT_ID AZURE_SUBSCRIPTION_ID) || need_azure=()
[ "${login[gcp]}" = true ] && need_gcp=(GCP_WORKLOAD_IDENTITY_PROVIDER GCP_SERVICE_ACCOUNT) || need_gcp=()
for name in "${need_aws[@]}" "${need_azure[@]}" "${need_gcp[@]}"; do
    [ -n "${!name:-}" ] || missing+=("variable $name")
done
if [ "${#missing[@]}" -eq 0 ]; then
    {
        echo "ok=true"
        echo "aws=${login[aws]}"
        echo "azure=${login[azure]}"
        echo "gcp=${login[gcp]}"
    } >>"$out"
    exit 0
fi
echo "ok=false" >>"$out"
message="no credentials for this $cloud stack: set $(IFS=,; echo "${missing[*]}" | sed 's/,/, /g') in its GitHub Environment (see docs/operations.md#secrets-and-variables)"
if [ "$mode" = "--require" ]; then
    echo "::error::$message"
    exit 1
fi
echo "::notice::skipped: $message"
