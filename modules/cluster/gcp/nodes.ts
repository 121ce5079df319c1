/**
 * GKE node pools on their own service account (minimal roles, not the Compute default): shielded
 * COS nodes with the GKE metadata server, CMEK boot disks, autoscaling per zone, auto-repair and
 * auto-upgrade, and surge upgrades.
 */
import * as pulumi from "@pulumi/pulumi";
import { NodePool } from "@pulumi/gcp/container";
import { Account } from "@pulumi/gcp/serviceaccount";
import { IAMMember } from "@pulumi/gcp/projects";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import { defaultInstanceTypes, initialSize, poolLabel, PoolRole } from "../pools";
import { serviceAccountId } from "./names";

/** Roles of the nodes' own service account: the minimal node role and image pulls. */
export const nodeServiceAccountRoles = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"] as const;

type Pool = ManagedClusterConfig<"gcp">["nodePools"]["system"];

/** The hardened node configuration (pure): also used for the cluster's temporary default pool. */
export function hardenedNodeConfig(args: { role: PoolRole; pool: Pool; serviceAccount: pulumi.Input<string>; bootDiskKmsKey: pulumi.Input<string> }) {
    return {
        machineType: args.pool.instanceType ?? defaultInstanceTypes.gcp[args.role],
        diskSizeGb: args.pool.diskSizeGb,
        diskType: "pd-balanced",
        imageType: "COS_CONTAINERD",
        serviceAccount: args.serviceAccount,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        metadata: { "disable-legacy-endpoints": "true" },
        bootDiskKmsKey: args.bootDiskKmsKey,
        labels: { [poolLabel]: args.role },
    };
}

/** Surge upgrade settings from the pool's config (pure). */
export function surgeUpgrade(pool: Pool) {
    return { strategy: "SURGE", maxSurge: pool.maxSurge, maxUnavailable: pool.maxUnavailable };
}

/** Creates the nodes' own Google service account with the minimal node roles. */
export function createNodeServiceAccount(name: string, cluster: ManagedClusterConfig<"gcp">, opts: pulumi.CustomResourceOptions) {
    const account = new Account(
        `${name}-nodes`,
        { project: cluster.project, accountId: serviceAccountId(cluster.name, "nodes"), displayName: `GKE nodes of ${cluster.name}` },
        opts,
    );
    const grants = nodeServiceAccountRoles.map(
        (role) => new IAMMember(`${name}-nodes-${role.split("/")[1].replace(/\./g, "-")}`, { project: cluster.project, role, member: account.member }, opts),
    );
    return { account, grants };
}

/** Creates the system and workloads node pools. */
export function createGkeNodePools(
    name: string,
    cluster: ManagedClusterConfig<"gcp">,
    args: { cluster: pulumi.Input<string>; serviceAccount: pulumi.Input<string>; bootDiskKmsKey: pulumi.Input<string>; dependsOn: pulumi.Resource[] },
    opts: pulumi.CustomResourceOptions,
): Record<PoolRole, NodePool> {
    const make = (role: PoolRole) => {
        const pool = cluster.nodePools[role];
        return new NodePool(
            `${name}-${role}`,
            {
                project: cluster.project,
                location: cluster.region,
                cluster: args.cluster,
                ...(cluster.zones ? { nodeLocations: cluster.zones } : {}),
                initialNodeCount: initialSize(pool.autoscaling),
                autoscaling: { minNodeCount: pool.autoscaling.min, maxNodeCount: pool.autoscaling.max, locationPolicy: "BALANCED" },
                management: { autoRepair: true, autoUpgrade: true },
                upgradeSettings: surgeUpgrade(pool),
                nodeConfig: hardenedNodeConfig({ role, pool, serviceAccount: args.serviceAccount, bootDiskKmsKey: args.bootDiskKmsKey }),
            },
            // Node versions follow the release channel; the autoscaler owns the node count.
            { ...opts, dependsOn: args.dependsOn, ignoreChanges: ["initialNodeCount", "version"] },
        );
    };
    return { system: make("system"), workloads: make("workloads") };
}
