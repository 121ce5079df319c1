/**
 * AKS node pools: the system pool (inline in the cluster, AKS requires one at creation) and the
 * workloads pool (its own AgentPool resource, so changing it never touches the system pool).
 * Both autoscale across zones 1-3, have no public IPs and no SSH, and upgrade by surging.
 */
import * as pulumi from "@pulumi/pulumi";
import { AgentPool } from "@pulumi/azure-native/containerservice";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import { defaultInstanceTypes, initialSize, poolLabel, PoolRole } from "../pools";

type Pool = ManagedClusterConfig<"azure">["nodePools"]["system"];

/** The pool settings shared by the inline system profile and the workloads AgentPool (pure). */
export function agentPoolSettings(role: PoolRole, pool: Pool, version: string, subnetId: pulumi.Input<string>, prod: boolean) {
    return {
        mode: role === "system" ? "System" : "User",
        vmSize: pool.instanceType ?? defaultInstanceTypes.azure[role],
        orchestratorVersion: version,
        enableAutoScaling: true,
        minCount: pool.autoscaling.min,
        maxCount: pool.autoscaling.max,
        count: initialSize(pool.autoscaling),
        availabilityZones: ["1", "2", "3"],
        vnetSubnetID: subnetId,
        osType: "Linux",
        osSKU: "AzureLinux",
        osDiskType: "Managed",
        osDiskSizeGB: pool.diskSizeGb,
        enableNodePublicIP: false,
        maxPods: 110,
        nodeLabels: { [poolLabel]: role },
        securityProfile: { sshAccess: "Disabled" },
        upgradeSettings: {
            maxSurge: String(pool.maxSurge),
            maxUnavailable: String(pool.maxUnavailable),
            drainTimeoutInMinutes: 30,
            nodeSoakDurationInMinutes: prod ? 5 : 0,
        },
    };
}

export function createWorkloadsPool(
    name: string,
    cluster: ManagedClusterConfig<"azure">,
    args: { resourceGroupName: pulumi.Input<string>; clusterName: pulumi.Input<string>; subnetId: pulumi.Input<string>; prod: boolean },
    opts: pulumi.CustomResourceOptions,
): AgentPool {
    return new AgentPool(
        `${name}-workloads`,
        {
            resourceGroupName: args.resourceGroupName,
            resourceName: args.clusterName,
            agentPoolName: "workloads",
            ...agentPoolSettings("workloads", cluster.nodePools.workloads, cluster.kubernetesVersion, args.subnetId, args.prod),
        },
        // The autoscaler owns the node count.
        { ...opts, ignoreChanges: ["count"] },
    );
}
