/**
 * The EKS cluster's own encryption key: a customer-managed KMS key for envelope encryption of
 * Secrets (and of EBS volumes and S3 buckets through the handle), rotated yearly, kept (not
 * scheduled for deletion) when a prod stack is destroyed. Keys for in-cluster services are
 * created by `kms-keys.ts`.
 */
import { Alias, Key } from "@pulumi/aws/kms";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterResourceOptions } from "../resource-options";

/** Creates the secrets-encryption key and its alias `alias/eks/<cluster>-secrets`. */
export function createSecretsKey(name: string, cluster: ManagedClusterConfig<"aws">, prod: boolean, opts: ClusterResourceOptions): Key {
    const key = new Key(
        `${name}-secrets`,
        {
            description: `EKS secrets encryption for ${cluster.name}`,
            enableKeyRotation: true,
            rotationPeriodInDays: 365,
            deletionWindowInDays: prod ? 30 : 7,
        },
        opts.keys,
    );
    new Alias(`${name}-secrets`, { name: `alias/eks/${cluster.name}-secrets`, targetKeyId: key.keyId }, opts.base);
    return key;
}
