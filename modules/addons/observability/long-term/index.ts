/**
 * `platform:observability:ThanosBucket`: the long-term metrics bucket, created in the cluster's
 * cloud through `ClusterHandle.objectStore`, the objstore Secret that points at it, and one scoped
 * identity per Thanos component (Prometheus sidecar and compactor: read/write/delete; store
 * gateway: read-only).
 */
import * as pulumi from "@pulumi/pulumi";
import { Secret as KubeSecret } from "@pulumi/kubernetes/core/v1";
import type { Namespace } from "@pulumi/kubernetes/core/v1";
import { stringify } from "yaml";
import type { BoundIdentity } from "../../../cluster/contract";
import { ConfigError } from "../../../config";
import type { PlatformContext } from "../../context";
import { kps } from "../metrics/values";
import { objstoreSecret, thanosNames } from "./values";

/** Inputs of the Thanos bucket component. */
export interface ThanosBucketArgs {
    platform: PlatformContext;
    namespace: Namespace;
    namespaceName: string;
}

/** The bucket, its objstore Secret and the three scoped identities; throws a config error where the cluster has no object storage. */
export class ThanosBucket extends pulumi.ComponentResource {
    readonly bucket: pulumi.Output<string>;
    readonly objstoreSecret: KubeSecret;
    readonly sidecar: BoundIdentity;
    readonly storeGateway: BoundIdentity;
    readonly compact: BoundIdentity;
    /** Everything a Thanos client must wait for: bucket, Secret, identities. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: ThanosBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:ThanosBucket", name, {}, { ...opts, providers: { kubernetes: args.platform.cluster.provider } });
        const cluster = args.platform.cluster;
        if (!cluster.objectStore) {
            throw new ConfigError([
                { path: "observability.longTerm.enabled", message: `a ${cluster.cloud} cluster offers no object storage for Thanos; set observability.longTerm.enabled: false` },
            ]);
        }
        const child = { parent: this };
        const store = cluster.objectStore.create({ name: "thanos", protect: args.platform.protect }, child);
        this.bucket = store.bucket;
        const bind = (who: string, serviceAccount: string, readOnly: boolean) =>
            cluster.identity.bind(
                { name: `thanos-${who}`, namespace: args.namespaceName, serviceAccount, permissions: readOnly ? store.readOnly : store.readWrite },
                child,
            );
        this.sidecar = bind("sidecar", kps.prometheusServiceAccount, false);
        this.storeGateway = bind("store", thanosNames.storeGatewayServiceAccount, true);
        this.compact = bind("compact", thanosNames.compactServiceAccount, false);
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
}
