/**
 * Network policies for platform namespaces, as data: default-deny ingress and egress in every
 * platform namespace, then the allows each service needs. Every namespace gets cluster DNS (the
 * kube-dns pods and the link-local resolvers, nothing else), the API server, traffic within itself
 * and scraping from Prometheus; a service's profile adds the rest (webhooks called by the API server,
 * traffic from the ingress controller or from tenants, egress to the internet for ACME or cloud APIs,
 * and egress inside the cluster per target, each with its ports). No platform namespace may reach
 * every namespace. Pure.
 */
import { clusterDns, clusterDnsPeers, namespaceByName, NamespaceSelector, tenantNamespaces } from "../peers";
import type { EgressTarget, TrafficProfile } from "../traffic";
import type { ChartName } from "../versions";

export interface Port {
    port: number;
    protocol?: "TCP" | "UDP";
}

export type Peer =
    | { namespaceSelector: NamespaceSelector; podSelector?: { matchLabels: Record<string, string> } }
    | { namespaceSelector: ReturnType<typeof tenantNamespaces> }
    | { namespaceSelector: Record<string, never> }
    | { ipBlock: { cidr: string } };

/** The port cert-manager's ACME HTTP-01 solver pods listen on (the ingress controller forwards challenges there). */
export const acmeSolverPort = 8089;

/** A platform namespace as an egress target: its name, the charts running there and their traffic profiles. */
export interface PlatformTarget {
    name: string;
    charts: readonly ChartName[];
    traffic: readonly TrafficProfile[];
}

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
    /** Every platform namespace (the targets of `ingressBackends`, `platformNamespaces` and `chart` egress). Default: none. */
    platform?: readonly PlatformTarget[];
    /** The nodes' addresses (targets of `nodes` egress). Default: anywhere (on the declared ports only). */
    nodeCidrs?: string[];
    /** The ports platform services reach in tenant namespaces (`tenancy.network`). */
    tenantPorts?: { service: readonly number[]; metrics: readonly number[] };
}

/** Profiles merged: ports unioned and sorted, egress targets deduplicated in declaration order. */
export function mergeProfiles(profiles: readonly TrafficProfile[]): Required<TrafficProfile> {
    const uniq = (xs: (number[] | undefined)[]) => [...new Set(xs.flatMap((x) => x ?? []))].sort((a, b) => a - b);
    const egress = new Map<string, EgressTarget>();
    for (const target of profiles.flatMap((p) => p.egress ?? [])) {
        egress.set(JSON.stringify(target), target);
    }
    return {
        webhookPorts: uniq(profiles.map((p) => p.webhookPorts)),
        clusterPorts: uniq(profiles.map((p) => p.clusterPorts)),
        tenantPorts: uniq(profiles.map((p) => p.tenantPorts)),
        ingressPorts: uniq(profiles.map((p) => p.ingressPorts)),
        publicPorts: uniq(profiles.map((p) => p.publicPorts)),
        internetEgressPorts: uniq(profiles.map((p) => p.internetEgressPorts)),
        egress: [...egress.values()],
    };
}

type EgressRule = { to?: Peer[]; ports?: Port[] };

/** The egress rules of one target for the namespace `self`: none when the target resolves to nothing. */
function egressRules(target: EgressTarget, self: string, o: NamespacePolicyInput): EgressRule[] {
    const others = (o.platform ?? []).filter((t) => t.name !== self);
    switch (target.to) {
        case "tenants": {
            const ports = target.ports === "service" ? [...(o.tenantPorts?.service ?? []), acmeSolverPort] : [...(o.tenantPorts?.metrics ?? [])];
            const unique = [...new Set(ports)].sort((a, b) => a - b);
            return unique.length > 0 ? [{ to: [{ namespaceSelector: tenantNamespaces() }], ports: tcp(unique) }] : [];
        }
        case "ingressBackends":
            return others.flatMap((t) => {
                const ports = mergeProfiles(t.traffic).ingressPorts;
                return ports.length > 0 ? [{ to: [{ namespaceSelector: namespaceByName(t.name) }], ports: tcp(ports) }] : [];
            });
        case "platformNamespaces":
            return others.length > 0 ? [{ to: others.map((t) => ({ namespaceSelector: namespaceByName(t.name) })) }] : [];
        case "chart": {
            const owner = others.find((t) => t.charts.includes(target.chart));
            return owner ? [{ to: [{ namespaceSelector: namespaceByName(owner.name) }], ports: tcp(target.ports) }] : [];
        }
        case "system":
            return [
                {
                    to: [{ namespaceSelector: namespaceByName(target.namespace), podSelector: { matchLabels: { ...target.podLabels } } }],
                    ports: tcp(target.ports),
                },
            ];
        case "nodes":
            return [
                { to: (o.nodeCidrs && o.nodeCidrs.length > 0 ? o.nodeCidrs : ["0.0.0.0/0"]).map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(target.ports) },
            ];
    }
}

