/**
 * Google GKE: network, Cloud KMS keys per purpose (etcd Secrets, disks, buckets), a regional cluster
 * with private nodes and a private (prod) or authorized-networks endpoint, no legacy ABAC and no
 * client certificates, Workload Identity, Dataplane V2, control-plane logging, a release channel,
 * and a system and a workloads node pool. Returns the ClusterHandle.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { Provider } from "@pulumi/gcp/provider";
import type { Cluster, NodePool } from "@pulumi/gcp/container";
import type { PlatformConfig } from "../../config";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterHandle, IdentityBinder } from "../contract";
import type { PoolRole } from "../pools";
import { clusterResourceOptions, ClusterResourceOptions } from "../resource-options";
import { kubernetesServiceCidr } from "../service-range";
import { createGkeAccess, grantClusterAdmin, grantPreviewAccess } from "./access";
import { createGkeControlPlane } from "./control-plane";
import { createGkeKeys, GkeKeys } from "./encryption";
import { GkeWorkloadIdentityBinder } from "./identity";
import { gcpKeyManagement } from "./kms-keys";
import { gcpServiceAnnotations } from "./load-balancer";
import { cloudDns } from "./dns";
import { cloudLogging } from "./logs";
import { allowWebhooksFromControlPlane, createGkeNetwork, GkeNetwork } from "./network";
import { createGkeNodePools, createNodeServiceAccount } from "./nodes";
import { GcpObjectStoreFactory } from "./objectstore";
import { enableProjectApis } from "./project-apis";

type GcpCluster = ManagedClusterConfig<"gcp">;

/** The GKE cluster component (`platform:cluster:GkeCluster`); its `handle` is what the rest of the platform uses. */
export class GkeCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, config: PlatformConfig, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:GkeCluster", name, {}, opts);
        const cluster = config.cluster as GcpCluster;
        const prod = config.environment === "prod";
        const labels = { "platform-io-cluster": cluster.name, "platform-io-environment": config.environment, "managed-by": "pulumi", ...cluster.tags };
        const provider = new Provider(`${name}-gcp`, { project: cluster.project, region: cluster.region, defaultLabels: labels }, { parent: this });
        const options = clusterResourceOptions(this, provider, prod);

        const apis = enableProjectApis(name, cluster.project, options.base);
        const afterApis: pulumi.CustomResourceOptions = { ...options.base, dependsOn: apis };
        const network = createGkeNetwork(name, cluster, afterApis);
        const nodeSa = createNodeServiceAccount(name, cluster, afterApis);
        const keys = createGkeKeys(name, cluster, { apis, prod }, options);
        const gke = createGkeControlPlane(
            name,
            cluster,
            {
                network,
                keys,
                nodeServiceAccount: nodeSa.account.email,
                labels,
                prod,
                dependsOn: [...apis, keys.gkeKeyUse, keys.diskKeyUse, ...nodeSa.grants, ...network.egress],
            },
            options,
        );
        allowWebhooksFromControlPlane(name, cluster, { network: network.network, nodeServiceAccount: nodeSa.account.email }, options.base);
        const pools = createGkeNodePools(
            name,
            cluster,
            { cluster: gke.name, serviceAccount: nodeSa.account.email, bootDiskKmsKey: keys.disks.id, dependsOn: [...nodeSa.grants, keys.diskKeyUse] },
            options.base,
        );
        const access = createGkeAccess(name, gke, this);
        grantClusterAdmin(name, cluster.adminGroup, { parent: this, provider: access.provider });
        grantPreviewAccess(name, config.pipeline.previewIdentity, cluster.project, { parent: this, provider, k8s: access.provider });
        const identity = new GkeWorkloadIdentityBinder({ name: cluster.name, project: cluster.project, provider, parent: this, cluster: gke });

        this.handle = gkeHandle({
            cluster,
            labels,
            component: this,
            provider,
            options,
            network,
            keys,
            gke,
            pools,
            nodeServiceAccount: nodeSa.account.email,
            access,
            identity,
        });
        this.registerOutputs({ clusterName: gke.name });
    }
}

/** What the GKE handle is assembled from. */
interface GkeParts {
    cluster: GcpCluster;
    labels: Record<string, string>;
    component: GkeCluster;
    provider: Provider;
    options: ClusterResourceOptions;
    network: GkeNetwork;
    keys: GkeKeys;
    gke: Cluster;
    pools: Record<PoolRole, NodePool>;
    nodeServiceAccount: pulumi.Output<string>;
    access: { kubeconfig: pulumi.Output<string>; provider: K8sProvider };
    identity: IdentityBinder;
}

/** The ClusterHandle of a GKE cluster: its facts, and the capabilities add-ons use (identity, storage, keys, buckets). */
function gkeHandle(p: GkeParts): ClusterHandle {
    const { cluster, network, keys, gke } = p;
    const masterCidr = cluster.network.masterCidr;
    return {
        name: cluster.name,
        cloud: "gcp",
        region: cluster.region,
        kubernetesVersion: cluster.kubernetesVersion,
        provider: p.access.provider,
        kubeconfig: p.access.kubeconfig,
        endpoint: gke.endpoint.apply((e) => `https://${e}`),
        network: {
            networkId: network.network,
            nodeCidr: network.nodeCidr,
            podCidr: network.podCidr,
            serviceCidr: network.serviceCidr,
            // A private cluster's API server endpoint sits in the control plane's /28.
            apiServerCidrs: [masterCidr, ...(network.serviceCidr ? [kubernetesServiceCidr(network.serviceCidr)] : [])],
            zones: cluster.zones ?? [],
        },
        storage: {
            provisioner: "pd.csi.storage.gke.io",
            parameters: { type: "pd-balanced", "disk-encryption-kms-key": keys.disks.id },
            snapshotDriver: "pd.csi.storage.gke.io",
            driverBuiltIn: true,
            snapshotControllerBuiltIn: true,
            builtInDefaultClasses: ["standard-rwo"],
        },
        loadBalancer: { serviceAnnotations: gcpServiceAnnotations, awaitAddress: true },
        dns: cloudDns,
        logs: cloudLogging,
        managedControlPlane: true,
        identity: p.identity,
        // Buckets are encrypted with the cluster's object-storage key, which the Cloud Storage service agent may use.
        objectStore: new GcpObjectStoreFactory(
            { clusterName: cluster.name, project: cluster.project, location: cluster.region, kmsKeyName: keys.bucketKey, labels: p.labels },
            { providers: [p.provider] },
        ),
        kms: gcpKeyManagement({
            clusterName: cluster.name,
            project: cluster.project,
            region: cluster.region,
            keyRingId: keys.ring.id,
            keyRingName: keys.ring.name,
            base: p.options.keys,
        }),
        nodesReady: [p.pools.system, p.pools.workloads],
        component: p.component,
        outputs: {
            clusterName: gke.name,
            project: cluster.project,
            workloadPool: `${cluster.project}.svc.id.goog`,
            network: network.network,
            secretsKey: keys.secrets.id,
            disksKey: keys.disks.id,
            objectStorageKey: keys.objects.id,
            nodeServiceAccount: p.nodeServiceAccount,
            endpointAccess: cluster.endpoint.private ? "private" : "public-restricted",
        },
    };
}
