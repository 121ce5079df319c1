/**
 * VNet flow logs (NSG flow logs can no longer be created since June 2025; VNet flow logs replace
 * them): every flow of the cluster's VNet (or, for an existing network, its node subnet) written by
 * the region's Network Watcher to a storage account of the stack, kept as long as the audit logs
 * (at most 365 days, Network Watcher's limit). The account is encrypted with the cluster's logs key,
 * denies every network but trusted Azure services, and takes no shared key: Network Watcher writes
 * as the flow log's own managed identity.
 */
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { FlowLog } from "@pulumi/azure-native/network";
import { StorageAccount } from "@pulumi/azure-native/storage";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import { storageAccountName } from "./objectstore";
import { roleDefinitionId } from "./roles";
import { privateStorageAccountArgs, StorageEncryption } from "./storage-accounts";

/** Network Watcher keeps flow logs at most this long in a storage account. */
export const maxFlowLogRetentionDays = 365;

/** The Network Watcher holding the region's flow logs: configured, or the one Azure creates per subscription and region. */
export function networkWatcherOf(cluster: ManagedClusterConfig<"azure">): { resourceGroup: string; name: string } {
    return { resourceGroup: cluster.networkWatcher.resourceGroup, name: cluster.networkWatcher.name ?? `NetworkWatcher_${cluster.region}` };
}

/** Where the flow logs go and what they cover. */
export interface FlowLogsArgs {
    resourceGroupName: pulumi.Output<string>;
    subscriptionId: pulumi.Output<string>;
    /** The VNet (created network) or the node subnet (existing network). */
    targetResourceId: pulumi.Input<string>;
    encryption: StorageEncryption;
    zoneRedundant: boolean;
    tags: Record<string, string>;
    stack: string;
}

/** Creates the flow-log storage account, the identity Network Watcher writes as, and the VNet flow log. */
export function createVnetFlowLogs(name: string, cluster: ManagedClusterConfig<"azure">, args: FlowLogsArgs, opts: pulumi.CustomResourceOptions): FlowLog {
    const location = cluster.region;
    const account = new StorageAccount(
        `${name}-flow-logs`,
        privateStorageAccountArgs(
            {
                accountName: storageAccountName(cluster.name, "flowlogs", args.stack),
                resourceGroupName: args.resourceGroupName,
                location,
                zoneRedundant: args.zoneRedundant,
                tags: args.tags,
            },
            args.encryption,
            "trustedServices",
        ),
        { ...opts, dependsOn: args.encryption.ready },
    );
    const writer = new UserAssignedIdentity(`${name}-flow-logs`, { resourceGroupName: args.resourceGroupName, location }, opts);
    const write = new RoleAssignment(
        `${name}-flow-logs-writer`,
        {
            principalId: writer.principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: args.subscriptionId.apply((sub) => roleDefinitionId(sub, "Storage Blob Data Contributor")),
            scope: account.id,
        },
        opts,
    );
    const watcher = networkWatcherOf(cluster);
    return new FlowLog(
        `${name}-vnet-flow-log`,
        {
            resourceGroupName: watcher.resourceGroup,
            networkWatcherName: watcher.name,
            flowLogName: `${cluster.name}-vnet`,
            location,
            targetResourceId: args.targetResourceId,
            storageId: account.id,
            enabled: true,
            identity: { type: "UserAssigned", userAssignedIdentities: [writer.id] },
            retentionPolicy: { enabled: true, days: Math.min(cluster.logRetentionDays, maxFlowLogRetentionDays) },
            format: { type: "JSON", version: 2 },
            tags: args.tags,
        },
        { ...opts, dependsOn: [write] },
    );
}
