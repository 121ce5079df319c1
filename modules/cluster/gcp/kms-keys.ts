/**
 * Cloud KMS keys for in-cluster services (Vault auto-unseal), created in the stack's key ring (the
 * one the GKE module creates for etcd encryption), rotated every 90 days. The GKE module hands
 * `gcpKeyManagement(...)` to the ClusterHandle as `kms`; the service's Google service account gets
 * encrypter/decrypter and viewer on exactly this key.
 */
import * as pulumi from "@pulumi/pulumi";
import { CryptoKey } from "@pulumi/gcp/kms";
import type { KeyManagement, ManagedKey } from "../contract";

/** A Cloud KMS key as in-cluster services use it: Vault's `gcpckms` seal, and encrypter/decrypter and viewer on exactly this key. */
export function gcpServiceKey(k: {
    project: string;
    location: string;
    keyRing: pulumi.Input<string>;
    cryptoKey: pulumi.Input<string>;
    cryptoKeyId: pulumi.Input<string>;
    resources: pulumi.Resource[];
}): ManagedKey {
    return {
        vaultSeal: {
            type: "gcpckms",
            stanza: pulumi.interpolate`seal "gcpckms" {\n  project    = "${k.project}"\n  region     = "${k.location}"\n  key_ring   = "${k.keyRing}"\n  crypto_key = "${k.cryptoKey}"\n}\n`,
        },
        encryptDecrypt: {
            gcp: {
                roles: [
                    { role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", resource: k.cryptoKeyId, resourceType: "kms-crypto-key" },
                    { role: "roles/cloudkms.viewer", resource: k.cryptoKeyId, resourceType: "kms-crypto-key" },
                ],
            },
        },
        resources: k.resources,
    };
}

export interface GcpKeyManagementArgs {
    clusterName: string;
    project: string;
    region: string;
    /** Key ring resource id (projects/<p>/locations/<l>/keyRings/<name>). */
    keyRingId: pulumi.Input<string>;
    /** Key ring name. */
    keyRingName: pulumi.Input<string>;
    /** Options of the cluster's cloud resources (parent and the explicit cloud provider). */
    base: pulumi.CustomResourceOptions;
}

export function gcpKeyManagement(args: GcpKeyManagementArgs): KeyManagement {
    return {
        createKey(purpose: string, opts?: pulumi.CustomResourceOptions): ManagedKey {
            const key = new CryptoKey(
                `${args.clusterName}-${purpose}`,
                { name: purpose, keyRing: args.keyRingId, purpose: "ENCRYPT_DECRYPT", rotationPeriod: "7776000s" },
                { ...args.base, ...opts },
            );
            return gcpServiceKey({
                project: args.project,
                location: args.region,
                keyRing: args.keyRingName,
                cryptoKey: key.name,
                cryptoKeyId: key.id,
                resources: [key],
            });
        },
    };
}
