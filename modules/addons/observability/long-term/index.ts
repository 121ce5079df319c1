/**
 * `platform:observability:ThanosBucket`: the long-term metrics bucket, created in the cluster's
 * cloud through `ClusterHandle.objectStore`, and the objstore Secret that points at it. The releases
 * that use it declare their identities on it (Prometheus sidecar and compactor: read/write/delete;
 * store gateway: read-only), parented here with the bucket they may touch.
 */
import * as pulumi from "@pulumi/pulumi";
import { Secret as KubeSecret } from "@pulumi/kubernetes/core/v1";
import type { Namespace } from "@pulumi/kubernetes/core/v1";
import { stringify } from "yaml";
import type { ObjectStore, ObjectStoreFactory } from "../../../cluster/contract";
import type { AddonContext } from "../../context";
import type { ChartIdentityRequest } from "../../helm";
import { objstoreSecret } from "./values";

/** Inputs of the Thanos bucket component. */
export interface ThanosBucketArgs {
    context: AddonContext;
    /** The cluster's object storage (the add-on declares the capability, so the runner checked it is there). */
    objectStore: ObjectStoreFactory;
    namespace: Namespace;
}

/** The bucket and its objstore Secret. */
export class ThanosBucket extends pulumi.ComponentResource {
    readonly bucket: pulumi.Output<string>;
    readonly store: ObjectStore;
    readonly objstoreSecret: KubeSecret;
    /** Everything a Thanos client must wait for: bucket and Secret. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: ThanosBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:ThanosBucket", name, {}, { ...opts, providers: { kubernetes: args.context.cluster.provider } });
        const child = { parent: this };
        const store = args.objectStore.create({ name: "thanos", protect: args.context.protect }, child);
        this.store = store;
        this.bucket = store.bucket;
        // No credential in it (workload identity), but charts read objstore config from a Secret.
        this.objstoreSecret = new KubeSecret(
            `${name}-objstore`,
            {
                metadata: { name: objstoreSecret.name, namespace: args.namespace.metadata.name },
                type: "Opaque",
                stringData: { [objstoreSecret.key]: store.objstoreConfig.apply((c) => stringify(c)) },
            },
            { ...child, dependsOn: store.resources },
        );
        this.ready = [...store.resources, this.objstoreSecret];
        this.registerOutputs({ bucket: store.bucket });
    }

    /**
     * An identity on this bucket for a Thanos component's service account: read/write/delete, or
     * read-only. Its cloud resources are children of the bucket's component.
     */
    identity(
        who: string,
        serviceAccount: string,
        access: "read-write" | "read-only",
        at: { annotationsAt: string; podLabelsAt: string },
    ): ChartIdentityRequest {
        return {
            name: `thanos-${who}`,
            serviceAccount,
            permissions: access === "read-only" ? this.store.readOnly : this.store.readWrite,
            parent: this,
            ...at,
        };
    }
}
