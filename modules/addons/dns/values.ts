/**
 * external-dns chart values (kubernetes-sigs chart 1.21.1 keys). The cloud's DNS service (the
 * cluster's `dns` capability) gives the provider, its values and the zone permissions; this file adds
 * what every cloud shares. Pure.
 */
import type { ExternalDnsProvider } from "../../cluster/contract";
import type { DnsConfig } from "../../config/sections/dns";
import type { Values } from "../values";

export const externalDnsServiceAccount = "external-dns";

export interface ExternalDnsOptions {
    /** The cloud's external-dns provider for the zones. */
    provider: ExternalDnsProvider;
    /** TXT ownership id (the cluster name unless configured). */
    txtOwnerId: string;
    /** Also publish Gateway API HTTPRoutes (Contour). */
    gatewayRoutes: boolean;
    image: (ref: string) => string;
}

export function externalDnsValues(config: DnsConfig, o: ExternalDnsOptions): Values {
    return {
        image: { repository: o.image("registry.k8s.io/external-dns/external-dns") },
        provider: { name: o.provider.provider },
        domainFilters: config.zones.map((z) => z.domain),
        txtOwnerId: o.txtOwnerId,
        registry: "txt",
        policy: config.policy,
        sources: o.gatewayRoutes ? ["service", "ingress", "gateway-httproute"] : ["service", "ingress"],
        interval: "1m",
        logFormat: "json",
        // Annotations and pod labels: external-dns's identity on the zones (HelmAddon identities).
        serviceAccount: { create: true, name: externalDnsServiceAccount, annotations: {} },
        podLabels: {},
        resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        ...o.provider.values,
    };
}
