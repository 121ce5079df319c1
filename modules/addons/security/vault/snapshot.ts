/**
 * Vault's scheduled Raft snapshots, as data: a CronJob whose pod logs in to Vault through the
 * Kubernetes auth method (a projected token for the audience `vault`, the role of bootstrap.ts),
 * saves a snapshot, then either uploads it with rclone to the stack's bucket (the cluster's
 * `objectStore`, with the job's own cloud identity) and prunes snapshots older than the retention,
 * or, on a cluster with no object store, keeps it on a volume and prunes there. Pruning runs only
 * after a new snapshot was stored, so a failing job never deletes the last good snapshots. Pure.
 */
import { restrictedContainer } from "../../workload-defaults";
import { tlsSecretName } from "./config";
import { vaultTokenAudience } from "./bootstrap";

/** Images the CronJob runs (repository before the air-gap mapping, and tag). */
export const snapshotImages = {
    /** The Vault CLI: the chart 0.34.1 server image (appVersion 2.0.4). */
    vault: { repository: "hashicorp/vault", tag: "2.0.4" },
    /** rclone: one client for S3 (IRSA/Pod Identity), Azure Blob (Workload Identity) and GCS (GKE Workload Identity). */
    rclone: { repository: "rclone/rclone", tag: "1.75.0" },
} as const;

/** The folder (S3/GCS prefix, Blob virtual folder) snapshots are stored under. */
export const snapshotPrefix = "vault-snapshots";

/** Where snapshots go: the stack's bucket through rclone, or a volume in the cluster. */
export type SnapshotTarget =
    | {
          kind: "objectStore";
          /** rclone's on-the-fly remote and path (`:s3:<bucket>/vault-snapshots`). */
          remote: string;
          /** rclone backend settings as environment variables (no credential: the pod's identity). */
          env: Record<string, string>;
      }
    | { kind: "volume"; claimName: string };

/** A bucket as the cluster's object store describes it (`ObjectStore.kind` and its objstore configuration). */
export interface BucketDescription {
    kind: "s3" | "azure" | "gcs";
    bucket: string;
    objstoreConfig: Record<string, unknown>;
}

/** rclone's remote and settings for a bucket of the cluster's object store, authenticated by the pod's workload identity. */
export function rcloneTarget(b: BucketDescription): Extract<SnapshotTarget, { kind: "objectStore" }> {
    const config = (b.objstoreConfig.config ?? {}) as Record<string, unknown>;
    switch (b.kind) {
        case "s3": {
            const sse = (config.sse_config ?? {}) as { type?: string; kms_key_id?: string };
            const kms: Record<string, string> =
                sse.type === "SSE-KMS" && sse.kms_key_id ? { RCLONE_S3_SERVER_SIDE_ENCRYPTION: "aws:kms", RCLONE_S3_SSE_KMS_KEY_ID: sse.kms_key_id } : {};
            return {
                kind: "objectStore",
                remote: `:s3:${b.bucket}/${snapshotPrefix}`,
                env: {
                    RCLONE_S3_PROVIDER: "AWS",
                    RCLONE_S3_ENV_AUTH: "true",
                    RCLONE_S3_REGION: String(config.region ?? ""),
                    RCLONE_S3_NO_CHECK_BUCKET: "true",
                    ...kms,
                },
            };
        }
        case "azure":
            return {
                kind: "objectStore",
                remote: `:azureblob:${b.bucket}/${snapshotPrefix}`,
                env: {
                    RCLONE_AZUREBLOB_ACCOUNT: String(config.storage_account ?? ""),
                    RCLONE_AZUREBLOB_ENV_AUTH: "true",
                    RCLONE_AZUREBLOB_NO_CHECK_CONTAINER: "true",
                },
            };
        case "gcs":
            return {
                kind: "objectStore",
                remote: `:gcs:${b.bucket}/${snapshotPrefix}`,
                env: { RCLONE_GCS_ENV_AUTH: "true", RCLONE_GCS_BUCKET_POLICY_ONLY: "true" },
            };
    }
}

export interface SnapshotJobInput {
    namespace: string;
    name: string;
    serviceAccount: string;
    /** The Vault role (bootstrap.ts) the job logs in as. */
    vaultRole: string;
    /** The active server's address (https, the certificate's name). */
    vaultAddress: string;
    schedule: string;
    retentionDays: number;
    /** Size limit of the scratch volume holding one snapshot before upload (the Raft data size). */
    scratchSize: string;
    target: SnapshotTarget;
    /** Image references after the air-gap mapping (repository:tag). */
    images: { vault: string; rclone: string };
    /** Pod labels (the identity binder's, such as Azure's `azure.workload.identity/use`). */
    podLabels: Record<string, string>;
    priorityClassName?: string;
}

