/**
 * Adopts an existing cluster (kind, minikube, any conformant distribution) from a kubeconfig path
 * and context. Nothing is created in a cloud: there is no cloud identity to bind and storage uses
 * the cluster's own provisioner.
 */
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { PlatformConfig } from "../../config";
import type { ClusterHandle } from "../contract";
import { noCloudIdentity } from "./identity";

type ExistingClusterConfig = Extract<PlatformConfig["cluster"], { cloud: "existing" }>;

/** `~/x` -> `$HOME/x`; other values (absolute paths, inline kubeconfig contents) unchanged. */
export function expandHome(p: string): string {
    return p === "~" || p.startsWith("~/") ? path.join(os.homedir(), p.slice(1)) : p;
}

/** The existing cluster component (`platform:cluster:ExistingCluster`): only a Kubernetes provider for the kubeconfig's context. */
export class ExistingCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, cluster: ExistingClusterConfig, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:ExistingCluster", name, {}, opts);
        const kubeconfig = expandHome(cluster.kubeconfig);
        const provider = new Provider(`${name}-k8s`, { kubeconfig, context: cluster.context, enableServerSideApply: true }, { parent: this });
        this.handle = existingHandle(cluster, kubeconfig, provider, this);
        this.registerOutputs({});
    }
}

/** The ClusterHandle of an adopted cluster: what the kubeconfig says, and no cloud capabilities. */
function existingHandle(cluster: ExistingClusterConfig, kubeconfig: string, provider: Provider, component: ExistingCluster): ClusterHandle {
    return {
        name: cluster.name,
        cloud: "existing",
        region: "local",
        kubernetesVersion: cluster.kubernetesVersion,
        provider,
        kubeconfig: pulumi.secret(kubeconfig),
        endpoint: pulumi.output(`kubeconfig context ${cluster.context ?? "(current)"}`),
        network: { zones: [] },
        // The cluster's own provisioner (kind's local-path by default; the stack may name another), no
        // pre-installed class to demote unless the stack names one, no snapshot controller.
        storage: {
            provisioner: "rancher.io/local-path",
            provisionerConfigurable: true,
            parameters: {},
            driverBuiltIn: true,
            snapshotControllerBuiltIn: false,
            builtInDefaultClasses: [],
        },
        // There may be no load-balancer implementation (kind): do not wait for an address.
        loadBalancer: { serviceAnnotations: () => ({}), awaitAddress: false },
        // Kind, minikube and self-managed clusters expose their control-plane components to scraping.
        managedControlPlane: false,
        identity: noCloudIdentity,
        nodesReady: [],
        component,
        outputs: { clusterName: cluster.name, cloud: "existing", context: cluster.context ?? "(current)" },
    };
}
