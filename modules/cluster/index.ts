/**
 * Selects the cluster module for the stack's cloud: one folder per cloud (aws/, azure/, gcp/) and
 * existing/ for an adopted cluster, each built from its network, control-plane and nodes files and
 * returning the same ClusterHandle (contract.ts). Each cloud's module (and so its SDK) is loaded
 * only when selected: planning an aws stack never loads @pulumi/azure-native or @pulumi/gcp.
 */
import type { PlatformConfig } from "../config";
import type { ClusterHandle } from "./contract";

export async function createCluster(config: PlatformConfig): Promise<ClusterHandle> {
    const cluster = config.cluster;
    switch (cluster.cloud) {
        case "existing": {
            const { ExistingCluster } = await import("./existing");
            return new ExistingCluster(cluster.name, cluster).handle;
        }
        case "aws": {
            const { EksCluster } = await import("./aws");
            return new EksCluster(cluster.name, config).handle;
        }
        case "azure": {
            const { AksCluster } = await import("./azure");
            return new AksCluster(cluster.name, config).handle;
        }
        case "gcp": {
            const { GkeCluster } = await import("./gcp");
            return new GkeCluster(cluster.name, config).handle;
        }
    }
}

export type { ClusterHandle } from "./contract";
