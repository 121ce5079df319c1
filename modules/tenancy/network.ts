/**
 * A tenant namespace's NetworkPolicies: deny everything, then allow cluster DNS (the kube-dns pods and
 * the link-local resolvers only), traffic inside the namespace, the ingress controller on the
 * tenancy's service ports, Prometheus on its metrics ports, the platform services offered to tenants
 * (Vault, the OTLP endpoint) on their ports, and any egress the tenant declared. Pure data.
 */
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import { clusterDns, clusterDnsPeers, PlatformPeer, peerSelector } from "../addons/peers";
import { acmeSolverPort } from "../addons/network-policies/rules";

export { clusterDns };

type NetworkPolicySpec = k8sInput.networking.v1.NetworkPolicySpec;
type Peer = k8sInput.networking.v1.NetworkPolicyPeer;

/** A platform service tenants may call: its pods and the ports (a profile's `tenantPorts`). */
export interface TenantService {
    peer: PlatformPeer;
    ports: number[];
}

/** The platform services tenants exchange traffic with, as their add-ons state them. One left out means no such service, so no rule. */
export interface TrafficSources {
    /** The ingress controller (ingress-nginx or Contour's Envoy): the only way in from outside. */
    ingress?: PlatformPeer;
    /** Prometheus, scraping the tenant's metrics endpoints. */
    monitoring?: PlatformPeer;
    /** Platform services tenants may reach (Vault on 8200, the OpenTelemetry collector on 4317/4318), when installed. */
    services?: TenantService[];
}

/** The ports platform services reach in tenant namespaces (`tenancy.network`). Absent: every port (callers that predate the setting). */
export interface TenantPorts {
    servicePorts: readonly number[];
    metricsPorts: readonly number[];
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

function fromSource(source: PlatformPeer): Peer {
    return peerSelector(source);
}

const tcp = (ports: readonly number[]) => [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ protocol: "TCP", port }));

/** The policies of one tenant namespace, in a stable order; the first is always the default deny. */
export function networkPolicies(sources: TrafficSources, egress: readonly EgressRule[], ports?: TenantPorts): PolicySpec[] {
    const everyPod = {};
    const policies: PolicySpec[] = [
        { name: "default-deny", spec: { podSelector: everyPod, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-dns",
            spec: {
                podSelector: everyPod,
                policyTypes: ["Egress"],
                egress: [{ to: clusterDnsPeers(), ports: clusterDns.ports.map((p) => ({ ...p })) }],
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
        const servicePorts = ports ? { ports: tcp([...ports.servicePorts, acmeSolverPort]) } : {};
        policies.push({
            name: "allow-from-ingress",
            spec: { podSelector: everyPod, policyTypes: ["Ingress"], ingress: [{ from: [fromSource(sources.ingress)], ...servicePorts }] },
        });
    }
    if (sources.monitoring) {
        const metricsPorts = ports ? { ports: tcp(ports.metricsPorts) } : {};
        policies.push({
            name: "allow-from-prometheus",
            spec: { podSelector: everyPod, policyTypes: ["Ingress"], ingress: [{ from: [fromSource(sources.monitoring)], ...metricsPorts }] },
        });
    }
    const services = (sources.services ?? []).filter((s) => s.ports.length > 0);
    if (services.length > 0) {
        policies.push({
            name: "allow-platform-services",
            spec: { podSelector: everyPod, policyTypes: ["Egress"], egress: services.map((s) => ({ to: [fromSource(s.peer)], ports: tcp(s.ports) })) },
        });
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
