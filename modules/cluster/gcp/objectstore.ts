/**
 * Object storage on GCP for the ClusterHandle's `objectStore`: a regional GCS bucket with uniform
 * bucket-level access, public access prevention enforced, versioning (noncurrent versions deleted
 * after a week), and the stack's Cloud KMS key when given (Google-managed encryption otherwise).
 * Clients reach it through GKE Workload Identity: no service-account keys.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "@pulumi/gcp/storage";
import type { ObjectStore, ObjectStoreFactory, ObjectStoreRequest } from "../contract";

/** The cluster's facts the GCS factory needs. */
export interface GcpObjectStoreArgs {
    /** The cluster's name: prefix of bucket names. */
    clusterName: string;
    project: pulumi.Input<string>;
    /** Bucket location (the cluster's region). */
    location: string;
    /** Cloud KMS key (projects/…/cryptoKeys/…) for default encryption. */
    kmsKeyName?: pulumi.Input<string>;
    labels?: Record<string, string>;
}

/** A globally unique, deterministic bucket name (3–63 characters) from cluster, purpose and stack. */
export function gcsBucketName(clusterName: string, purpose: string, stack: string): string {
    const hash = createHash("sha256").update(`${stack}/${clusterName}/${purpose}`).digest("hex").slice(0, 8);
    return (
        `${clusterName}-${purpose}`
            .toLowerCase()
            .replace(/[^a-z0-9-]/g, "-")
            .slice(0, 50)
            .replace(/-+$/, "") + `-${hash}`
    );
}

/** The Thanos objstore configuration for a GCS bucket, authenticated by ADC (the GKE metadata server). */
export function gcsObjstoreConfig(bucket: string): Record<string, unknown> {
    return { type: "GCS", config: { bucket } };
}

/** ClusterHandle.objectStore on GKE: one private, versioned GCS bucket per request. */
export class GcpObjectStoreFactory implements ObjectStoreFactory {
    constructor(
        private readonly args: GcpObjectStoreArgs,
        private readonly baseOpts: pulumi.ComponentResourceOptions = {},
    ) {}

    create(request: ObjectStoreRequest, opts?: pulumi.ComponentResourceOptions): ObjectStore {
        return new GcpObjectStore(request.name, this.args, request, { ...this.baseOpts, ...opts }).store;
    }
}

class GcpObjectStore extends pulumi.ComponentResource {
    readonly store: ObjectStore;

    constructor(name: string, args: GcpObjectStoreArgs, request: ObjectStoreRequest, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:GcpObjectStore", name, {}, opts);
        const bucket = new Bucket(
            `${name}-bucket`,
            {
                name: gcsBucketName(args.clusterName, request.name, pulumi.getStack()),
                project: args.project,
                location: args.location,
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                versioning: { enabled: true },
                encryption: args.kmsKeyName ? { defaultKmsKeyName: args.kmsKeyName } : undefined,
                lifecycleRules: [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 7, withState: "ARCHIVED" } }],
                forceDestroy: false,
                labels: args.labels,
            },
            { parent: this, protect: request.protect },
        );
        this.store = {
            kind: "gcs",
            bucket: bucket.name,
            objstoreConfig: bucket.name.apply(gcsObjstoreConfig),
            readWrite: { gcp: { roles: [{ role: "roles/storage.objectAdmin", resource: bucket.name, resourceType: "storage-bucket" }] } },
            readOnly: { gcp: { roles: [{ role: "roles/storage.objectViewer", resource: bucket.name, resourceType: "storage-bucket" }] } },
            resources: [bucket],
        };
        this.registerOutputs({ bucket: bucket.name });
    }
}
