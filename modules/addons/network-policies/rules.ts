/**
 * Network policies for platform namespaces, as data: default-deny ingress and egress in every
 * platform namespace, then the allows each service needs. Every namespace gets DNS, the API server,
 * traffic within itself and scraping from Prometheus; a service's profile adds the rest (webhooks
 * called by the API server, traffic from the ingress controller, egress to the internet for ACME or
 * cloud APIs). Pure.
 */
import { namespaceByName, NamespaceSelector } from "../peers";
import type { TrafficProfile } from "../traffic";

export interface Port {
    port: number;
    protocol?: "TCP" | "UDP";
}

export type Peer =
    | { namespaceSelector: NamespaceSelector; podSelector?: { matchLabels: Record<string, string> } }
    | { namespaceSelector: Record<string, never> }
    | { ipBlock: { cidr: string } };

export interface NetworkPolicySpec {
    name: string;
    namespace: string;
    spec: {
        podSelector: Record<string, unknown>;
        policyTypes: ("Ingress" | "Egress")[];
        ingress?: { from?: Peer[]; ports?: Port[] }[];
        egress?: { to?: Peer[]; ports?: Port[] }[];
    };
}

const tcp = (ports: number[]): Port[] => ports.map((port) => ({ port, protocol: "TCP" }));
const anyNamespace: Peer = { namespaceSelector: {} };
const anywhere: Peer = { ipBlock: { cidr: "0.0.0.0/0" } };

export interface NamespacePolicyInput {
    namespace: string;
    /** The traffic profiles of the charts running in it (merged). */
    traffic: readonly TrafficProfile[];
    /** The ingress controller's namespace, when one is installed. */
    ingressNamespace?: string;
    /** Prometheus' namespace, when one is installed. */
    prometheusNamespace?: string;
    /** Where the API server is reachable from pods (CIDRs). */
    apiServerCidrs: string[];
}

function merge(profiles: readonly TrafficProfile[]): Required<TrafficProfile> {
    const uniq = (xs: (number[] | undefined)[]) => [...new Set(xs.flatMap((x) => x ?? []))].sort((a, b) => a - b);
    return {
        webhookPorts: uniq(profiles.map((p) => p.webhookPorts)),
        clusterPorts: uniq(profiles.map((p) => p.clusterPorts)),
        ingressPorts: uniq(profiles.map((p) => p.ingressPorts)),
        publicPorts: uniq(profiles.map((p) => p.publicPorts)),
        internetEgressPorts: uniq(profiles.map((p) => p.internetEgressPorts)),
        clusterEgress: profiles.some((p) => p.clusterEgress),
    };
}

/** Every NetworkPolicy of one platform namespace: default-deny first, then the allows. */
export function namespacePolicies(o: NamespacePolicyInput): NetworkPolicySpec[] {
    const ns = o.namespace;
    const all = { podSelector: {} };
    const p = merge(o.traffic);
    const out: NetworkPolicySpec[] = [
        { name: "default-deny", namespace: ns, spec: { ...all, policyTypes: ["Ingress", "Egress"] } },
        { name: "allow-dns", namespace: ns, spec: { ...all, policyTypes: ["Egress"], egress: [{ ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] }] } },
        {
            name: "allow-apiserver",
            namespace: ns,
            spec: { ...all, policyTypes: ["Egress"], egress: [{ to: o.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp([443, 6443]) }] },
        },
        {
            name: "allow-same-namespace",
            namespace: ns,
            spec: { ...all, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ namespaceSelector: namespaceByName(ns), podSelector: { matchLabels: {} } }] }], egress: [{ to: [{ namespaceSelector: namespaceByName(ns), podSelector: { matchLabels: {} } }] }] },
        },
    ];
    if (o.prometheusNamespace && o.prometheusNamespace !== ns) {
        out.push({ name: "allow-prometheus-scrape", namespace: ns, spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: namespaceByName(o.prometheusNamespace) }] }] } });
    }
    if (p.webhookPorts.length > 0) {
        out.push({ name: "allow-apiserver-webhooks", namespace: ns, spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [anywhere], ports: tcp(p.webhookPorts) }] } });
    }
    if (p.clusterPorts.length > 0) {
        out.push({ name: "allow-from-cluster", namespace: ns, spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [anyNamespace], ports: tcp(p.clusterPorts) }] } });
    }
    if (p.ingressPorts.length > 0 && o.ingressNamespace && o.ingressNamespace !== ns) {
        out.push({ name: "allow-from-ingress", namespace: ns, spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: namespaceByName(o.ingressNamespace) }], ports: tcp(p.ingressPorts) }] } });
    }
    if (p.publicPorts.length > 0) {
        out.push({ name: "allow-public", namespace: ns, spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [anywhere], ports: tcp(p.publicPorts) }] } });
    }
    if (p.internetEgressPorts.length > 0) {
        out.push({ name: "allow-egress-external", namespace: ns, spec: { ...all, policyTypes: ["Egress"], egress: [{ to: [anywhere], ports: tcp(p.internetEgressPorts) }] } });
    }
    if (p.clusterEgress) {
        out.push({ name: "allow-egress-cluster", namespace: ns, spec: { ...all, policyTypes: ["Egress"], egress: [{ to: [anyNamespace] }] } });
    }
    return out;
}
