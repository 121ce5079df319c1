/**
 * cert-manager with its CRDs (rendered as templates, so Helm upgrades them) and the platform's
 * ClusterIssuers, created only after the release: the chart's startupapicheck hook makes the
 * release wait until the webhook answers, so issuers are never sent to an absent webhook.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { ClusterProfile } from "../../../cluster/capabilities";
import type { ConfigIssue, PlatformConfig } from "../../../config";
import type { SecurityConfig } from "../../../config/sections/security";
import { defineAddon, uses } from "../../addon";
import type { AddonContext } from "../../context";
import { HelmAddon, Scraping } from "../../helm";
import { ingress } from "../../ingress";
import { observability } from "../../observability";
import { certManagerValues } from "./values";
import { acmeIssuer, CustomResourceSpec, Http01Route, internalCaCertificate, internalCaIssuer, issuerNames, selfSignedIssuer } from "./issuers";

export * from "./issuers";
export { certManagerValues } from "./values";

export const certManagerNamespace = "cert-manager";
const serviceAccountName = "cert-manager";
const dns01IdentityName = "cert-manager-dns01";

export interface CertManagerArgs {
    context: AddonContext;
    settings: SecurityConfig["certManager"];
    /** How HTTP-01 challenges are routed (the platform's IngressClass or shared Gateway); none without an ingress. */
    http01?: Http01Route;
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
    /**
     * What installs the Gateway API CRDs (the ingress add-on's `gatewayApiCrds`): with its Gateway API
     * support on, cert-manager's controller exits at start when they are missing, so the release waits.
     */
    gatewayApiCrds?: pulumi.Resource;
}

/** Problems with cert-manager's options that need the kind of cluster (not expressible in the config schema alone). */
export function certManagerIssues(config: PlatformConfig, cluster: ClusterProfile): ConfigIssue[] {
    const acme = config.security.certManager.acme;
    const provider = acme.dns01Provider;
    if (provider && provider.cloud !== cluster.cloud) {
        return [
            {
                path: "security.certManager.acme.dns01Provider.cloud",
                message: `'${provider.cloud}' does not match cluster.cloud '${cluster.cloud}': DNS-01 authenticates with the cluster's workload identity, never static keys`,
            },
        ];
    }
    const problems = provider && cluster.dns ? cluster.dns.acmeIssues(provider, config.cluster) : [];
    if (problems.length > 0) {
        return problems;
    }
    const dns01 = provider && acme.dns01Zones.length > 0;
    if (acme.email && !(acme.http01 && config.ingress.enabled) && !dns01) {
        return [
            {
                path: "security.certManager.acme",
                message:
                    "the Let's Encrypt issuers would have no solver: HTTP-01 needs the platform's ingress (ingress.enabled) and acme.http01, or set dns01Zones with dns01Provider",
            },
        ];
    }
    return [];
}

export class CertManager extends pulumi.ComponentResource {
    readonly chart: HelmAddon;
    /** The release: every cert-manager custom resource depends on it. */
    readonly release: Release;
    readonly namespace: string;
    /** ClusterIssuers by name. */
    readonly issuers: Record<string, CustomResource> = {};
    /** The internal CA ClusterIssuer (signs service TLS, e.g. Vault's). */
    readonly internalCa: CustomResource;
    /** The issuer public ingress certificates should use: Let's Encrypt production when configured, else the internal CA. */
    readonly publicIssuerName: string;

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:CertManager", name, {}, opts);
        const { context, settings } = args;
        const child = { parent: this };
        const acme = settings.acme;
        const dns01 = acme.dns01Provider && acme.dns01Zones.length > 0 ? acme.dns01Provider : undefined;
        const dnsService = context.cluster.dns;
        this.namespace = certManagerNamespace;
        this.chart = new HelmAddon(
            `${name}-chart`,
            {
                context,
                settings,
                chart: "certManager",
                namespace: { name: certManagerNamespace, podSecurity: "restricted" },
                values: certManagerValues({
                    tier: context.tier,
                    releaseName: "cert-manager",
                    replicas: settings.replicas,
                    namespace: certManagerNamespace,
                    serviceAccountName,
                    imageRegistry: context.registry("quay.io"),
                    gatewayApi: args.http01?.kind === "gateway",
                }),
                defaultTimeoutSeconds: 600,
                crds: "templates",
                releaseName: "cert-manager",
                // One key for the controller, webhook, cainjector and startupapicheck pods.
                priorityClassAt: ["global.priorityClassName"],
                scraping: args.scraping,
                needs: args.http01?.kind === "gateway" && args.gatewayApiCrds ? [args.gatewayApiCrds] : [],
                identities:
                    dns01 && dnsService
                        ? [
                              {
                                  name: dns01IdentityName,
                                  serviceAccount: serviceAccountName,
                                  permissions: dnsService.acmePermissions(dns01),
                                  annotationsAt: "serviceAccount.annotations",
                                  podLabelsAt: "podLabels",
                              },
                          ]
                        : [],
                traffic: { webhookPorts: [10250], internetEgressPorts: [80, 443] },
            },
            child,
        );
        this.release = this.chart.release;
        const bound = this.chart.identities[dns01IdentityName];

