/**
 * The GKE cluster's own encryption keys, one per purpose, in one Cloud KMS key ring, each rotated
 * every 90 days and usable only by the Google service agent that needs it: etcd (Secrets) by the
 * GKE service agent, node boot disks and persistent disks by the Compute Engine service agent, the
 * handle's buckets by the Cloud Storage service agent. Keys for in-cluster services are created in
 * the same key ring by `kms-keys.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { CryptoKey, CryptoKeyIAMMember, KeyRing } from "@pulumi/gcp/kms";
import { getProjectOutput } from "@pulumi/gcp/organizations";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterResourceOptions } from "../resource-options";

/** The GKE, Compute Engine and Cloud Storage service agents of a project (they use the CMEK keys for etcd, disks and buckets). */
export function serviceAgents(projectNumber: string): { gke: string; compute: string; storage: string } {
    return {
        gke: `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
        compute: `serviceAccount:service-${projectNumber}@compute-system.iam.gserviceaccount.com`,
        storage: `serviceAccount:service-${projectNumber}@gs-project-accounts.iam.gserviceaccount.com`,
    };
}

/** The purposes of the cluster's own keys, and the service agent that uses each. */
export const gkeKeyUsers = { secrets: "gke", disks: "compute", objects: "storage" } as const;

/** The key material and the grants that must exist before it is used. */
export interface GkeKeys {
    ring: KeyRing;
    /** etcd (Kubernetes Secrets) encryption. */
    secrets: CryptoKey;
    /** Node boot disks and persistent disks. */
    disks: CryptoKey;
    /** The handle's buckets. */
    objects: CryptoKey;
    /** The GKE service agent may use the secrets key. */
    gkeKeyUse: CryptoKeyIAMMember;
    /** The Compute Engine service agent may use the disks key. */
    diskKeyUse: CryptoKeyIAMMember;
    /** The objects key's id, known only once the Cloud Storage service agent may use it: what buckets name. */
    bucketKey: pulumi.Output<string>;
}

/** Creates the key ring and a key per purpose once the project's APIs are on, and lets each key's service agent use it. */
export function createGkeKeys(
    name: string,
    cluster: ManagedClusterConfig<"gcp">,
    args: { apis: pulumi.Resource[]; prod: boolean },
    opts: ClusterResourceOptions,
): GkeKeys {
    // Key rings cannot be deleted in GCP; the keys are retained (not destroyed) when the stack is prod.
    const ring = new KeyRing(
        `${name}-keys`,
        { project: cluster.project, location: cluster.region },
        { ...opts.guarded, retainOnDelete: true, dependsOn: args.apis },
    );
    const key = (purpose: keyof typeof gkeKeyUsers) =>
        new CryptoKey(
            `${name}-${purpose}`,
            {
                keyRing: ring.id,
                purpose: "ENCRYPT_DECRYPT",
                rotationPeriod: "7776000s",
                labels: { "platform-io-purpose": purpose },
                ...(args.prod ? {} : { destroyScheduledDuration: "86400s" }),
            },
            opts.keys,
        );
    const keys = { secrets: key("secrets"), disks: key("disks"), objects: key("objects") };
    const project = getProjectOutput({ projectId: cluster.project }, { parent: opts.base.parent, provider: opts.base.provider });
    const agents = project.number.apply(serviceAgents);
    const keyUse = (purpose: keyof typeof gkeKeyUsers) => {
        const agent = gkeKeyUsers[purpose];
        return new CryptoKeyIAMMember(
            `${name}-${purpose}-${agent}`,
            { cryptoKeyId: keys[purpose].id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: agents[agent] },
            opts.base,
        );
    };
    const gkeKeyUse = keyUse("secrets");
    const diskKeyUse = keyUse("disks");
    const bucketKeyUse = keyUse("objects");
    // Buckets name the key only once the storage service agent may use it (a data dependency, not a sleep).
    const bucketKey = pulumi.all([keys.objects.id, bucketKeyUse.id]).apply(([id]) => id);
    return { ring, ...keys, gkeKeyUse, diskKeyUse, bucketKey };
}
