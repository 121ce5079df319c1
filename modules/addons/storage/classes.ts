/**
 * Pure builders for the storage area: the one default StorageClass, the default VolumeSnapshotClass,
 * the snapshot-controller chart values, and the configuration checks that need the cluster's facts.
 * Tested without a Pulumi graph.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConfigIssue, Tier } from "../../config";
import type { StorageConfig } from "../../config/sections/storage";
import type { StorageDefaults } from "../../cluster/contract";
import type { Values } from "../values";

export const defaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";
export const defaultSnapshotClassAnnotation = "snapshot.storage.kubernetes.io/is-default-class";

/**
 * Volume type defaults per CSI provisioner (performance, filesystem), below the user's parameters
 * and the cluster's encryption parameters. Encryption itself always comes from the cluster.
 */
export const provisionerDefaults: Record<string, Record<string, string>> = {
    "ebs.csi.aws.com": { type: "gp3", "csi.storage.k8s.io/fstype": "ext4" },
    "disk.csi.azure.com": { skuName: "StandardSSD_LRS", cachingMode: "ReadOnly", networkAccessPolicy: "DenyAll" },
    "pd.csi.storage.gke.io": { type: "pd-balanced" },
};

/** StorageClass parameters that carry encryption: always the cluster's, never overridden by config. */
export const encryptionParameterKeys = ["encrypted", "kmsKeyId", "diskEncryptionSetID", "diskEncryptionType", "disk-encryption-kms-key"] as const;

function isEncryptionKey(key: string): boolean {
    return (encryptionParameterKeys as readonly string[]).includes(key);
}

/**
 * The default classes a managed cloud pre-installs for its built-in CSI driver, used when the handle
 * does not list them (`StorageDefaults.builtInDefaultClasses`): AKS `default`, GKE `standard-rwo`.
 */
export const preinstalledDefaultClasses: Record<string, string[]> = {
    "disk.csi.azure.com": ["default"],
    "pd.csi.storage.gke.io": ["standard-rwo"],
};

/** The StorageClass the platform installs as the cluster's one default. */
export interface StorageClassSpec {
    name: string;
    provisioner: string;
    parameters: Record<string, pulumi.Input<string>>;
    reclaimPolicy: "Retain" | "Delete";
    volumeBindingMode: "WaitForFirstConsumer";
    allowVolumeExpansion: true;
    annotations: Record<string, string>;
}

/** Problems with `storage` that depend on the cluster (reported before anything is created). */
export function storageIssues(config: StorageConfig, facts: StorageDefaults): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    if (config.defaultClass.provisioner !== undefined && !facts.provisionerConfigurable && config.defaultClass.provisioner !== facts.provisioner) {
        issues.push({
            path: "storage.defaultClass.provisioner",
            message: `only an existing cluster may change the provisioner; on this cluster the default class uses ${facts.provisioner} so it is encrypted with the stack's key`,
        });
    }
    for (const key of Object.keys(config.defaultClass.parameters)) {
        if (isEncryptionKey(key)) {
            issues.push({
                path: `storage.defaultClass.parameters.${key}`,
                message: "is set by the cluster to encrypt volumes with the stack's customer-managed key and cannot be overridden",
            });
        }
    }
    return issues;
}

/** The one default StorageClass: encrypted (cluster's parameters), WaitForFirstConsumer, expandable. */
export function defaultStorageClass(config: StorageConfig, facts: StorageDefaults): StorageClassSpec {
    const provisioner = config.defaultClass.provisioner ?? facts.provisioner;
    const entries = Object.entries(facts.parameters);
    const tuning = Object.fromEntries(entries.filter(([k]) => !isEncryptionKey(k)));
    const encryption = Object.fromEntries(entries.filter(([k]) => isEncryptionKey(k)));
    return {
        name: config.defaultClass.name,
        provisioner,
        // Volume-type defaults < the cluster's tuning < the user's parameters < the cluster's encryption.
        parameters: { ...(provisionerDefaults[provisioner] ?? {}), ...tuning, ...config.defaultClass.parameters, ...encryption },
        reclaimPolicy: config.defaultClass.reclaimPolicy,
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        annotations: { [defaultClassAnnotation]: "true" },
    };
}

/** Pre-installed classes whose default flag is removed (never the platform's own class). */
export function classesToDemote(config: StorageConfig, facts: StorageDefaults): string[] {
    const builtIn = facts.builtInDefaultClasses ?? preinstalledDefaultClasses[facts.provisioner] ?? [];
    const names = config.defaultClass.demote ?? builtIn;
    return [...new Set(names)].filter((n) => n !== config.defaultClass.name);
}

/** The default VolumeSnapshotClass, or undefined when snapshots are off or the cluster has no snapshot driver. */
export function defaultSnapshotClass(config: StorageConfig, facts: StorageDefaults) {
    if (!config.snapshots.enabled || facts.snapshotDriver === undefined) {
        return undefined;
    }
    return {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        metadata: { name: `${config.defaultClass.name}-snapshots`, annotations: { [defaultSnapshotClassAnnotation]: "true" } },
        driver: facts.snapshotDriver,
        // Snapshots follow the volumes: kept in prod (Retain), cleaned up elsewhere.
        deletionPolicy: config.defaultClass.reclaimPolicy,
    };
}

/** Where the snapshot controller comes from. */
export type SnapshotControllerSource = "none" | "cluster" | "csi-installation" | "chart";
/**
 * Where the snapshot controller comes from. When the handle does not say, a cluster whose CSI driver
 * is built in (AKS, GKE) is taken to run the snapshot controller too (both do): installing the chart
 * there would collide with the cloud's own CRDs.
 */
export function snapshotControllerSource(config: StorageConfig, facts: StorageDefaults, csiBringsController: boolean): SnapshotControllerSource {
    if (!config.snapshots.enabled || facts.snapshotDriver === undefined) {
        return "none";
    }
    if (facts.snapshotControllerBuiltIn ?? facts.driverBuiltIn) {
        return "cluster";
    }
    if (csiBringsController) {
        return "csi-installation";
    }
    return config.snapshots.controller.enabled ? "chart" : "none";
}

/** Values for the snapshot-controller chart (Piraeus, 5.2.0 keys): restricted-PSA compatible, HA in prod. */
export function snapshotControllerValues(tier: Tier, image: (ref: string) => string): Values {
    const ha = tier === "prod";
    const labels = { "app.kubernetes.io/name": "snapshot-controller" };
    return {
        installCRDs: true,
        controller: {
            replicaCount: ha ? 2 : 1,
            image: { repository: image("registry.k8s.io/sig-storage/snapshot-controller") },
            podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: 1000,
                seccompProfile: { type: "RuntimeDefault" },
            },
            resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
            pdb: ha ? { minAvailable: 1 } : {},
            topologySpreadConstraints: ha
                ? [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } }]
                : [],
        },
        webhook: { enabled: false },
    };
}
