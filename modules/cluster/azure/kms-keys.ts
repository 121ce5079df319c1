/**
 * Azure Key Vault keys for in-cluster services (Vault auto-unseal), created in the stack's own
 * RBAC-mode, private Key Vault (the one the AKS module creates for its keys; in-cluster clients reach
 * it through its private endpoint). The AKS module hands `azureKeyManagement(...)` to the
 * ClusterHandle as `kms`; the service's workload identity gets "Key Vault Crypto User" on exactly
 * its key, not on the vault.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key } from "@pulumi/azure-native/keyvault";
import type { KeyManagement, ManagedKey } from "../contract";

/** A Key Vault key as in-cluster services use it: Vault's `azurekeyvault` seal, and "Key Vault Crypto User" on exactly this key. */
export function azureServiceKey(k: {
    tenantId: pulumi.Input<string>;
    vaultName: pulumi.Input<string>;
    keyName: pulumi.Input<string>;
    /** The key's resource id (`.../vaults/<vault>/keys/<key>`): the role's scope. */
    keyId: pulumi.Input<string>;
    resources: pulumi.Resource[];
}): ManagedKey {
    return {
        vaultSeal: {
            type: "azurekeyvault",
            stanza: pulumi.interpolate`seal "azurekeyvault" {\n  tenant_id  = "${k.tenantId}"\n  vault_name = "${k.vaultName}"\n  key_name   = "${k.keyName}"\n}\n`,
        },
        encryptDecrypt: { azure: { roleAssignments: [{ role: "Key Vault Crypto User", scope: k.keyId }] } },
        resources: k.resources,
    };
}

export interface AzureKeyManagementArgs {
    clusterName: string;
    resourceGroupName: pulumi.Input<string>;
    tenantId: pulumi.Input<string>;
    vaultName: pulumi.Input<string>;
    /** Options of the cluster's cloud resources (parent and the explicit cloud provider). */
    base: pulumi.CustomResourceOptions;
}

export function azureKeyManagement(args: AzureKeyManagementArgs): KeyManagement {
    return {
        createKey(purpose: string, opts?: pulumi.CustomResourceOptions): ManagedKey {
            const key = new Key(
                `${args.clusterName}-${purpose}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    vaultName: args.vaultName,
                    keyName: purpose,
                    properties: {
                        kty: "RSA",
                        keySize: 2048,
                        keyOps: ["wrapKey", "unwrapKey"],
                        rotationPolicy: {
                            attributes: { expiryTime: "P2Y" },
                            lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P30D" } }],
                        },
                    },
                },
                { ...args.base, ...opts },
            );
            return azureServiceKey({ tenantId: args.tenantId, vaultName: args.vaultName, keyName: key.name, keyId: key.id, resources: [key] });
        },
    };
}
