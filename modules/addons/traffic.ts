/**
 * What a platform service needs from the network, declared by the add-on that installs it (next to
 * its chart) and read by the platform network policies, which start from default-deny in every
 * platform namespace and add exactly these allows.
 */

export interface TrafficProfile {
    /** Ports the API server calls (admission webhooks, aggregated APIs): allowed from anywhere, since the control plane is outside the pod network. */
    webhookPorts?: number[];
    /** Ports every namespace may reach (a cluster service: Vault, Alertmanager, an OTLP endpoint). */
    clusterPorts?: number[];
    /** Ports the ingress controller forwards to (a UI behind the platform's ingress). */
    ingressPorts?: number[];
    /** Ports reachable from anywhere (the ingress controller's own listeners behind the load balancer). */
    publicPorts?: number[];
    /** Outbound ports to any destination (ACME, cloud APIs, upstream identity providers, log backends). */
    internetEgressPorts?: number[];
    /** Outbound to every namespace on any port (the ingress controller to backends, Prometheus scraping). */
    clusterEgress?: boolean;
}
