/**
 * Customer-managed keys for AKS: a Key Vault (RBAC-only, soft delete and purge protection) with an
 * RSA key for etcd (KMS) encryption of Secrets, and a disk encryption set over the same vault for
 * OS and persistent-volume disks. The control-plane identity may use the key; the disk encryption
 * set's own identity may wrap disk keys with it.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key, Vault } from "@pulumi/azure-native/keyvault";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { DiskEncryptionSet } from "@pulumi/azure-native/compute";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { boundedName } from "../naming";
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
    prod: boolean;
}

/** A Key Vault name (3-24 characters, globally unique): a readable prefix plus a hash of cluster and stack. */
export function vaultName(clusterName: string, stack: string): string {
    return boundedName(`kv-${clusterName}`, stack, 24);
}

/** Creates the vault, the KMS key, the disk encryption set and the role assignments that let them be used. */
export function createAksKeys(name: string, args: AksKeysArgs, opts: pulumi.CustomResourceOptions) {
    const { resourceGroupName, location } = args;
    const guarded: pulumi.CustomResourceOptions = { ...opts, protect: args.prod };
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
        { ...guarded, retainOnDelete: args.prod },
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
        { ...guarded, retainOnDelete: args.prod },
    );
    const assign = (role: string, id: string, principalId: pulumi.Input<string>) =>
        new RoleAssignment(
            `${name}-${id}`,
            {
                principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId: args.subscriptionId.apply((sub) => roleDefinitionId(sub, role)),
                scope: vault.id,
            },
            opts,
        );
    const kmsAccess = assign("Key Vault Crypto User", "kms-access", args.controlPlane.principalId);

    const desIdentity = new UserAssignedIdentity(`${name}-disks`, { resourceGroupName, location }, opts);
    const desAccess = assign("Key Vault Crypto Service Encryption User", "disks-access", desIdentity.principalId);
    const diskEncryptionSet = new DiskEncryptionSet(
        `${name}-disks`,
        {
            resourceGroupName,
            location,
            encryptionType: "EncryptionAtRestWithCustomerKey",
            identity: { type: "UserAssigned", userAssignedIdentities: [desIdentity.id] },
            activeKey: { keyUrl: key.keyUri, sourceVault: { id: vault.id } },
            rotationToLatestKeyVersionEnabled: true,
        },
        { ...guarded, dependsOn: [desAccess] },
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
        opts,
    );
    return { vault, key, kmsAccess, diskEncryptionSet, desReader };
}
