/**
 * The AKS cluster's own customer-managed keys, one per purpose, in a Key Vault that is not open to
 * the internet (public network access disabled, network ACLs deny by default; trusted Azure
 * services such as Storage and disk encryption sets pass, and the cluster reaches it through a
 * private endpoint in its own network): etcd (KMS, with API Server VNet Integration, which a
 * private Key Vault requires), node and volume disks (a disk encryption set), object storage (the
 * handle's storage accounts) and logs (the VNet flow-log storage account). Every identity's role is
 * scoped to its one key, except where AKS needs the vault itself (see `kmsAccess`). Keys for
 * in-cluster services are created in the same vault by `kms-keys.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key, Vault } from "@pulumi/azure-native/keyvault";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { DiskEncryptionSet } from "@pulumi/azure-native/compute";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { PrivateDnsZoneGroup, PrivateEndpoint } from "@pulumi/azure-native/network";
import { boundedName } from "../naming";
import type { ClusterResourceOptions } from "../resource-options";
import { roleDefinitionId } from "./roles";
import type { StorageEncryption } from "./storage-accounts";

/** What the AKS key material needs: where to create it, who may use it, and how the cluster reaches it. */
export interface AksKeysArgs {
    clusterName: string;
    stack: string;
    location: string;
    resourceGroupName: pulumi.Input<string>;
    tenantId: pulumi.Input<string>;
    subscriptionId: pulumi.Output<string>;
    /** The control plane's identity, which uses the secrets key for KMS. */
    controlPlane: UserAssignedIdentity;
    /** The node subnet (the vault's private endpoint) and the Key Vault private DNS zone linked to the VNet. */
    privateEndpoint: { subnetId: pulumi.Input<string>; dnsZoneId: pulumi.Input<string>; ready: pulumi.Resource[] };
}

/** The purposes of the cluster's own keys. */
export type AksKeyPurpose = "secrets" | "disks" | "objects" | "logs";

/** The cluster's key material and the role assignments the cluster must wait for. */
export interface AksKeys {
    vault: Vault;
    keys: Record<AksKeyPurpose, Key>;
    /** The control plane may use the secrets key (and, for the private vault, manage its private link). */
    kmsAccess: RoleAssignment[];
    diskEncryptionSet: DiskEncryptionSet;
    /** The control plane may read the disk encryption set. */
    desReader: RoleAssignment;
    /** Storage accounts' customer-managed keys, each with its own identity: buckets (`objects`) and flow logs (`logs`). */
    storage: { objects: StorageEncryption; logs: StorageEncryption };
    /** The vault's private endpoint, which in-cluster clients (Vault's seal) reach it through. */
    privateEndpoint: PrivateEndpoint;
}

/** A Key Vault name (3-24 characters, globally unique): a readable prefix plus a hash of cluster and stack. */
export function vaultName(clusterName: string, stack: string): string {
    return boundedName(`kv-${clusterName}`, stack, 24);
}

/** The vault's network settings: no public network access; trusted Azure services (Storage, disk encryption sets) pass. */
export const vaultNetworkAccess = { publicNetworkAccess: "Disabled", networkAcls: { bypass: "AzureServices", defaultAction: "Deny" } } as const;

/** Creates the vault, a key per purpose, the disk encryption set and the role assignments that let them be used. */
export function createAksKeys(name: string, args: AksKeysArgs, opts: ClusterResourceOptions): AksKeys {
    const vault = createVault(name, args, opts);
    const keys = {
        secrets: createKey(name, args, vault, "secrets", ["encrypt", "decrypt", "wrapKey", "unwrapKey"], opts),
        disks: createKey(name, args, vault, "disks", ["wrapKey", "unwrapKey"], opts),
        objects: createKey(name, args, vault, "objects", ["wrapKey", "unwrapKey"], opts),
        logs: createKey(name, args, vault, "logs", ["wrapKey", "unwrapKey"], opts),
    };
    const kmsAccess = [
        assign(name, args, "kms-access", "Key Vault Crypto User", args.controlPlane.principalId, keys.secrets.id, opts.base),
        // A private vault for KMS: AKS links the API server to it privately, which needs Key Vault
        // Contributor on the vault (management plane only: it reads no key with it).
        assign(name, args, "kms-private-link", "Key Vault Contributor", args.controlPlane.principalId, vault.id, opts.base),
    ];
    const { diskEncryptionSet, desReader } = createDiskEncryptionSet(name, args, { vault, key: keys.disks }, opts);
    const storage = {
        objects: storageEncryption(name, args, vault, "objects", keys.objects, opts),
        logs: storageEncryption(name, args, vault, "logs", keys.logs, opts),
    };
    const privateEndpoint = vaultPrivateEndpoint(name, args, vault, opts);
    return { vault, keys, kmsAccess, diskEncryptionSet, desReader, storage, privateEndpoint };
}

