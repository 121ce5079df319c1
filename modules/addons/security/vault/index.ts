/**
 * HashiCorp Vault: HA with integrated Raft storage, TLS from cert-manager's internal CA, auto-unseal
 * with a key the stack creates in the cloud's KMS (through the cluster's workload identity), or
 * Shamir on an existing cluster (init steps in docs/operations.md); the agent injector, a
 * PodDisruptionBudget over serving voters, zone and node spread, the declared Vault-side setup
 * (audit device, Kubernetes auth, the snapshot role: bootstrap.ts) and scheduled Raft snapshots to
 * a bucket the stack creates (snapshot.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { CronJob, CronJobArgs } from "@pulumi/kubernetes/batch/v1";
import { ConfigMap, Namespace, PersistentVolumeClaim, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { ManagedKey, ObjectStore } from "../../../cluster/contract";
import type { SecurityConfig } from "../../../config/sections/security";
import { defineAddon, requires, uses } from "../../addon";
import type { AddonContext } from "../../context";
import { ChartIdentityRequest, HelmAddon, Scraping } from "../../helm";
import { observability } from "../../observability";
import { certManager, CertManagerOutputs } from "../cert-manager";
import { issuerNames } from "../cert-manager/issuers";
import { vaultCertificate } from "./certificate";
import { bootstrapConfigMap, vaultServerConfig } from "./config";
import { bootstrapFiles, SnapshotIdentity } from "./bootstrap";
import { Seal, sealType, unsealMode } from "./seal";
import { rcloneTarget, snapshotCronJob, snapshotImages, SnapshotTarget } from "./snapshot";
import { vaultValues } from "./values";

export { vaultServerConfig, retryJoins, tlsDir, tlsSecretName } from "./config";
export { sealStanza, sealType, unsealMode } from "./seal";
export { vaultValues, vaultReadinessPath, vaultPodLabels, readinessPath, servingReadinessPath } from "./values";
export { vaultCertificate } from "./certificate";
export * from "./bootstrap";
export * from "./snapshot";

export const vaultNamespace = "vault";
const releaseName = "vault";
const serviceAccountName = "vault";
/** The snapshot CronJob: its name, service account, Vault policy and role. */
export const snapshotIdentity: SnapshotIdentity = { name: "vault-snapshot", serviceAccount: "vault-snapshot", namespace: vaultNamespace };

export interface VaultArgs {
    context: AddonContext;
    settings: SecurityConfig["vault"];
    /** cert-manager issues Vault's TLS certificate from the internal CA. */
    certManager: CertManagerOutputs;
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
}

export class Vault extends pulumi.ComponentResource {
    readonly chart: HelmAddon;
    readonly release: Release;
    readonly namespace: Namespace;
    /** How the servers unseal: the cloud key's seal, or Shamir (undefined). */
    readonly seal: Seal;
    /** The KMS key the stack created for auto-unseal (absent with Shamir). */
    readonly unsealKey?: ManagedKey;
    /** In-cluster address of the active server. */
    readonly address: string;
    /** Where scheduled snapshots go: the stack's bucket, a volume, or nowhere (switched off). */
    readonly snapshots: {
        target: "objectStore" | "volume" | "disabled";
        /** Bucket (S3, GCS) or Blob container (Azure) holding the snapshots under `vault-snapshots/`. */
        bucket?: pulumi.Output<string>;
        /** Where the bucket is: the objstore configuration without credentials (Azure: the storage account). */
        location?: pulumi.Output<Record<string, unknown>>;
    };

