/**
 * `platform:storage:Storage`: the CSI driver (through the cluster handle, the way the cloud supports
 * best), the snapshot controller where the cluster lacks one, the one default encrypted
 * StorageClass and the default VolumeSnapshotClass. `storage.enabled: false` (stateless-only mode)
 * creates nothing: `installStorage` returns undefined and dependents see no default class.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { StorageClass, StorageClassPatch } from "@pulumi/kubernetes/storage/v1";
import type { CsiDriverInstallation } from "../../cluster/contract";
import type { StorageConfig } from "../../config/sections/storage";
import { failOnIssues } from "../config-issue";
import { PlatformContext } from "../context";
import { HelmAddon } from "../helm";
import {
    classesToDemote,
    defaultClassAnnotation,
    defaultSnapshotClass,
    defaultStorageClass,
    snapshotControllerSource,
    snapshotControllerValues,
    SnapshotControllerSource,
    storageIssues,
} from "./classes";

export * from "./classes";

/** What the rest of the platform may use from storage. */
export interface StorageOutputs {
    /** Name of the one default StorageClass. */
    defaultStorageClassName: string;
    /** The StorageClass resource: what a workload with volumes depends on. */
    storageClass: StorageClass;
    /** The default VolumeSnapshotClass name, when snapshots are on. */
    snapshotClassName?: string;
    /** Where the snapshot controller comes from. */
    snapshotController: SnapshotControllerSource;
}

export class Storage extends pulumi.ComponentResource {
    readonly storageClass: StorageClass;
    readonly csi?: CsiDriverInstallation;
    readonly snapshotController?: HelmAddon;
    readonly snapshotClass?: CustomResource;
    readonly outputs: StorageOutputs;

    constructor(name: string, platform: PlatformContext, config: StorageConfig, opts?: pulumi.ComponentResourceOptions) {
        const cluster = platform.cluster;
        failOnIssues(storageIssues(config, cluster.cloud, cluster.storage));
        super("platform:storage:Storage", name, {}, { ...opts, providers: { kubernetes: cluster.provider } });
        const child = { parent: this };
        const facts = cluster.storage;

        // 1. The CSI driver, installed the cloud's way (EKS managed add-on); built in on AKS, GKE.
        this.csi = facts.installCsiDriver?.(`${name}-csi`, child);
        if (!this.csi && !facts.driverBuiltIn) {
            pulumi.log.warn(`storage: the ${cluster.cloud} cluster has no built-in CSI driver and offers no installer (StorageDefaults.installCsiDriver); volumes of class ${config.defaultClass.name} will not provision until ${facts.provisioner} runs`, this);
        }
        const driverReady = [...(this.csi?.resources ?? []), ...cluster.nodesReady];

        // 2. Snapshot CRDs and controller, only where nothing else provides them.
        const source = snapshotControllerSource(config, facts, cluster.cloud, this.csi?.snapshotController ?? false);
        if (source === "chart") {
            this.snapshotController = new HelmAddon(
                "platform:storage:SnapshotController",
                `${name}-snapshot-controller`,
                {
                    platform,
                    settings: config.snapshots.controller,
                    chart: "snapshotController",
                    namespace: { name: "snapshot-controller", podSecurity: "restricted", labels: { "platform.io/component": "storage" } },
                    values: snapshotControllerValues(platform.tier, (ref) => platform.image(ref)),
                    defaultTimeoutSeconds: 300,
                    crds: "templates",
                },
                child,
            );
        }

        // 3. Exactly one default StorageClass: demote the cloud's pre-installed default first.
        const demoted = classesToDemote(config, facts, cluster.cloud).map(
            (className) =>
                new StorageClassPatch(
                    `${name}-demote-${className}`,
                    {
                        metadata: {
                            name: className,
                            annotations: { [defaultClassAnnotation]: "false", "pulumi.com/patchForce": "true" },
                        },
                    },
                    { ...child, dependsOn: cluster.nodesReady, retainOnDelete: true },
                ),
        );
        const spec = defaultStorageClass(config, facts);
        this.storageClass = new StorageClass(
            `${name}-default-class`,
            {
                metadata: { name: spec.name, annotations: spec.annotations, labels: { "platform.io/component": "storage" } },
                provisioner: spec.provisioner,
                parameters: spec.parameters,
                reclaimPolicy: spec.reclaimPolicy,
                volumeBindingMode: spec.volumeBindingMode,
                allowVolumeExpansion: spec.allowVolumeExpansion,
            },
            { ...child, dependsOn: [...driverReady, ...demoted] },
        );

        // 4. The default VolumeSnapshotClass, once the snapshot CRDs exist.
        const snapshotSpec = source === "none" ? undefined : defaultSnapshotClass(config, facts);
        if (snapshotSpec) {
            const crdsFrom = this.snapshotController ? [this.snapshotController.release] : driverReady;
            this.snapshotClass = new CustomResource(`${name}-snapshot-class`, snapshotSpec, { ...child, dependsOn: crdsFrom });
        }

        this.outputs = {
            defaultStorageClassName: spec.name,
            storageClass: this.storageClass,
            snapshotClassName: snapshotSpec?.metadata.name,
            snapshotController: source,
        };
        this.registerOutputs({ defaultStorageClassName: spec.name, snapshotClassName: snapshotSpec?.metadata.name });
    }
}

/**
 * The default StorageClass's name from config alone (undefined in stateless-only mode), for add-ons
 * that name a class before the storage area is built.
 */
export function defaultStorageClassName(config: { storage: StorageConfig }): string | undefined {
    return config.storage.enabled ? config.storage.defaultClass.name : undefined;
}

/** Installs the storage area, or nothing in stateless-only mode (`storage.enabled: false`). */
export function installStorage(platform: PlatformContext): Storage | undefined {
    const config = platform.config.storage;
    return config.enabled ? new Storage("storage", platform, config) : undefined;
}
