/**
 * Azure Key Vault keys for in-cluster services (Vault auto-unseal), created in the stack's own
 * RBAC-mode Key Vault (the one the AKS module creates for etcd encryption). The AKS module hands
 * `azureKeyManagement(...)` to the ClusterHandle as `kms`; the service's workload identity gets
 * "Key Vault Crypto User" on the vault.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key } from "@pulumi/azure-native/keyvault";
import type { KeyManagement, ManagedKey } from "../contract";

export interface AzureKeyManagementArgs {
    clusterName: string;
    resourceGroupName: pulumi.Input<string>;
    tenantId: pulumi.Input<string>;
    vaultName: pulumi.Input<string>;
    vaultId: pulumi.Input<string>;
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
            return {
                cloud: "azure",
                tenantId: pulumi.output(args.tenantId),
                vaultName: pulumi.output(args.vaultName),
                keyName: key.name,
                vaultId: pulumi.output(args.vaultId),
                resources: [key],
            };
        },
    };
}