    constructor(name: string, args: VaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:Vault", name, {}, opts);
        const { context, settings, certManager } = args;
        const cluster = context.cluster;
        const mode = unsealMode(settings.unseal, cluster.kms !== undefined);
        const child = { parent: this };

        const identities: ChartIdentityRequest[] = [];
        if (mode === "kms" && cluster.kms) {
            this.unsealKey = cluster.kms.createKey("vault-unseal", context.stateful({ parent: this }));
            this.seal = this.unsealKey.vaultSeal;
            identities.push({
                name: "vault-unseal",
                serviceAccount: serviceAccountName,
                permissions: this.unsealKey.encryptDecrypt,
                annotationsAt: "server.serviceAccount.annotations",
                podLabelsAt: "server.extraLabels",
            });
        }

        // Vault's data (Raft) lives in this namespace: protected in prod like the release.
        this.namespace = context.namespace(`${name}-namespace`, { name: vaultNamespace, podSecurity: "restricted" }, context.stateful(child));
        new CustomResource(`${name}-tls`, vaultCertificate(vaultNamespace, releaseName, issuerNames.internalCa), {
            parent: this,
            dependsOn: [certManager.release, certManager.internalCa, this.namespace],
        });
        // The declared Vault-side setup, mounted into the servers for the one-time configure step.
        const bootstrap = new ConfigMap(
            `${name}-bootstrap`,
            {
                metadata: { name: bootstrapConfigMap, namespace: vaultNamespace, labels: { "app.kubernetes.io/part-of": "vault" } },
                data: bootstrapFiles(snapshotIdentity),
            },
            { parent: this, dependsOn: [this.namespace] },
        );

        this.chart = new HelmAddon(
            `${name}-chart`,
            {
                context,
                settings,
                chart: "vault",
                namespace: { shared: this.namespace, name: vaultNamespace },
                values: vaultValues({
                    tier: context.tier,
                    releaseName,
                    replicas: settings.replicas,
                    storageSize: settings.storageSize,
                    auditStorageSize: settings.auditStorageSize,
                    ui: settings.ui,
                    injector: settings.injector,
                    config: vaultServerConfig({ replicas: settings.replicas, releaseName, seal: this.seal, ui: settings.ui }),
                    image: (ref) => context.image(ref),
                    serviceAccountName,
                }),
                defaultTimeoutSeconds: 900,
                crds: "none",
                releaseName,
                // Not the certificate: the servers' pods wait for the vault-tls Secret to mount (the
                // kubelet retries until cert-manager issues it, well inside the release's timeout),
                // so Vault installs alongside cert-manager instead of after it and its issuers.
                needs: [...(this.unsealKey?.resources ?? []), bootstrap],
                stateful: true,
                priorityClassAt: ["server.priorityClassName", "injector.priorityClassName"],
                scraping: args.scraping,
                identities,
                traffic: { clusterPorts: [8200], tenantPorts: [8200], webhookPorts: [8080], internetEgressPorts: [443] },
            },
            child,
        );
        this.release = this.chart.release;
        this.address = `https://${releaseName}-active.${vaultNamespace}.svc:8200`;
        this.snapshots = settings.snapshots.enabled ? this.scheduleSnapshots(name, context, settings) : { target: "disabled" };
        this.registerOutputs({ address: this.address, seal: sealType(this.seal), snapshots: this.snapshots.target });
    }

