/**
 * Pure builders for the storage area: the one default StorageClass, the default VolumeSnapshotClass,
 * the snapshot-controller chart values, and the configuration checks that need the cluster's facts.
 * Tested without a Pulumi graph.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConfigIssue, Tier } from "../../config";
import type { StorageConfig } from "../../config/sections/storage";
import type { Cloud, StorageDefaults } from "../../cluster/contract";
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
export function storageIssues(config: StorageConfig, cloud: Cloud, facts: StorageDefaults): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    if (config.defaultClass.provisioner !== undefined && cloud !== "existing" && config.defaultClass.provisioner !== facts.provisioner) {
        issues.push({
            path: "storage.defaultClass.provisioner",
            message: `only an existing cluster may change the provisioner; on ${cloud} the default class uses ${facts.provisioner} so it is encrypted with the stack's key`,
        });
    }
    for (const key of Object.keys(config.defaultClass.parameters)) {
        if (key in facts.parameters) {
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
    return {
        name: config.defaultClass.name,
        provisioner,
        parameters: { ...(provisionerDefaults[provisioner] ?? {}), ...config.defaultClass.parameters, ...facts.parameters },
        reclaimPolicy: config.defaultClass.reclaimPolicy,
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        annotations: { [defaultClassAnnotation]: "true" },
    };
}

/** Pre-installed classes whose default flag is removed (never the platform's own class). */
export function classesToDemote(config: StorageConfig, facts: StorageDefaults): string[] {
    const names = config.defaultClass.demote ?? facts.builtInDefaultClasses ?? [];
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

export function snapshotControllerSource(config: StorageConfig, facts: StorageDefaults, csiBringsController: boolean): SnapshotControllerSource {
    if (!config.snapshots.enabled || facts.snapshotDriver === undefined) {
        return "none";
    }
    if (facts.snapshotControllerBuiltIn) {
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
