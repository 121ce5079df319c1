/**
 * Adopts an existing cluster (kind, minikube, any conformant distribution) from a kubeconfig path
 * and context. Nothing is created in a cloud: there is no cloud identity to bind and storage uses
 * the cluster's own provisioner.
 */
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { PlatformConfig } from "../config";
import { BoundIdentity, ClusterHandle, IdentityBinder } from "./contract";

type ExistingClusterConfig = Extract<PlatformConfig["cluster"], { cloud: "existing" }>;

/** `~/x` -> `$HOME/x`; other values (absolute paths, inline kubeconfig contents) unchanged. */
export function expandHome(p: string): string {
    return p === "~" || p.startsWith("~/") ? path.join(os.homedir(), p.slice(1)) : p;
}

/** No cloud identity on an adopted cluster: bindings add nothing. */
export const noCloudIdentity: IdentityBinder = {
    mechanism: "none",
    bind(): BoundIdentity {
        return { serviceAccountAnnotations: pulumi.output<Record<string, string>>({}), podLabels: {}, resources: [] };
    },
};

export class ExistingCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, cluster: ExistingClusterConfig, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:ExistingCluster", name, {}, opts);
        const kubeconfig = expandHome(cluster.kubeconfig);
        const provider = new Provider(
            `${name}-k8s`,
            { kubeconfig, context: cluster.context, enableServerSideApply: true },
            { parent: this },
        );
        this.handle = {
            name: cluster.name,
            cloud: "existing",
            region: "local",
            kubernetesVersion: cluster.kubernetesVersion,
            provider,
            kubeconfig: pulumi.secret(kubeconfig),
            endpoint: pulumi.output(`kubeconfig context ${cluster.context ?? "(current)"}`),
            network: { zones: [] },
            storage: { provisioner: "rancher.io/local-path", parameters: {}, driverBuiltIn: true },
            loadBalancer: { serviceAnnotations: () => ({}) },
            identity: noCloudIdentity,
            nodesReady: [],
            component: this,
            outputs: { clusterName: cluster.name, cloud: "existing", context: cluster.context ?? "(current)" },
        };
        this.registerOutputs({});
    }
}