        const create = (resourceName: string, spec: CustomResourceSpec, deps: pulumi.Resource[]) =>
            new CustomResource(resourceName, spec, { parent: this, dependsOn: [this.release, ...deps] });
        const selfSigned = create(`${name}-selfsigned-issuer`, selfSignedIssuer(), []);
        const caCert = create(`${name}-root-ca`, internalCaCertificate(certManagerNamespace), [selfSigned]);
        this.internalCa = create(`${name}-ca-issuer`, internalCaIssuer(), [caCert]);
        this.issuers[issuerNames.selfSigned] = selfSigned;
        this.issuers[issuerNames.internalCa] = this.internalCa;

        if (acme.email) {
            const input = {
                email: acme.email,
                http01: acme.http01 ? args.http01 : undefined,
                dns01:
                    dns01 && dnsService
                        ? { zones: acme.dns01Zones, solver: dnsService.acmeSolver(dns01, context.cluster.region, bound?.principal) }
                        : undefined,
            };
            for (const issuer of [issuerNames.letsEncryptStaging, issuerNames.letsEncryptProd] as const) {
                this.issuers[issuer] = create(`${name}-${issuer}`, acmeIssuer(issuer, input), []);
            }
        }
        this.publicIssuerName = acme.email ? issuerNames.letsEncryptProd : issuerNames.internalCa;
        this.registerOutputs({ issuers: Object.keys(this.issuers) });
    }
}

/** What cert-manager provides: its release (every cert-manager resource waits for it) and the issuers. */
export interface CertManagerOutputs {
    release: Release;
    /** The internal CA ClusterIssuer resource. */
    internalCa: CustomResource;
    /** The issuer public certificates should use: Let's Encrypt production when configured, else the internal CA. */
    publicIssuerName: string;
    /** ClusterIssuer names. */
    issuerNames: string[];
}

/** The cert-manager add-on: cert-manager, its CRDs and the platform's ClusterIssuers. */
export const certManager = defineAddon({
    id: "certManager",
    area: "security",
    configPath: "security.certManager.enabled",
    description: "cert-manager",
    enabled: (config) => config.security.enabled && config.security.certManager.enabled,
    needs: { ingress: uses(ingress), observability: uses(observability) },
    capabilities: (config) =>
        config.security.certManager.acme.dns01Provider && config.security.certManager.acme.dns01Zones.length > 0
            ? [
                  {
                      capability: "dns",
                      path: "security.certManager.acme.dns01Provider",
                      message: "DNS-01 needs the cloud's DNS service and a cloud identity; this cluster has neither (use HTTP-01)",
                  },
              ]
            : [],
    issues: (config, cluster) => certManagerIssues(config, cluster),
    namespaces: () => [{ name: certManagerNamespace, podSecurity: "restricted" }],
    install: (context, needs): CertManagerOutputs => {
        const routes = needs.ingress;
        const http01: Http01Route | undefined = routes?.gateway
            ? { kind: "gateway", gateway: { name: routes.gateway.name, namespace: routes.gateway.namespace, sectionName: routes.gateway.httpListener } }
            : routes?.ingressClassName
              ? { kind: "ingress", ingressClassName: routes.ingressClassName }
              : undefined;
        const cm = new CertManager("cert-manager", {
            context,
            settings: context.config.security.certManager,
            http01,
            scraping: needs.observability?.scraping,
            gatewayApiCrds: routes?.gatewayApiCrds,
        });
        return { release: cm.release, internalCa: cm.internalCa, publicIssuerName: cm.publicIssuerName, issuerNames: Object.keys(cm.issuers) };
    },
    outputs: (provided) => (provided ? { security: { issuers: provided.issuerNames } } : {}),
});
