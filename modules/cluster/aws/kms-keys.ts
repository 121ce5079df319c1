/**
 * AWS KMS keys for in-cluster services (Vault auto-unseal): one symmetric key per purpose, rotated
 * yearly, 30-day deletion window, with an explicit key policy (the account administers it; only the
 * cluster's workload roles may use it, and then only the one whose IAM policy names the key). The
 * EKS module hands `awsKeyManagement(...)` to the ClusterHandle as `kms`; the service's identity
 * gets Encrypt/Decrypt/DescribeKey on exactly this key.
 */
import * as pulumi from "@pulumi/pulumi";
import { Alias, Key } from "@pulumi/aws/kms";
import type { KeyManagement, ManagedKey } from "../contract";
import { serviceKeyPolicy } from "./key-policies";

/** A KMS key as in-cluster services use it: Vault's `awskms` seal, and Encrypt/Decrypt/DescribeKey on exactly this key. */
export function awsServiceKey(k: { region: string; keyId: pulumi.Output<string>; keyArn: pulumi.Output<string>; resources: pulumi.Resource[] }): ManagedKey {
    return {
        vaultSeal: { type: "awskms", stanza: pulumi.interpolate`seal "awskms" {\n  region     = "${k.region}"\n  kms_key_id = "${k.keyId}"\n}\n` },
        encryptDecrypt: { aws: { statements: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: k.keyArn }] } },
        resources: k.resources,
    };
}

export interface AwsKeyManagementArgs {
    /** The cluster name: key aliases are `alias/<cluster>-<purpose>`. */
    clusterName: string;
    region: string;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** Options of the cluster's cloud resources (parent and the explicit cloud provider). */
    base: pulumi.CustomResourceOptions;
}

export function awsKeyManagement(args: AwsKeyManagementArgs): KeyManagement {
    return {
        createKey(purpose: string, opts?: pulumi.CustomResourceOptions): ManagedKey {
            const name = `${args.clusterName}-${purpose}`;
            const key = new Key(
                name,
                {
                    description: `${purpose} key of cluster ${args.clusterName}`,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    policy: pulumi
                        .all([args.accountId, args.partition])
                        .apply(([accountId, partition]) => serviceKeyPolicy({ accountId, partition, region: args.region }, args.clusterName)),
                    tags: { "platform.io/cluster": args.clusterName, "platform.io/purpose": purpose },
                },
                { ...args.base, ...opts },
            );
            const alias = new Alias(`${name}-alias`, { name: `alias/${name}`, targetKeyId: key.keyId }, { parent: key });
            return awsServiceKey({ region: args.region, keyId: key.keyId, keyArn: key.arn, resources: [key, alias] });
        },
    };
}
