/**
 * Vault chart values (chart 0.34.1): HA Raft, TLS from cert-manager, audit storage, injector, PDB,
 * zone and node spread. Pure.
 *
 * Values paths read in the chart's templates at v0.34.1: `server.priorityClassName` and
 * `server.topologySpreadConstraints` (server-statefulset.yaml, `vault.topologySpreadConstraints`),
 * `injector.priorityClassName` and `injector.topologySpreadConstraints` (injector-deployment.yaml),
 * `server.readinessProbe.path` (an httpGet probe when set), `server.updateStrategyType`,
 * `server.extraVolumes` (type secret or configMap, mounted at /vault/userconfig/<name>).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Tier } from "../../../config";
import type { Values } from "../../values";
import { deploymentSpread, zoneAndNodeSpread } from "../placement";
import { bootstrapConfigMap, tlsDir, tlsSecretName } from "./config";

export interface VaultValuesInput {
    tier: Tier;
    replicas: number;
    storageSize: string;
    auditStorageSize: string;
    ui: boolean;
    injector: { enabled: boolean; replicas: number };
    /** The server configuration (HCL), with the seal stanza. */
    config: pulumi.Input<string>;
    /** Image repository mapper (air-gap). */
    image: (ref: string) => string;
    serviceAccountName: string;
    /** The Helm release name (the pods' `app.kubernetes.io/instance` label). */
    releaseName: string;
}

/**
 * Readiness outside prod: the health endpoint answers 204 (ready) for sealed and uninitialised
 * servers, so a dev cluster's Shamir-sealed Vault still has endpoints to unseal through.
 */
export const readinessPath = "/v1/sys/health?standbyok=true&sealedcode=204&uninitcode=204";

/**
 * Readiness in prod: only a server that serves is ready (active, or an unsealed standby). Sealed
 * (503) and uninitialised (501) servers are not ready, so the PodDisruptionBudget counts only
 * serving voters and a drain never takes the last one.
 */
export const servingReadinessPath = "/v1/sys/health?standbyok=true";

/** The readiness path for a tier. */
export function vaultReadinessPath(tier: Tier): string {
    return tier === "prod" ? servingReadinessPath : readinessPath;
}

/** The chart's server pod labels (server-statefulset.yaml) and injector pod labels (injector-deployment.yaml). */
export function vaultPodLabels(releaseName: string) {
    return {
        server: { "app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": releaseName, component: "server" },
        injector: { "app.kubernetes.io/name": "vault-agent-injector", "app.kubernetes.io/instance": releaseName, component: "webhook" },
    };
}

const podSecurity = { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } };
const containerSecurity = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };

export function vaultValues(o: VaultValuesInput): Values {
    const labels = vaultPodLabels(o.releaseName);
    return {
        global: { enabled: true, tlsDisable: false },
        injector: {
            enabled: o.injector.enabled,
            replicas: o.injector.replicas,
            image: { repository: o.image("hashicorp/vault-k8s") },
            agentImage: { repository: o.image("hashicorp/vault") },
            metrics: { enabled: true },
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
            securityContext: {
                pod: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
                container: { ...containerSecurity, readOnlyRootFilesystem: true },
            },
            podDisruptionBudget: o.injector.replicas > 1 ? { minAvailable: 1 } : {},
            topologySpreadConstraints: deploymentSpread(labels.injector, o.tier),
        },
        server: {
            image: { repository: o.image("hashicorp/vault") },
            resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "1Gi" } },
            dataStorage: { enabled: true, size: o.storageSize },
            auditStorage: { enabled: true, size: o.auditStorageSize },
            // The TLS Secret, and the declared Vault-side setup (auth method, policies, audit device)
            // the one-time bootstrap script applies (config.ts, docs/operations.md).
            extraVolumes: [
                { type: "secret", name: tlsSecretName },
                { type: "configMap", name: bootstrapConfigMap },
            ],
            extraEnvironmentVars: { VAULT_CACERT: `${tlsDir}/ca.crt` },
            // Annotations and pod labels (extraLabels), with auto-unseal: the unseal identity (HelmAddon identities).
            serviceAccount: { create: true, name: o.serviceAccountName },
            // Helm's wait skips a StatefulSet whose update strategy is not RollingUpdate, so the first
            // install completes before the one-time `vault operator init` even though no server is
            // ready yet. Upgrades: delete the standbys one by one, then the active (docs/operations.md).
            updateStrategyType: "OnDelete",
            // Prod: sealed or uninitialised servers are not ready (the PDB counts serving voters only).
            // Elsewhere they report ready, so a Shamir restart keeps its endpoints while being unsealed.
            readinessProbe: { enabled: true, path: vaultReadinessPath(o.tier) },
            // Raft voters on different nodes and zones; the chart's own required anti-affinity on the
            // node stays as well.
            topologySpreadConstraints: zoneAndNodeSpread(labels.server, o.tier),
            statefulSet: { securityContext: { pod: podSecurity, container: containerSecurity } },
            standalone: { enabled: false },
            ha: {
                enabled: true,
                replicas: o.replicas,
                raft: { enabled: true, setNodeId: true, config: o.config },
                disruptionBudget: { enabled: true, maxUnavailable: 1 },
            },
        },
        ui: { enabled: o.ui },
        csi: { enabled: false },
    };
}
