/**
 * `platform:dns:ExternalDns`: external-dns publishes ingress (and, with Contour, HTTPRoute) hosts to
 * Route 53, Azure DNS or Cloud DNS, running as a cloud identity the cluster's binder grants on the
 * configured zones only. Off by default; the cloud stacks turn it on.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, Namespace } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { BoundIdentity, DnsService } from "../../cluster/contract";
import type { DnsConfig } from "../../config/sections/dns";
import { defineAddon, uses } from "../addon";
import type { AddonContext } from "../context";
import { HelmAddon, Scraping } from "../helm";
import { ingress } from "../ingress";
import { observability } from "../observability";
import { externalDnsServiceAccount, externalDnsValues } from "./values";

export * from "./values";

export const externalDnsNamespace = "external-dns";

export interface ExternalDnsArgs {
    context: AddonContext;
    config: DnsConfig;
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
    /**
     * The ingress controller's release when it serves Gateway API routes (Contour): external-dns
     * watches HTTPRoutes, whose CRDs that release installs. Undefined: Ingress and Service only.
     */
    gatewayRelease?: Release;
}

export class ExternalDns extends pulumi.ComponentResource {
    readonly namespace: Namespace;
    readonly identity: BoundIdentity;
    readonly addon: HelmAddon;

    constructor(name: string, args: ExternalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        const { context, config } = args;
        const cluster = context.cluster;
        const service = cluster.dns as DnsService; // the add-on declares the capability: the runner checked it is there
        super("platform:dns:ExternalDns", name, {}, { ...opts, providers: { kubernetes: cluster.provider } });
        const child = { parent: this };

        this.namespace = context.namespace(
            `${name}-namespace`,
            { name: externalDnsNamespace, podSecurity: "restricted", labels: { "platform.io/component": "dns" } },
            child,
        );
        const provider = service.externalDns(config.zones, config.private, cluster.region);
        const needs: pulumi.Resource[] = [];
        if (provider.configFiles) {
            const files = provider.configFiles;
            needs.push(
                new ConfigMap(
                    `${name}-${cluster.cloud}-config`,
                    { metadata: { name: files.configMapName, namespace: this.namespace.metadata.name }, data: files.files },
                    child,
                ),
            );
        }
        if (args.gatewayRelease) {
            needs.push(args.gatewayRelease);
        }

        this.addon = new HelmAddon(
            `${name}-external-dns`,
            {
                context,
                settings: config,
                chart: "externalDns",
                namespace: { shared: this.namespace, name: externalDnsNamespace },
                values: externalDnsValues(config, {
                    provider,
                    txtOwnerId: config.txtOwnerId ?? cluster.name,
                    gatewayRoutes: args.gatewayRelease !== undefined,
                    image: (ref) => context.image(ref),
                }),
                defaultTimeoutSeconds: 300,
                crds: "none",
                needs,
                scraping: args.scraping,
                identities: [
                    {
                        name: "external-dns",
                        serviceAccount: externalDnsServiceAccount,
                        permissions: service.zonePermissions(config.zones, config.private),
                        annotationsAt: "serviceAccount.annotations",
                        podLabelsAt: "podLabels",
                    },
                ],
                traffic: { internetEgressPorts: [443] },
            },
            child,
        );
        this.identity = this.addon.identities["external-dns"];
        this.registerOutputs({ namespace: externalDnsNamespace });
    }
}

/** The external-dns add-on: publishes ingress (and Gateway API route) hosts to the cloud's DNS, scoped to the configured zones. */
export const dns = defineAddon({
    id: "dns",
    area: "dns",
    configPath: "dns.enabled",
    description: "external-dns",
    enabled: (config) => config.dns.enabled,
    needs: { ingress: uses(ingress), observability: uses(observability) },
    capabilities: () => [
        {
            capability: "dns",
            path: "dns.enabled",
            message: "external-dns needs a cloud identity and the cloud's DNS service to write DNS records; this cluster has neither (set dns.enabled: false)",
        },
    ],
    issues: (config, cluster) => cluster.dns?.zoneIssues(config.dns.zones, config.dns.private) ?? [],
    namespaces: () => [{ name: externalDnsNamespace, podSecurity: "restricted" }],
    install: (context, needs): ExternalDns =>
        new ExternalDns("dns", {
            context,
            config: context.config.dns,
            scraping: needs.observability?.scraping,
            // The release that installs the Gateway API CRDs (the controller's, or Contour's CRD release).
            gatewayRelease: needs.ingress?.gateway ? needs.ingress.gatewayApiCrds : undefined,
        }),
    outputs: (provided, config) => ({
        dns: provided ? { namespace: provided.addon.namespaceName, zones: config.dns.zones.map((z) => z.domain) } : { enabled: false },
    }),
});
