/**
 * Default-deny NetworkPolicies in every platform namespace (every namespace an add-on was installed
 * into), plus the allows each service needs. Created once all add-ons are recorded, so none is missed.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Namespace } from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type { PlatformContext } from "../../context";
import type { ChartName } from "../../versions";
import { systemNamespaces } from "../common";
import { namespacePolicies } from "./rules";

export * from "./rules";

export const ingressControllerCharts: ChartName[] = ["ingressNginx", "contour"];
export const prometheusCharts: ChartName[] = ["kubePrometheusStack"];

export interface PlatformNetworkPoliciesArgs {
    platform: PlatformContext;
    /**
     * Where the API server is reachable from pods. Default: the cluster module's
     * `network.apiServerCidrs` (EKS, GKE); where that is unknown (AKS, existing clusters), anywhere
     * on 443/6443.
     */
    apiServerCidrs?: string[];
}

/** Platform namespaces with the charts installed in each (system namespaces never included). */
export function platformNamespaces(platform: PlatformContext): Map<string, ChartName[]> {
    const out = new Map<string, ChartName[]>();
    for (const a of [...platform.installed, ...platform.extraNamespaces]) {
        if ((systemNamespaces as readonly string[]).includes(a.namespace)) {
            continue;
        }
        out.set(a.namespace, [...(out.get(a.namespace) ?? []), a.chart]);
    }
    return out;
}

/** The namespace of the first installed chart among `charts`. */
export function namespaceOfChart(platform: PlatformContext, charts: ChartName[]): string | undefined {
    return platform.installed.find((a) => charts.includes(a.chart))?.namespace;
}

export class PlatformNetworkPolicies extends pulumi.ComponentResource {
    readonly policies: NetworkPolicy[] = [];
    /** The namespaces covered. */
    readonly namespaces: string[];

    constructor(name: string, args: PlatformNetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:PlatformNetworkPolicies", name, {}, opts);
        const { platform } = args;
        const ingressNamespace = namespaceOfChart(platform, ingressControllerCharts);
        const prometheusNamespace = namespaceOfChart(platform, prometheusCharts);
        const byNamespace = platformNamespaces(platform);
        const namespaceResources = new Map([...platform.installed, ...platform.extraNamespaces].map((a) => [a.namespace, a.namespaceResource] as const));
        this.namespaces = [...byNamespace.keys()].sort();
        const apiServerCidrs = args.apiServerCidrs ?? platform.cluster.network.apiServerCidrs ?? ["0.0.0.0/0"];
        for (const [namespace, charts] of byNamespace) {
            for (const p of namespacePolicies({ namespace, charts, ingressNamespace, prometheusNamespace, apiServerCidrs })) {
                this.policies.push(
                    new NetworkPolicy(
                        `${name}-${namespace}-${p.name}`,
                        { metadata: { name: p.name, namespace, labels: { "platform.io/managed-by": "platform-network-policies" } }, spec: p.spec },
                        { parent: this, dependsOn: [namespaceResources.get(namespace) as Namespace] },
                    ),
                );
            }
        }
        this.registerOutputs({ namespaces: this.namespaces });
    }
}
