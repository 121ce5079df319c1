/**
 * The settings every storage account of the AKS module shares (the handle's object stores, the
 * VNet flow logs): not open to the internet, Entra ID only (no shared keys), HTTPS and TLS 1.2+,
 * and encrypted with a customer-managed key through its own user-assigned identity. An account
 * in-cluster clients use has no public network access at all and is reached through a private
 * endpoint in the node subnet; an account an Azure service writes to (Network Watcher's flow logs)
 * denies every network by default and lets trusted Azure services pass.
 */
import * as pulumi from "@pulumi/pulumi";
import { PrivateDnsZoneGroup, PrivateEndpoint } from "@pulumi/azure-native/network";
import type { StorageAccount, StorageAccountArgs } from "@pulumi/azure-native/storage";

/** A customer-managed key for storage accounts: the key's name, its vault's URI, and the user-assigned identity allowed to use it. */
export interface StorageEncryption {
    keyName: pulumi.Input<string>;
    vaultUri: pulumi.Input<string>;
    /** The identity's resource id. */
    identityId: pulumi.Input<string>;
    /** The identity's role on the key: accounts wait for it. */
    ready: pulumi.Resource[];
}

/** Where in-cluster clients reach storage privately: the node subnet and the Blob private DNS zone linked to the VNet. */
export interface StoragePrivateAccess {
    subnetId: pulumi.Input<string>;
    blobDnsZoneId: pulumi.Input<string>;
    /** The zone's VNet link: DNS answers the private address once it exists. */
    ready: pulumi.Resource[];
}

/** Who reaches an account: in-cluster clients through a private endpoint, or an Azure service (trusted services bypass). */
export type StorageNetworkAccess = "privateEndpoint" | "trustedServices";

/** The network settings for each kind of access: the network rules deny by default either way. */
export const storageNetworkAccess = {
    privateEndpoint: { publicNetworkAccess: "Disabled", networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" } },
    trustedServices: { publicNetworkAccess: "Enabled", networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" } },
} as const;

/** Storage account arguments with the shared security settings and the customer-managed key. */
export function privateStorageAccountArgs(
    base: { accountName: string; resourceGroupName: pulumi.Input<string>; location: string; zoneRedundant: boolean; tags?: Record<string, string> },
    encryption: StorageEncryption,
    access: StorageNetworkAccess,
): StorageAccountArgs {
    const network = storageNetworkAccess[access];
    return {
        accountName: base.accountName,
        resourceGroupName: base.resourceGroupName,
        location: base.location,
        kind: "StorageV2",
        sku: { name: base.zoneRedundant ? "Standard_ZRS" : "Standard_LRS" },
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        publicNetworkAccess: network.publicNetworkAccess,
        networkRuleSet: { ...network.networkRuleSet },
        identity: { type: "UserAssigned", userAssignedIdentities: [encryption.identityId] },
        encryption: {
            keySource: "Microsoft.Keyvault",
            // No key version: the account follows the key's rotation to its latest version.
            keyVaultProperties: { keyName: encryption.keyName, keyVaultUri: encryption.vaultUri },
            encryptionIdentity: { encryptionUserAssignedIdentity: encryption.identityId },
            requireInfrastructureEncryption: true,
            services: { blob: { enabled: true, keyType: "Account" } },
        },
        tags: base.tags,
    };
}

/** A private endpoint for the account's Blob service in the node subnet, registered in the Blob private DNS zone. */
export function blobPrivateEndpoint(
    name: string,
    account: StorageAccount,
    at: { resourceGroupName: pulumi.Input<string>; location: string },
    access: StoragePrivateAccess,
    opts: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
    const endpoint = new PrivateEndpoint(
        `${name}-blob`,
        {
            resourceGroupName: at.resourceGroupName,
            location: at.location,
            subnet: { id: access.subnetId },
            privateLinkServiceConnections: [{ name: "blob", privateLinkServiceId: account.id, groupIds: ["blob"] }],
        },
        opts,
    );
    const dns = new PrivateDnsZoneGroup(
        `${name}-blob`,
        {
            resourceGroupName: at.resourceGroupName,
            privateEndpointName: endpoint.name,
            privateDnsZoneGroupName: "default",
            privateDnsZoneConfigs: [{ name: "blob", privateDnsZoneId: access.blobDnsZoneId }],
        },
        { ...opts, dependsOn: access.ready },
    );
    return [endpoint, dns];
}
