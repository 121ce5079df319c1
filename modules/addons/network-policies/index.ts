/**
 * Default-deny NetworkPolicies in every platform namespace, plus the allows each service's add-on
 * declared for its chart (its traffic profile). Built from the immutable description of the
 * installed platform, admission control included, so no platform namespace is missed.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type { PlatformConfig } from "../../config";
import { ingress } from "../ingress";
import { observability } from "../observability";
import type { InstalledPlatform } from "../runner";
import { namespacePolicies } from "./rules";

export * from "./rules";

export interface PlatformNetworkPoliciesArgs {
    /** Every installed add-on, admission control included. */
    platform: InstalledPlatform;
    /**
     * Where the API server is reachable from pods. Default: the cluster module's
     * `network.apiServerCidrs` (EKS, GKE, AKS); where that is unknown (existing clusters), anywhere
     * on 443/6443.
     */
    apiServerCidrs?: string[];
    /** The cluster's own idea of where its API server is (`ClusterHandle.network.apiServerCidrs`). */
    clusterApiServerCidrs?: string[];
    /** The node network (`ClusterHandle.network.nodeCidr`): where host-network agents (kubelet, node-exporter) listen. Default: unknown (anywhere, on their ports only). */
    nodeCidrs?: string[];
    /** The ports platform services reach in tenant namespaces (`tenancy.network`). Default: none. */
    tenantPorts?: { service: readonly number[]; metrics: readonly number[] };
}

export class PlatformNetworkPolicies extends pulumi.ComponentResource {
    readonly policies: NetworkPolicy[] = [];
    /** The namespaces covered. */
    readonly namespaces: string[];

    constructor(name: string, args: PlatformNetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:PlatformNetworkPolicies", name, {}, opts);
        const { platform } = args;
        const ingressNamespace = platform.get(ingress)?.dataPlane.namespaceName;
        const prometheusNamespace = platform.get(observability)?.prometheus?.namespaceName;
        const namespaces = platform.namespaces;
        this.namespaces = namespaces.map((n) => n.name).sort();
        const apiServerCidrs = args.apiServerCidrs ?? args.clusterApiServerCidrs ?? ["0.0.0.0/0"];
        const targets = namespaces.map((n) => ({ name: n.name, charts: n.charts, traffic: n.traffic }));
        for (const ns of namespaces) {
            for (const p of namespacePolicies({
                namespace: ns.name,
                traffic: ns.traffic,
                ingressNamespace,
                prometheusNamespace,
                apiServerCidrs,
                platform: targets,
                nodeCidrs: args.nodeCidrs,
                tenantPorts: args.tenantPorts,
            })) {
                this.policies.push(
                    new NetworkPolicy(
                        `${name}-${ns.name}-${p.name}`,
                        { metadata: { name: p.name, namespace: ns.name, labels: { "platform.io/managed-by": "platform-network-policies" } }, spec: p.spec },
                        { parent: this, dependsOn: [ns.resource] },
                    ),
                );
            }
        }
        this.registerOutputs({ namespaces: this.namespaces });
    }
}

/** The platform network policies, or nothing when they are off (`security.networkPolicies.enabled`). */
export function installNetworkPolicies(
    config: PlatformConfig,
    platform: InstalledPlatform,
    clusterApiServerCidrs?: string[],
    /** The cluster's node network, when the cluster module knows it. */
    nodeCidr?: string,
): PlatformNetworkPolicies | undefined {
    const s = config.security;
    if (!s.enabled || !s.networkPolicies.enabled) {
        return undefined;
    }
    return new PlatformNetworkPolicies("network-policies", {
        platform,
        apiServerCidrs: s.networkPolicies.apiServerCidrs,
        clusterApiServerCidrs,
        nodeCidrs: nodeCidr ? [nodeCidr] : undefined,
        tenantPorts: { service: config.tenancy.network.servicePorts, metrics: config.tenancy.network.metricsPorts },
    });
}