const snapshotsDir = "/snapshots";
const tokenDir = "/var/run/secrets/vault";
const caDir = "/vault/tls";
/** A non-root user of the restricted level; the scratch and snapshot volumes are writable through fsGroup. */
const uid = 65532;

/** The shell of the snapshot step: log in with the projected token, save a snapshot named by its UTC time. */
export function snapshotCommand(role: string): string {
    return [
        "set -eu",
        `VAULT_TOKEN=$(vault write -field=token auth/kubernetes/login role=${role} jwt=@${tokenDir}/token)`,
        "export VAULT_TOKEN",
        `file=${snapshotsDir}/vault-$(date -u +%Y%m%dT%H%M%SZ).snap`,
        'vault operator raft snapshot save "$file"',
        'test -s "$file"',
        'echo "saved $file"',
    ].join("\n");
}

/** Upload then prune (rclone), or prune the volume: only after a snapshot was stored. */
export function storeCommand(target: SnapshotTarget, retentionDays: number): string {
    if (target.kind === "objectStore") {
        return [
            "set -eu",
            `rclone copy ${snapshotsDir} ${target.remote} --include 'vault-*.snap' --immutable`,
            `rclone delete ${target.remote} --include 'vault-*.snap' --min-age ${retentionDays}d`,
            `rclone lsf ${target.remote} --include 'vault-*.snap'`,
        ].join("\n");
    }
    return ["set -eu", `find ${snapshotsDir} -name 'vault-*.snap' -type f -mtime +${retentionDays} -print -delete`, `ls -l ${snapshotsDir}`].join("\n");
}

/** The CronJob (batch/v1) spec: restricted Pod Security, no API token, one run at a time. */
export function snapshotCronJob(o: SnapshotJobInput): Record<string, unknown> {
    const container = { ...restrictedContainer(), runAsUser: uid, runAsGroup: uid };
    const resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } };
    const env = (extra: Record<string, string>) => Object.entries({ HOME: "/tmp", ...extra }).map(([name, value]) => ({ name, value }));
    const scratch = { name: "snapshots", mountPath: snapshotsDir };
    const tmp = { name: "tmp", mountPath: "/tmp" };
    const snapshot = {
        name: "snapshot",
        image: o.images.vault,
        command: ["/bin/sh", "-c", snapshotCommand(o.vaultRole)],
        env: env({ VAULT_ADDR: o.vaultAddress, VAULT_CACERT: `${caDir}/ca.crt` }),
        securityContext: container,
        resources,
        volumeMounts: [scratch, tmp, { name: "vault-token", mountPath: tokenDir, readOnly: true }, { name: "vault-ca", mountPath: caDir, readOnly: true }],
    };
    const store =
        o.target.kind === "objectStore"
            ? {
                  name: "upload",
                  image: o.images.rclone,
                  command: ["/bin/sh", "-c", storeCommand(o.target, o.retentionDays)],
                  env: env({ RCLONE_CONFIG: "/tmp/rclone.conf", ...o.target.env }),
              }
            : { name: "prune", image: o.images.vault, command: ["/bin/sh", "-c", storeCommand(o.target, o.retentionDays)], env: env({}) };
    const volumes: Record<string, unknown>[] = [
        o.target.kind === "objectStore"
            ? { name: "snapshots", emptyDir: { sizeLimit: o.scratchSize } }
            : { name: "snapshots", persistentVolumeClaim: { claimName: o.target.claimName } },
        { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
        { name: "vault-token", projected: { sources: [{ serviceAccountToken: { audience: vaultTokenAudience, expirationSeconds: 600, path: "token" } }] } },
        // Only the CA of Vault's certificate, never its private key.
        { name: "vault-ca", secret: { secretName: tlsSecretName, items: [{ key: "ca.crt", path: "ca.crt" }] } },
    ];
    const labels = { "app.kubernetes.io/name": o.name, "app.kubernetes.io/component": "backup", "app.kubernetes.io/part-of": "vault" };
    return {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: o.name, namespace: o.namespace, labels },
        spec: {
            schedule: o.schedule,
            timeZone: "Etc/UTC",
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 3600,
            successfulJobsHistoryLimit: 3,
            failedJobsHistoryLimit: 3,
            jobTemplate: {
                metadata: { labels },
                spec: {
                    backoffLimit: 2,
                    activeDeadlineSeconds: 1800,
                    template: {
                        metadata: { labels: { ...labels, ...o.podLabels } },
                        spec: {
                            serviceAccountName: o.serviceAccount,
                            automountServiceAccountToken: false,
                            restartPolicy: "Never",
                            ...(o.priorityClassName ? { priorityClassName: o.priorityClassName } : {}),
                            securityContext: { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } },
                            initContainers: [snapshot],
                            containers: [{ ...store, securityContext: container, resources, volumeMounts: [scratch, tmp] }],
                            volumes,
                        },
                    },
                },
            },
        },
    };
}
