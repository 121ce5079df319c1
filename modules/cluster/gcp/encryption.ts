/**
 * The GKE cluster's own encryption key: a Cloud KMS key ring and a key, rotated every 90 days,
 * that encrypts etcd (Secrets), node and persistent disks and the handle's buckets. The GKE,
 * Compute Engine and Cloud Storage service agents may use it. Keys for in-cluster services are
 * created in the same key ring by `kms-keys.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { CryptoKey, CryptoKeyIAMMember, KeyRing } from "@pulumi/gcp/kms";
import { getProjectOutput } from "@pulumi/gcp/organizations";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterResourceOptions } from "../resource-options";

/** The GKE, Compute Engine and Cloud Storage service agents of a project (they use the CMEK key for etcd, disks and buckets). */
export function serviceAgents(projectNumber: string): { gke: string; compute: string; storage: string } {
    return {
        gke: `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
        compute: `serviceAccount:service-${projectNumber}@compute-system.iam.gserviceaccount.com`,
        storage: `serviceAccount:service-${projectNumber}@gs-project-accounts.iam.gserviceaccount.com`,
    };
}

/** The key material and the grants that must exist before it is used. */
export interface GkeKeys {
    ring: KeyRing;
    key: CryptoKey;
    /** The GKE service agent may use the key (etcd encryption). */
    gkeKeyUse: CryptoKeyIAMMember;
    /** The Compute Engine service agent may use the key (disks). */
    diskKeyUse: CryptoKeyIAMMember;
    /** The key's id, known only once the Cloud Storage service agent may use it: what buckets name. */
    bucketKey: pulumi.Output<string>;
}

/** Creates the key ring and key once the project's APIs are on, and lets the service agents use the key. */
export function createGkeKeys(name: string, cluster: ManagedClusterConfig<"gcp">, args: { apis: pulumi.Resource[]; prod: boolean }, opts: ClusterResourceOptions): GkeKeys {
    // Key rings cannot be deleted in GCP; the key is retained (not destroyed) when the stack is prod.
    const ring = new KeyRing(`${name}-keys`, { project: cluster.project, location: cluster.region }, { ...opts.guarded, retainOnDelete: true, dependsOn: args.apis });
    const key = new CryptoKey(
        `${name}-secrets`,
        { keyRing: ring.id, purpose: "ENCRYPT_DECRYPT", rotationPeriod: "7776000s", ...(args.prod ? {} : { destroyScheduledDuration: "86400s" }) },
        opts.keys,
    );
    const project = getProjectOutput({ projectId: cluster.project }, { parent: opts.base.parent, provider: opts.base.provider });
    const agents = project.number.apply(serviceAgents);
    const keyUse = (suffix: string, member: pulumi.Output<string>) =>
        new CryptoKeyIAMMember(`${name}-secrets-${suffix}`, { cryptoKeyId: key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member }, opts.base);
    const gkeKeyUse = keyUse("gke", agents.gke);
    const diskKeyUse = keyUse("compute", agents.compute);
    const bucketKeyUse = keyUse("storage", agents.storage);
    // Buckets name the key only once the storage service agent may use it (a data dependency, not a sleep).
    const bucketKey = pulumi.all([key.id, bucketKeyUse.id]).apply(([id]) => id);
    return { ring, key, gkeKeyUse, diskKeyUse, bucketKey };
}
