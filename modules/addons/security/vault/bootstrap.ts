/**
 * The Vault-side setup the platform declares: the audit device, the Kubernetes auth method and the
 * snapshot CronJob's policy and role. Vault offers no way to declare these in its server
 * configuration, and they need a token that exists only after the one-time `vault operator init`;
 * so they are data here, rendered into a ConfigMap that the Vault servers mount, with an idempotent
 * script an operator runs once after init (and again after a change):
 *
 *     kubectl -n vault exec -ti vault-0 -- sh /vault/userconfig/vault-bootstrap/configure.sh
 *
 * The script asks for a token (never on the command line, never stored). Pure.
 */
import { bootstrapDir } from "./config";

/** The Kubernetes auth method's mount path. */
export const kubernetesAuthPath = "kubernetes";
/** The audit device's path: Vault's file device writing to stdout, which the cluster's log agent ships with the pod's logs. */
export const auditDevicePath = "stdout";
/** The audience the snapshot job's projected token carries and its Vault role requires. */
export const vaultTokenAudience = "vault";

/** What the snapshot job may do in Vault, and who may act as it. */
export interface SnapshotIdentity {
    /** Vault policy and Kubernetes auth role name. */
    name: string;
    /** The job's Kubernetes service account and namespace: the role is bound to exactly them. */
    serviceAccount: string;
    namespace: string;
}

/** The snapshot policy: read a Raft snapshot, nothing else (no secret, no sys/ write). */
export function snapshotPolicy(): string {
    return ["# Raft snapshots for the platform's backup CronJob: read only.", 'path "sys/storage/raft/snapshot" {', '  capabilities = ["read"]', "}", ""].join(
        "\n",
    );
}

/** The `vault write auth/kubernetes/role/<name>` arguments: bound to one service account, short-lived token, only its policy. */
export function snapshotRoleArgs(id: SnapshotIdentity): string[] {
    return [
        `bound_service_account_names=${id.serviceAccount}`,
        `bound_service_account_namespaces=${id.namespace}`,
        `audience=${vaultTokenAudience}`,
        `token_policies=${id.name}`,
        "token_no_default_policy=true",
        "token_ttl=10m",
        "token_max_ttl=15m",
    ];
}

/** The file name of the snapshot policy in the ConfigMap. */
export function policyFile(id: SnapshotIdentity): string {
    return `${id.name}.hcl`;
}

/** The idempotent setup script (POSIX sh, run inside a Vault server pod with VAULT_ADDR and VAULT_CACERT set by the chart). */
export function configureScript(id: SnapshotIdentity): string {
    return [
        "#!/bin/sh",
        "# The platform's Vault-side setup (modules/addons/security/vault/bootstrap.ts). Idempotent: run it once",
        "# after `vault operator init`, and again after a platform change to this file.",
        "set -eu",
        'if [ -z "${VAULT_TOKEN:-}" ]; then',
        "  printf 'Vault token with sudo on sys/ (the initial root token, then an admin token): ' >&2",
        "  stty -echo 2>/dev/null || true",
        "  read -r VAULT_TOKEN",
        "  stty echo 2>/dev/null || true",
        "  printf '\\n' >&2",
        "  export VAULT_TOKEN",
        "fi",
        "",
        "# 1. The audit device: every request and response, HMAC'd, as JSON lines on the server's stdout.",
        `if ! vault audit list -format=json | grep -q '"${auditDevicePath}/"'; then`,
        `  vault audit enable -path=${auditDevicePath} -description="platform audit log (stdout, shipped by the log agent)" file file_path=stdout log_raw=false`,
        "fi",
        "",
        "# 2. The Kubernetes auth method; Vault reviews tokens with its own service account (system:auth-delegator).",
        `if ! vault auth list -format=json | grep -q '"${kubernetesAuthPath}/"'; then`,
        `  vault auth enable -path=${kubernetesAuthPath} kubernetes`,
        "fi",
        `vault write auth/${kubernetesAuthPath}/config kubernetes_host="https://\${KUBERNETES_SERVICE_HOST}:\${KUBERNETES_SERVICE_PORT}"`,
        "",
        "# 3. The snapshot CronJob's policy and role.",
        `vault policy write ${id.name} ${bootstrapDir}/${policyFile(id)}`,
        `vault write auth/${kubernetesAuthPath}/role/${id.name} \\`,
        ...snapshotRoleArgs(id).map((a, i, all) => `  ${a}${i < all.length - 1 ? " \\" : ""}`),
        "",
        `echo "platform Vault setup applied: audit device ${auditDevicePath}/, auth/${kubernetesAuthPath}, policy and role ${id.name}"`,
        "",
    ].join("\n");
}

/** The ConfigMap data: the script and the policy it writes. */
export function bootstrapFiles(id: SnapshotIdentity): Record<string, string> {
    return { "configure.sh": configureScript(id), [policyFile(id)]: snapshotPolicy() };
}
