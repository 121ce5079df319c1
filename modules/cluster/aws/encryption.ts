/**
 * The EKS cluster's own customer-managed keys, one per purpose, so that a principal allowed to use
 * one kind of data never holds the key to another: Kubernetes Secrets (envelope encryption by the
 * control plane), node and volume disks (EBS), object storage (the handle's S3 buckets) and
 * CloudWatch log groups. Each key has an explicit key policy (key-policies.ts) naming the
 * principals that use it, rotates yearly, and is kept (not scheduled for deletion) when a prod stack
 * is destroyed. Keys for in-cluster services are created by `kms-keys.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Alias, Key } from "@pulumi/aws/kms";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterResourceOptions } from "../resource-options";
import { ClusterKeyPrincipals, ClusterKeyPurpose, eksKeyPolicy } from "./key-policies";

/** The cluster's keys, by purpose. */
export type EksKeys = Record<ClusterKeyPurpose, Key>;

/** What each key is for, in its description. */
const descriptions: Record<ClusterKeyPurpose, string> = {
    secrets: "Kubernetes Secrets envelope encryption",
    disks: "node root volumes and persistent volumes (EBS)",
    objects: "object storage (S3 buckets)",
    logs: "CloudWatch log groups (control plane, VPC flow logs)",
};

/** Where the keys live and who uses them; outputs, resolved when the keys are created. */
export interface EksKeysArgs {
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    region: string;
    principals: { [K in keyof ClusterKeyPrincipals]: pulumi.Input<ClusterKeyPrincipals[K]> };
}

/** Creates one key per purpose, each with its alias `alias/eks/<cluster>-<purpose>` and explicit policy. */
export function createEksKeys(name: string, cluster: ManagedClusterConfig<"aws">, prod: boolean, args: EksKeysArgs, opts: ClusterResourceOptions): EksKeys {
    const make = (purpose: ClusterKeyPurpose): Key => {
        const policy = pulumi
            .all([args.accountId, args.partition, pulumi.output(args.principals)])
            .apply(([accountId, partition, principals]) =>
                eksKeyPolicy(purpose, { accountId, partition, region: args.region }, principals as ClusterKeyPrincipals),
            );
        const key = new Key(
            `${name}-${purpose}`,
            {
                description: `EKS ${cluster.name}: ${descriptions[purpose]}`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                deletionWindowInDays: prod ? 30 : 7,
                policy,
                tags: { "platform.io/purpose": purpose },
            },
            opts.keys,
        );
        new Alias(`${name}-${purpose}`, { name: `alias/eks/${cluster.name}-${purpose}`, targetKeyId: key.keyId }, opts.base);
        return key;
    };
    return { secrets: make("secrets"), disks: make("disks"), objects: make("objects"), logs: make("logs") };
}
