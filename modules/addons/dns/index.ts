/**
 * `platform:dns:ExternalDns`: external-dns publishes ingress (and, with Contour, HTTPRoute) hosts to
 * Route 53, Azure DNS or Cloud DNS, running as a cloud identity the cluster's binder grants on the
 * configured zones only. Off by default; the cloud stacks turn it on.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, Namespace } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { BoundIdentity } from "../../cluster/contract";
import type { DnsConfig } from "../../config/sections/dns";
import { defineAddon, uses } from "../addon";
import type { AddonContext } from "../context";
import { HelmAddon, Scraping } from "../helm";
import { ingress } from "../ingress";
import { observability } from "../observability";
import { azureConfigFile, dnsIssues, dnsPermissions, externalDnsServiceAccount, externalDnsValues } from "./values";

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
        const cloud = cluster.cloud;
        if (cloud === "existing") {
            throw new Error("dns: external-dns cannot run on an existing cluster"); // unreachable: the add-on's issues report it
        }
        super("platform:dns:ExternalDns", name, {}, { ...opts, providers: { kubernetes: cluster.provider } });
        const child = { parent: this };

        this.namespace = context.namespace(`${name}-namespace`, { name: externalDnsNamespace, podSecurity: "restricted", labels: { "platform.io/component": "dns" } }, child);
        const needs: pulumi.Resource[] = [];
        let azureConfigMap: string | undefined;
        if (cloud === "azure") {
            const file = new ConfigMap(
                `${name}-azure-config`,
                { metadata: { name: "external-dns-azure", namespace: this.namespace.metadata.name }, data: { "azure.json": azureConfigFile(config) } },
                child,
            );
            azureConfigMap = "external-dns-azure";
            needs.push(file);
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
                    cloud,
                    region: cluster.region,
                    txtOwnerId: config.txtOwnerId ?? cluster.name,
                    gatewayRoutes: args.gatewayRelease !== undefined,
                    azureConfigMap,
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
                        permissions: dnsPermissions(config, cloud),
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
    issues: (config, cloud) => dnsIssues(config.dns, cloud),
    namespaces: () => [{ name: externalDnsNamespace, podSecurity: "restricted" }],
    install: (context, needs): ExternalDns =>
        new ExternalDns("dns", {
            context,
            config: context.config.dns,
            scraping: needs.observability?.scraping,
            gatewayRelease: needs.ingress?.gateway ? needs.ingress.release : undefined,
        }),
    outputs: (provided, config) => ({
        dns: provided ? { namespace: provided.addon.namespaceName, zones: config.dns.zones.map((z) => z.domain) } : { enabled: false },
    }),
});