function createVault(name: string, args: AksKeysArgs, opts: ClusterResourceOptions): Vault {
    return new Vault(
        `${name}-kv`,
        {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            vaultName: vaultName(args.clusterName, args.stack),
            properties: {
                tenantId: args.tenantId,
                sku: { family: "A", name: "standard" },
                enableRbacAuthorization: true,
                enableSoftDelete: true,
                softDeleteRetentionInDays: 90,
                enablePurgeProtection: true,
                publicNetworkAccess: vaultNetworkAccess.publicNetworkAccess,
                networkAcls: { ...vaultNetworkAccess.networkAcls },
            },
        },
        opts.keys,
    );
}

/**
 * One RSA key. The secrets key keeps its original logical name and name (`<name>-secrets`, named by
 * Azure's auto-naming) so existing clusters keep their KMS key.
 */
function createKey(name: string, args: AksKeysArgs, vault: Vault, purpose: AksKeyPurpose, keyOps: string[], opts: ClusterResourceOptions): Key {
    return new Key(
        `${name}-${purpose}`,
        {
            resourceGroupName: args.resourceGroupName,
            vaultName: vault.name,
            ...(purpose === "secrets" ? {} : { keyName: purpose }),
            properties: {
                kty: "RSA",
                keySize: 2048,
                keyOps,
                rotationPolicy: { lifetimeActions: [{ trigger: { timeAfterCreate: "P180D" }, action: { type: "rotate" } }] },
            },
        },
        opts.keys,
    );
}

/** A built-in role for one service principal at `scope` (`id` names the assignment). */
function assign(
    name: string,
    args: AksKeysArgs,
    id: string,
    role: string,
    principalId: pulumi.Input<string>,
    scope: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): RoleAssignment {
    return new RoleAssignment(
        `${name}-${id}`,
        {
            principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: args.subscriptionId.apply((sub) => roleDefinitionId(sub, role)),
            scope,
        },
        opts,
    );
}

/** The disk encryption set on its own identity, which may wrap disk keys with the disks key only, and the control plane's read access to it. */
function createDiskEncryptionSet(
    name: string,
    args: AksKeysArgs,
    keys: { vault: Vault; key: Key },
    opts: ClusterResourceOptions,
): { diskEncryptionSet: DiskEncryptionSet; desReader: RoleAssignment } {
    const { resourceGroupName, location } = args;
    const identity = new UserAssignedIdentity(`${name}-disks`, { resourceGroupName, location }, opts.base);
    const access = assign(name, args, "disks-access", "Key Vault Crypto Service Encryption User", identity.principalId, keys.key.id, opts.base);
    const diskEncryptionSet = new DiskEncryptionSet(
        `${name}-disks`,
        {
            resourceGroupName,
            location,
            encryptionType: "EncryptionAtRestWithCustomerKey",
            identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
            activeKey: { keyUrl: keys.key.keyUri, sourceVault: { id: keys.vault.id } },
            rotationToLatestKeyVersionEnabled: true,
        },
        { ...opts.guarded, dependsOn: [access] },
    );
    // The control plane attaches encrypted disks to nodes: it reads the disk encryption set.
    const desReader = assign(name, args, "disks-reader", "Reader", args.controlPlane.principalId, diskEncryptionSet.id, opts.base);
    return { diskEncryptionSet, desReader };
}

/** An identity for storage accounts' customer-managed key, allowed to wrap and unwrap with exactly `key`. */
function storageEncryption(
    name: string,
    args: AksKeysArgs,
    vault: Vault,
    purpose: "objects" | "logs",
    key: Key,
    opts: ClusterResourceOptions,
): StorageEncryption {
    const identity = new UserAssignedIdentity(`${name}-${purpose}-cmk`, { resourceGroupName: args.resourceGroupName, location: args.location }, opts.base);
    const access = assign(name, args, `${purpose}-cmk-access`, "Key Vault Crypto Service Encryption User", identity.principalId, key.id, opts.base);
    const vaultUri = vault.properties.apply((p) => p.vaultUri ?? "");
    return { keyName: key.name, vaultUri, identityId: identity.id, ready: [access] };
}

/** The vault's private endpoint in the node subnet, registered in the Key Vault private DNS zone. */
function vaultPrivateEndpoint(name: string, args: AksKeysArgs, vault: Vault, opts: ClusterResourceOptions): PrivateEndpoint {
    const endpoint = new PrivateEndpoint(
        `${name}-kv`,
        {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            subnet: { id: args.privateEndpoint.subnetId },
            privateLinkServiceConnections: [{ name: "vault", privateLinkServiceId: vault.id, groupIds: ["vault"] }],
        },
        opts.base,
    );
    new PrivateDnsZoneGroup(
        `${name}-kv`,
        {
            resourceGroupName: args.resourceGroupName,
            privateEndpointName: endpoint.name,
            privateDnsZoneGroupName: "default",
            privateDnsZoneConfigs: [{ name: "vault", privateDnsZoneId: args.privateEndpoint.dnsZoneId }],
        },
        { ...opts.base, dependsOn: args.privateEndpoint.ready },
    );
    return endpoint;
}
