/**
 * The platform's one Service of type LoadBalancer: the only way traffic enters the cluster, shared by
 * every tenant. It is a first-class Pulumi resource rather than a chart template for two reasons:
 * - teardown: `pulumi destroy` deletes it before the cluster and network it depends on, and Pulumi
 *   waits until the object is gone, which happens only after the cloud controller has removed the
 *   cloud load balancer (the `service.kubernetes.io/load-balancer-cleanup` finalizer). So the NLB,
 *   Azure LB rule or GCP forwarding rule never blocks the VPC/VNet deletion;
 * - the plan (and the policy pack) sees it, so "exactly one LoadBalancer" is checkable.
 */

export const loadBalancerServiceName = "platform-ingress";
/** Marks the platform's ingress load balancer (the one allow-listed LoadBalancer Service). */
export const ingressLoadBalancerLabel = "platform.io/ingress-load-balancer";

export interface LoadBalancerOptions {
    namespace: string;
    /** Pod labels of the data plane the Service sends traffic to. */
    selector: Record<string, string>;
    /** Cloud annotations for an internal or internet-facing load balancer (from the cluster handle). */
    annotations: Record<string, string>;
    /** Client networks allowed through (loadBalancerSourceRanges). */
    sourceRanges: string[];
    /** Whether `pulumi up` waits for the load balancer's address (the cluster handle's `loadBalancer.awaitAddress`). */
    awaitAddress: boolean;
    /** The data plane's HTTP and HTTPS container ports (names or numbers). Default: the ports named `http` and `https`. */
    targetPorts?: { http: string | number; https: string | number };
}

export function loadBalancerServiceSpec(o: LoadBalancerOptions) {
    // Where the cluster may have no load-balancer implementation (kind), do not block `pulumi up`
    // waiting for an address that may never come.
    const awaitAnnotations: Record<string, string> = o.awaitAddress ? {} : { "pulumi.com/skipAwait": "true" };
    return {
        metadata: {
            name: loadBalancerServiceName,
            namespace: o.namespace,
            labels: { [ingressLoadBalancerLabel]: "true", "platform.io/component": "ingress" },
            annotations: { ...o.annotations, ...awaitAnnotations },
        },
        spec: {
            type: "LoadBalancer",
            // Local keeps client source IPs and lets every cloud health-check nodes through the
            // kube-proxy health port, so no controller-specific probe annotation is needed.
            externalTrafficPolicy: "Local",
            selector: o.selector,
            loadBalancerSourceRanges: o.sourceRanges.length > 0 ? o.sourceRanges : undefined,
            ports: [
                { name: "http", port: 80, targetPort: o.targetPorts?.http ?? "http", protocol: "TCP" },
                { name: "https", port: 443, targetPort: o.targetPorts?.https ?? "https", protocol: "TCP" },
            ],
        },
    };
}