/** Every NetworkPolicy of one platform namespace: default-deny first, then the allows. */
export function namespacePolicies(o: NamespacePolicyInput): NetworkPolicySpec[] {
    const ns = o.namespace;
    const all = { podSelector: {} };
    const p = mergeProfiles(o.traffic);
    const out: NetworkPolicySpec[] = [
        { name: "default-deny", namespace: ns, spec: { ...all, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-dns",
            namespace: ns,
            spec: { ...all, policyTypes: ["Egress"], egress: [{ to: clusterDnsPeers(), ports: clusterDns.ports.map((x) => ({ ...x })) }] },
        },
        {
            name: "allow-apiserver",
            namespace: ns,
            spec: { ...all, policyTypes: ["Egress"], egress: [{ to: o.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp([443, 6443]) }] },
        },
        {
            name: "allow-same-namespace",
            namespace: ns,
            spec: {
                ...all,
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ namespaceSelector: namespaceByName(ns), podSelector: { matchLabels: {} } }] }],
                egress: [{ to: [{ namespaceSelector: namespaceByName(ns), podSelector: { matchLabels: {} } }] }],
            },
        },
    ];
    if (o.prometheusNamespace && o.prometheusNamespace !== ns) {
        out.push({
            name: "allow-prometheus-scrape",
            namespace: ns,
            spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: namespaceByName(o.prometheusNamespace) }] }] },
        });
    }
    if (p.webhookPorts.length > 0) {
        out.push({
            name: "allow-apiserver-webhooks",
            namespace: ns,
            spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [anywhere], ports: tcp(p.webhookPorts) }] },
        });
    }
    if (p.clusterPorts.length > 0) {
        out.push({
            name: "allow-from-cluster",
            namespace: ns,
            spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [anyNamespace], ports: tcp(p.clusterPorts) }] },
        });
    }
    const forTenants = p.tenantPorts.filter((port) => !p.clusterPorts.includes(port));
    if (forTenants.length > 0) {
        out.push({
            name: "allow-from-tenants",
            namespace: ns,
            spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: tenantNamespaces() }], ports: tcp(forTenants) }] },
        });
    }
    if (p.ingressPorts.length > 0 && o.ingressNamespace && o.ingressNamespace !== ns) {
        out.push({
            name: "allow-from-ingress",
            namespace: ns,
            spec: {
                ...all,
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ namespaceSelector: namespaceByName(o.ingressNamespace) }], ports: tcp(p.ingressPorts) }],
            },
        });
    }
    if (p.publicPorts.length > 0) {
        out.push({
            name: "allow-public",
            namespace: ns,
            spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [anywhere], ports: tcp(p.publicPorts) }] },
        });
    }
    if (p.internetEgressPorts.length > 0) {
        out.push({
            name: "allow-egress-external",
            namespace: ns,
            spec: { ...all, policyTypes: ["Egress"], egress: [{ to: [anywhere], ports: tcp(p.internetEgressPorts) }] },
        });
    }
    const inCluster = p.egress.flatMap((target) => egressRules(target, ns, o));
    if (inCluster.length > 0) {
        out.push({ name: "allow-egress-targets", namespace: ns, spec: { ...all, policyTypes: ["Egress"], egress: inCluster } });
    }
    return out;
}