    /**
     * The snapshot CronJob, its service account and where it stores: a bucket from the cluster's
     * object store (private, versioned, encrypted, protected in prod; read/write on exactly it for
     * the job's cloud identity), or, on a cluster without one, a volume in Vault's namespace.
     */
    private scheduleSnapshots(name: string, context: AddonContext, settings: SecurityConfig["vault"]): Vault["snapshots"] {
        const s = settings.snapshots;
        const child = { parent: this };
        const objectStore = context.cluster.objectStore;
        const store: ObjectStore | undefined = objectStore?.create({ name: "vault-snapshots", protect: context.protect }, child);
        const bound = store
            ? context.cluster.identity.bind(
                  { name: "vault-snapshots", namespace: vaultNamespace, serviceAccount: snapshotIdentity.serviceAccount, permissions: store.readWrite },
                  child,
              )
            : undefined;
        const serviceAccount = new ServiceAccount(
            `${name}-snapshot-sa`,
            {
                metadata: { name: snapshotIdentity.serviceAccount, namespace: vaultNamespace, annotations: bound?.serviceAccountAnnotations ?? {} },
                automountServiceAccountToken: false,
            },
            { parent: this, dependsOn: [this.namespace, ...(bound?.resources ?? [])] },
        );
        const deps: pulumi.Resource[] = [serviceAccount, this.release, ...(store?.resources ?? []), ...(bound?.resources ?? [])];
        let target: pulumi.Output<SnapshotTarget>;
        if (store) {
            target = pulumi
                .all([store.bucket, store.objstoreConfig])
                .apply(([bucket, objstoreConfig]) => rcloneTarget({ kind: store.kind, bucket, objstoreConfig }));
        } else {
            // No object store in the stack (an existing cluster): a volume in Vault's namespace. It
            // survives the loss of Vault's pods and data volumes, not of the cluster: copy snapshots
            // off it (docs/operations.md). Not awaited: a WaitForFirstConsumer class binds it at the first run.
            const claim = new PersistentVolumeClaim(
                `${name}-snapshot-volume`,
                {
                    metadata: { name: "vault-snapshots", namespace: vaultNamespace, annotations: { "pulumi.com/skipAwait": "true" } },
                    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: s.volumeSize } } },
                },
                context.stateful({ parent: this, dependsOn: [this.namespace] }),
            );
            deps.push(claim);
            target = pulumi.output<SnapshotTarget>({ kind: "volume", claimName: "vault-snapshots" });
        }
        const image = (i: { repository: string; tag: string }) => `${context.image(i.repository)}:${i.tag}`;
        const priority = context.priorityClass;
        const spec = target.apply((t) =>
            snapshotCronJob({
                namespace: vaultNamespace,
                name: snapshotIdentity.name,
                serviceAccount: snapshotIdentity.serviceAccount,
                vaultRole: snapshotIdentity.name,
                vaultAddress: this.address,
                schedule: s.schedule,
                retentionDays: s.retentionDays,
                scratchSize: settings.storageSize,
                target: t,
                images: { vault: image(snapshotImages.vault), rclone: image(snapshotImages.rclone) },
                podLabels: bound?.podLabels ?? {},
                priorityClassName: priority?.name,
            }),
        );
        new CronJob(`${name}-snapshot`, spec as unknown as CronJobArgs, { parent: this, dependsOn: [...deps, ...(priority ? [priority.resource] : [])] });
        return store ? { target: "objectStore", bucket: store.bucket, location: store.objstoreConfig } : { target: "volume" };
    }
}

/** What Vault provides: its in-cluster address, how it unseals and where its snapshots go. */
export interface VaultOutputs {
    address: string;
    /** The seal type: the cloud's (`awskms`, `azurekeyvault`, `gcpckms`) or `shamir`. */
    seal: string;
    snapshots: Vault["snapshots"];
}

/** The Vault add-on: HA Vault on Raft, TLS from cert-manager, auto-unseal through the cloud's KMS. */
export const vault = defineAddon({
    id: "vault",
    area: "security",
    configPath: "security.vault.enabled",
    description: "HashiCorp Vault",
    enabled: (config) => config.security.enabled && config.security.vault.enabled,
    needs: { certManager: requires(certManager, "Vault's TLS certificate comes from cert-manager"), observability: uses(observability) },
    capabilities: (config) =>
        config.security.vault.unseal === "kms"
            ? [
                  {
                      capability: "kms",
                      path: "security.vault.unseal",
                      message: "'kms' needs a cloud cluster (an existing cluster has no KMS in the stack); use 'shamir' or 'auto'",
                  },
              ]
            : [],
    namespaces: () => [{ name: vaultNamespace, podSecurity: "restricted" }],
    install: (context, needs): VaultOutputs => {
        const v = new Vault("vault", {
            context,
            settings: context.config.security.vault,
            certManager: needs.certManager,
            scraping: needs.observability?.scraping,
        });
        return { address: v.address, seal: sealType(v.seal), snapshots: v.snapshots };
    },
    outputs: (provided) =>
        provided
            ? {
                  security: {
                      vault: {
                          address: provided.address,
                          seal: provided.seal,
                          snapshots: {
                              target: provided.snapshots.target,
                              ...(provided.snapshots.bucket ? { bucket: provided.snapshots.bucket, location: provided.snapshots.location } : {}),
                          },
                      },
                  },
              }
            : {},
});
