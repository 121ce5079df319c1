/**
 * Vault's unseal mechanism per cloud: the KMS key the stack created, reached through the cluster's
 * workload identity (no static credentials), or Shamir keys on an existing cluster. Pure.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CloudPermissions, ManagedKey } from "../../../cluster/contract";
import type { SecurityConfig } from "../../../config/sections/security";
import { ConfigError } from "../../../config";

/** How Vault unseals. */
export type VaultSeal =
    | { type: "shamir" }
    | { type: "awskms"; region: string; kmsKeyId: pulumi.Input<string> }
    | { type: "azurekeyvault"; tenantId: pulumi.Input<string>; vaultName: pulumi.Input<string>; keyName: pulumi.Input<string> }
    | { type: "gcpckms"; project: string; region: string; keyRing: pulumi.Input<string>; cryptoKey: pulumi.Input<string> };

/** Resolves `security.vault.unseal` against the cluster: `auto` is KMS on a cloud and Shamir on an existing cluster. */
export function unsealMode(setting: SecurityConfig["vault"]["unseal"], cloud: string, hasKms: boolean): "kms" | "shamir" {
    const mode = setting === "auto" ? (cloud === "existing" ? "shamir" : "kms") : setting;
    if (mode === "kms" && !hasKms) {
        throw new ConfigError([
            {
                path: "security.vault.unseal",
                message:
                    cloud === "existing"
                        ? "'kms' needs a cloud cluster (an existing cluster has no KMS in the stack); use 'shamir' or 'auto'"
                        : `the ${cloud} cluster module provides no KMS (ClusterHandle.kms); use 'shamir' until it does`,
            },
        ]);
    }
    return mode;
}

/** The seal for a key the stack created. */
export function sealFor(key: ManagedKey): VaultSeal {
    switch (key.cloud) {
        case "aws":
            return { type: "awskms", region: key.region, kmsKeyId: key.keyId };
        case "azure":
            return { type: "azurekeyvault", tenantId: key.tenantId, vaultName: key.vaultName, keyName: key.keyName };
        case "gcp":
            return { type: "gcpckms", project: key.project, region: key.location, keyRing: key.keyRing, cryptoKey: key.cryptoKey };
    }
}

/** What Vault's identity may do with the key: wrap and unwrap with exactly this key, nothing else. */
export function unsealPermissions(key: ManagedKey): CloudPermissions {
    switch (key.cloud) {
        case "aws":
            return { aws: { statements: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: key.keyArn }] } };
        case "azure":
            return { azure: { roleAssignments: [{ role: "Key Vault Crypto User", scope: key.vaultId }] } };
        case "gcp":
            return {
                gcp: {
                    roles: [
                        { role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", resource: key.cryptoKeyId, resourceType: "kms-crypto-key" },
                        { role: "roles/cloudkms.viewer", resource: key.cryptoKeyId, resourceType: "kms-crypto-key" },
                    ],
                },
            };
    }
}

/** The HCL `seal` stanza ("" for Shamir). */
export function sealStanza(seal: VaultSeal): pulumi.Output<string> {
    switch (seal.type) {
        case "shamir":
            return pulumi.output("");
        case "awskms":
            return pulumi.interpolate`seal "awskms" {\n  region     = "${seal.region}"\n  kms_key_id = "${seal.kmsKeyId}"\n}\n`;
        case "azurekeyvault":
            return pulumi.interpolate`seal "azurekeyvault" {\n  tenant_id  = "${seal.tenantId}"\n  vault_name = "${seal.vaultName}"\n  key_name   = "${seal.keyName}"\n}\n`;
        case "gcpckms":
            return pulumi.interpolate`seal "gcpckms" {\n  project    = "${seal.project}"\n  region     = "${seal.region}"\n  key_ring   = "${seal.keyRing}"\n  crypto_key = "${seal.cryptoKey}"\n}\n`;
    }
}
