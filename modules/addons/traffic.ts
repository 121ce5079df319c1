/**
 * What a platform service needs from the network, declared by the add-on that installs it (next to
 * its chart) and read by the platform network policies, which start from default-deny in every
 * platform namespace and add exactly these allows. Egress is declared per target, each with its
 * ports: no platform service may reach every namespace on every port.
 */
import type { ChartName } from "./versions";

/**
 * One destination a chart's pods open connections to, inside the cluster.
 * - `tenants`: pods in tenant namespaces (the namespaces carrying the tenant label), on the
 *   tenancy's `service` ports (the ingress controller's backends, plus cert-manager's HTTP-01 solver)
 *   or `metrics` ports (Prometheus scraping tenants' monitors) (`tenancy.network`);
 * - `ingressBackends`: every platform namespace that serves something behind the platform's ingress,
 *   on its `ingressPorts` (the ingress controller's platform backends);
 * - `platformNamespaces`: every other platform namespace, each named (Prometheus scraping the
 *   platform's own ServiceMonitors; their metrics ports are the charts' own);
 * - `chart`: the namespace of one installed chart, on ports (Falcosidekick to Alertmanager);
 *   nothing when that chart is not installed;
 * - `system`: pods of a Kubernetes system namespace, by labels, on ports (CoreDNS metrics);
 * - `nodes`: the nodes' addresses (the cluster's node network), on ports: agents on the host
 *   network (the kubelet, node-exporter).
 */
export type EgressTarget =
    | { to: "tenants"; ports: "service" | "metrics" }
    | { to: "ingressBackends" }
    | { to: "platformNamespaces" }
    | { to: "chart"; chart: ChartName; ports: number[] }
    | { to: "system"; namespace: string; podLabels: Record<string, string>; ports: number[] }
    | { to: "nodes"; ports: number[] };

export interface TrafficProfile {
    /** Ports the API server calls (admission webhooks, aggregated APIs): allowed from anywhere, since the control plane is outside the pod network. */
    webhookPorts?: number[];
    /** Ports every namespace may reach (a cluster service: Vault, Alertmanager, an OTLP endpoint). */
    clusterPorts?: number[];
    /**
     * Ports tenant workloads may reach (a service the platform offers tenants: Vault, the OTLP
     * endpoint): tenant namespaces get an egress rule to them, and this namespace admits tenants on them.
     */
    tenantPorts?: number[];
    /** Ports the ingress controller forwards to (a UI behind the platform's ingress). */
    ingressPorts?: number[];
    /** Ports reachable from anywhere (the ingress controller's own listeners behind the load balancer). */
    publicPorts?: number[];
    /** Outbound ports to any destination (ACME, cloud APIs, upstream identity providers, log backends). */
    internetEgressPorts?: number[];
    /** Outbound connections inside the cluster, per target, each with its ports (see EgressTarget). */
    egress?: EgressTarget[];
}
