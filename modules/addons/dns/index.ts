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
import { failOnIssues } from "../config-issue";
import { PlatformContext } from "../context";
import { HelmAddon } from "../helm";
import { createNamespace } from "../namespace";
import { azureConfigFile, dnsIssues, dnsPermissions, externalDnsServiceAccount, externalDnsValues } from "./values";

export * from "./values";

export const externalDnsNamespace = "external-dns";

export interface ExternalDnsArgs {
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

    constructor(name: string, platform: PlatformContext, config: DnsConfig, args: ExternalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        const cluster = platform.cluster;
        failOnIssues(dnsIssues(config, cluster.cloud));
        const cloud = cluster.cloud;
        if (cloud === "existing") {
            throw new pulumi.RunError("dns: external-dns cannot run on an existing cluster"); // unreachable: dnsIssues reports it
        }
        super("platform:dns:ExternalDns", name, {}, { ...opts, providers: { kubernetes: cluster.provider } });
        const child = { parent: this };

        this.namespace = createNamespace(`${name}-namespace`, { name: externalDnsNamespace, podSecurity: "restricted", labels: { "platform.io/component": "dns" } }, child);
        this.identity = cluster.identity.bind(
            { name: "external-dns", namespace: externalDnsNamespace, serviceAccount: externalDnsServiceAccount, permissions: dnsPermissions(config, cloud) },
            child,
        );

        const needs: pulumi.Resource[] = [...this.identity.resources];
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
            "platform:dns:ExternalDnsRelease",
            `${name}-external-dns`,
            {
                platform,
                settings: config,
                chart: "externalDns",
                namespace: { shared: this.namespace, name: externalDnsNamespace },
                values: externalDnsValues(config, {
                    cloud,
                    region: cluster.region,
                    txtOwnerId: config.txtOwnerId ?? cluster.name,
                    gatewayRoutes: args.gatewayRelease !== undefined,
                    serviceAccountAnnotations: this.identity.serviceAccountAnnotations,
                    podLabels: this.identity.podLabels,
                    azureConfigMap,
                    image: (ref) => platform.image(ref),
                }),
                defaultTimeoutSeconds: 300,
                crds: "none",
                needs,
            },
            child,
        );
        this.registerOutputs({ namespace: externalDnsNamespace });
    }
}

/** Installs external-dns when `dns.enabled`; undefined otherwise. */
export function installDns(platform: PlatformContext, args: ExternalDnsArgs): ExternalDns | undefined {
    const config = platform.config.dns;
    return config.enabled ? new ExternalDns("dns", platform, config, args) : undefined;
}
