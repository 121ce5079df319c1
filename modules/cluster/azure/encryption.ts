/**
 * The AKS cluster's own customer-managed keys: a Key Vault (RBAC-only, soft delete and purge
 * protection) with an RSA key for etcd (KMS) encryption of Secrets, and a disk encryption set over
 * the same vault for OS and persistent-volume disks. The control-plane identity may use the key;
 * the disk encryption set's own identity may wrap disk keys with it. Keys for in-cluster services
 * are created in the same vault by `kms-keys.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key, Vault } from "@pulumi/azure-native/keyvault";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { DiskEncryptionSet } from "@pulumi/azure-native/compute";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { boundedName } from "../naming";
import type { ClusterResourceOptions } from "../resource-options";
import { roleDefinitionId } from "./roles";

/** What the AKS key material needs: where to create it and who may use it. */
export interface AksKeysArgs {
    clusterName: string;
    stack: string;
    location: string;
    resourceGroupName: pulumi.Input<string>;
    tenantId: pulumi.Input<string>;
    subscriptionId: pulumi.Output<string>;
    /** The control plane's identity, which reads the key for KMS. */
    controlPlane: UserAssignedIdentity;
}

/** The cluster's key material and the role assignments the cluster must wait for. */
export interface AksKeys {
    vault: Vault;
    /** The key that encrypts Secrets (KMS) and, through the disk encryption set, disks. */
    key: Key;
    /** The control plane may use the key. */
    kmsAccess: RoleAssignment;
    diskEncryptionSet: DiskEncryptionSet;
    /** The control plane may read the disk encryption set. */
    desReader: RoleAssignment;
}

/** A Key Vault name (3-24 characters, globally unique): a readable prefix plus a hash of cluster and stack. */
export function vaultName(clusterName: string, stack: string): string {
    return boundedName(`kv-${clusterName}`, stack, 24);
}

/** Creates the vault, the KMS key, the disk encryption set and the role assignments that let them be used. */
export function createAksKeys(name: string, args: AksKeysArgs, opts: ClusterResourceOptions): AksKeys {
    const { vault, key } = createVaultAndKey(name, args, opts);
    const kmsAccess = assignOnVault(name, args, vault, opts.base, "Key Vault Crypto User", "kms-access", args.controlPlane.principalId);
    const { diskEncryptionSet, desReader } = createDiskEncryptionSet(name, args, { vault, key }, opts);
    return { vault, key, kmsAccess, diskEncryptionSet, desReader };
}

function createVaultAndKey(name: string, args: AksKeysArgs, opts: ClusterResourceOptions): { vault: Vault; key: Key } {
    const { resourceGroupName, location } = args;
    const vault = new Vault(
        `${name}-kv`,
        {
            resourceGroupName,
            location,
            vaultName: vaultName(args.clusterName, args.stack),
            properties: {
                tenantId: args.tenantId,
                sku: { family: "A", name: "standard" },
                enableRbacAuthorization: true,
                enableSoftDelete: true,
                softDeleteRetentionInDays: 90,
                enablePurgeProtection: true,
                publicNetworkAccess: "Enabled",
                networkAcls: { bypass: "AzureServices", defaultAction: "Allow" },
            },
        },
        opts.keys,
    );
    const key = new Key(
        `${name}-secrets`,
        {
            resourceGroupName,
            vaultName: vault.name,
            properties: {
                kty: "RSA",
                keySize: 2048,
                keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
                rotationPolicy: { lifetimeActions: [{ trigger: { timeAfterCreate: "P180D" }, action: { type: "rotate" } }] },
            },
        },
        opts.keys,
    );
    return { vault, key };
}

/** A built-in role on the vault for one service principal (`id` names the assignment). */
function assignOnVault(
    name: string,
    args: AksKeysArgs,
    vault: Vault,
    opts: pulumi.CustomResourceOptions,
    role: string,
    id: string,
    principalId: pulumi.Input<string>,
): RoleAssignment {
    return new RoleAssignment(
        `${name}-${id}`,
        {
            principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: args.subscriptionId.apply((sub) => roleDefinitionId(sub, role)),
            scope: vault.id,
        },
        opts,
    );
}

/** The disk encryption set on its own identity, and the control plane's read access to it. */
function createDiskEncryptionSet(
    name: string,
    args: AksKeysArgs,
    keys: { vault: Vault; key: Key },
    opts: ClusterResourceOptions,
): { diskEncryptionSet: DiskEncryptionSet; desReader: RoleAssignment } {
    const { resourceGroupName, location } = args;
    const identity = new UserAssignedIdentity(`${name}-disks`, { resourceGroupName, location }, opts.base);
    const access = assignOnVault(name, args, keys.vault, opts.base, "Key Vault Crypto Service Encryption User", "disks-access", identity.principalId);
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
    const desReader = new RoleAssignment(
        `${name}-disks-reader`,
        {
            principalId: args.controlPlane.principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: args.subscriptionId.apply((sub) => roleDefinitionId(sub, "Reader")),
            scope: diskEncryptionSet.id,
        },
        opts.base,
    );
    return { diskEncryptionSet, desReader };
}
