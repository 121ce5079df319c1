/**
 * A tenant namespace's NetworkPolicies: deny everything, then allow DNS, traffic inside the
 * namespace, the ingress controller, Prometheus, and any egress the tenant declared. Pure data.
 */
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import { namespaceNameLabel, PlatformPeer, peerSelector } from "../addons/peers";

type NetworkPolicySpec = k8sInput.networking.v1.NetworkPolicySpec;
type Peer = k8sInput.networking.v1.NetworkPolicyPeer;

/** The platform services tenants exchange traffic with, as their add-ons state them. One left out means no such service, so no rule. */
export interface TrafficSources {
    /** The ingress controller (ingress-nginx or Contour's Envoy): the only way in from outside. */
    ingress?: PlatformPeer;
    /** Prometheus, scraping the tenant's metrics endpoints. */
    monitoring?: PlatformPeer;
}

/** Egress a tenant declared: a network and optional ports. */
export interface EgressRule {
    cidr: string;
    ports: { port: number; protocol: "TCP" | "UDP" }[];
}

/** A NetworkPolicy to create: its Kubernetes name and spec. */
export interface PolicySpec {
    name: string;
    spec: NetworkPolicySpec;
}

/**
 * Cluster DNS as every supported cluster runs it: CoreDNS/kube-dns pods in kube-system labelled
 * `k8s-app: kube-dns` (EKS, AKS, GKE, kind), plus the link-local addresses of NodeLocal DNSCache
 * (169.254.20.10) and GKE's Cloud DNS metadata server (169.254.169.254), port 53 only. One shape
 * on every cloud.
 */
export const clusterDns = {
    namespace: "kube-system",
    podLabels: { "k8s-app": "kube-dns" },
    linkLocal: ["169.254.20.10/32", "169.254.169.254/32"],
} as const;

function fromSource(source: PlatformPeer): Peer {
    return peerSelector(source);
}

/** The policies of one tenant namespace, in a stable order; the first is always the default deny. */
export function networkPolicies(sources: TrafficSources, egress: readonly EgressRule[]): PolicySpec[] {
    const everyPod = {};
    const dnsPorts = [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
    ];
    const policies: PolicySpec[] = [
        { name: "default-deny", spec: { podSelector: everyPod, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-dns",
            spec: {
                podSelector: everyPod,
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [
                            { namespaceSelector: { matchLabels: { [namespaceNameLabel]: clusterDns.namespace } }, podSelector: { matchLabels: { ...clusterDns.podLabels } } },
                            ...clusterDns.linkLocal.map((cidr) => ({ ipBlock: { cidr } })),
                        ],
                        ports: dnsPorts,
                    },
                ],
            },
        },
        {
            name: "allow-same-namespace",
            spec: {
                podSelector: everyPod,
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ podSelector: everyPod }] }],
                egress: [{ to: [{ podSelector: everyPod }] }],
            },
        },
    ];
    if (sources.ingress) {
        policies.push({ name: "allow-from-ingress", spec: { podSelector: everyPod, policyTypes: ["Ingress"], ingress: [{ from: [fromSource(sources.ingress)] }] } });
    }
    if (sources.monitoring) {
        policies.push({ name: "allow-from-prometheus", spec: { podSelector: everyPod, policyTypes: ["Ingress"], ingress: [{ from: [fromSource(sources.monitoring)] }] } });
    }
    if (egress.length > 0) {
        policies.push({
            name: "allow-egress",
            spec: {
                podSelector: everyPod,
                policyTypes: ["Egress"],
                egress: egress.map((e) => ({
                    to: [{ ipBlock: { cidr: e.cidr } }],
                    ...(e.ports.length > 0 ? { ports: e.ports.map((p) => ({ protocol: p.protocol, port: p.port })) } : {}),
                })),
            },
        });
    }
    return policies;
}
