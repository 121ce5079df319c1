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
import { ConfigError } from "../../config";
import type { StorageConfig } from "../../config/sections/storage";
import { defineAddon } from "../addon";
import { AddonContext } from "../context";
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

export interface StorageArgs {
    context: AddonContext;
    config: StorageConfig;
}

/** The namespace of the snapshot controller, where the platform installs it. */
export const snapshotControllerNamespace = "snapshot-controller";

export class Storage extends pulumi.ComponentResource {
    readonly storageClass: StorageClass;
    readonly csi?: CsiDriverInstallation;
    readonly snapshotController?: HelmAddon;
    readonly snapshotClass?: CustomResource;
    readonly outputs: StorageOutputs;

    constructor(name: string, args: StorageArgs, opts?: pulumi.ComponentResourceOptions) {
        const { context, config } = args;
        const cluster = context.cluster;
        const issues = storageIssues(config, cluster.storage);
        if (issues.length > 0) {
            throw new ConfigError(issues);
        }
        super("platform:storage:Storage", name, {}, { ...opts, providers: { kubernetes: cluster.provider } });
        const child = { parent: this };
        const facts = cluster.storage;

        // 1. The CSI driver, installed the cloud's way (EKS managed add-on); built in on AKS, GKE.
        this.csi = facts.installCsiDriver?.(`${name}-csi`, child);
        if (!this.csi && !facts.driverBuiltIn) {
            pulumi.log.warn(
                `storage: the ${cluster.name} cluster has no built-in CSI driver and offers no installer (StorageDefaults.installCsiDriver); volumes of class ${config.defaultClass.name} will not provision until ${facts.provisioner} runs`,
                this,
            );
        }
        const driverReady = [...(this.csi?.resources ?? []), ...cluster.nodesReady];

        // 2. Snapshot CRDs and controller, only where nothing else provides them.
        const source = snapshotControllerSource(config, facts, this.csi?.snapshotController ?? false);
        if (source === "chart") {
            this.snapshotController = new HelmAddon(
                `${name}-snapshot-controller`,
                {
                    context,
                    settings: config.snapshots.controller,
                    chart: "snapshotController",
                    namespace: { name: snapshotControllerNamespace, podSecurity: "restricted", labels: { "platform.io/component": "storage" } },
                    values: snapshotControllerValues(context.tier, (ref) => context.image(ref)),
                    defaultTimeoutSeconds: 300,
                    crds: "templates",
                    traffic: { webhookPorts: [8443] },
                },
                child,
            );
        }

        // 3. Exactly one default StorageClass: demote the cloud's pre-installed default first.
        const demoted = classesToDemote(config, facts).map(
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
 * The storage add-on: the CSI driver, the snapshot controller where the cluster lacks one, the one
 * default encrypted StorageClass and the default VolumeSnapshotClass. `storage.enabled: false`
 * (stateless-only mode) installs nothing; dependents then see no default class.
 */
export const storage = defineAddon({
    id: "storage",
    area: "storage",
    configPath: "storage.enabled",
    description: "CSI storage (driver, default encrypted StorageClass, snapshots)",
    enabled: (config) => config.storage.enabled,
    needs: {},
    namespaces: (config) =>
        config.storage.snapshots.enabled && config.storage.snapshots.controller.enabled
            ? [{ name: snapshotControllerNamespace, podSecurity: "restricted" }]
            : [],
    install: (context): StorageOutputs => new Storage("storage", { context, config: context.config.storage }).outputs,
    outputs: (provided) => ({
        storage: provided
            ? {
                  defaultStorageClass: provided.defaultStorageClassName,
                  snapshotClass: provided.snapshotClassName,
                  snapshotController: provided.snapshotController,
              }
            : { enabled: false },
    }),
});
