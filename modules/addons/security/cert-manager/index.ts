/**
 * cert-manager with its CRDs (rendered as templates, so Helm upgrades them) and the platform's
 * ClusterIssuers, created only after the release: the chart's startupapicheck hook makes the
 * release wait until the webhook answers, so issuers are never sent to an absent webhook.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { SecurityConfig } from "../../../config/sections/security";
import type { PlatformContext } from "../../context";
import { HelmAddon } from "../../helm";
import { chartIdentity, SecurityConfigError } from "../common";
import { certManagerValues } from "./values";
import {
    acmeIssuer,
    CustomResourceSpec,
    dns01Permissions,
    dns01Solver,
    Http01Route,
    internalCaCertificate,
    internalCaIssuer,
    issuerNames,
    selfSignedIssuer,
} from "./issuers";

export * from "./issuers";
export { certManagerValues } from "./values";

export const certManagerNamespace = "cert-manager";
const serviceAccountName = "cert-manager";

export interface CertManagerArgs {
    platform: PlatformContext;
    settings: SecurityConfig["certManager"];
    /** How HTTP-01 challenges are routed (the platform's IngressClass or shared Gateway); none without an ingress. */
    http01?: Http01Route;
}

/** Validates options that depend on the cluster (not expressible in the config schema alone). */
export function validateCertManager(settings: SecurityConfig["certManager"], cloud: string, clusterProject?: string): void {
    const provider = settings.acme.dns01Provider;
    if (provider && provider.cloud === "gcp" && clusterProject && provider.project !== clusterProject) {
        throw new SecurityConfigError(
            "security.certManager.acme.dns01Provider.project",
            `'${provider.project}' is not the cluster's project '${clusterProject}': the DNS-01 identity is granted DNS admin in the cluster's project`,
        );
    }
    if (provider && provider.cloud !== cloud) {
        throw new SecurityConfigError(
            "security.certManager.acme.dns01Provider.cloud",
            `'${provider.cloud}' does not match cluster.cloud '${cloud}': DNS-01 authenticates with the cluster's workload identity, never static keys`,
        );
    }
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
        const { platform, settings } = args;
        const clusterConfig = platform.config.cluster;
        validateCertManager(settings, platform.cluster.cloud, clusterConfig.cloud === "gcp" ? clusterConfig.project : undefined);
        const child = { parent: this };
        const acme = settings.acme;
        const dns01 = acme.dns01Provider && acme.dns01Zones.length > 0 ? acme.dns01Provider : undefined;
        const bound = dns01
            ? platform.cluster.identity.bind(
                  { name: "cert-manager-dns01", namespace: certManagerNamespace, serviceAccount: serviceAccountName, permissions: dns01Permissions(dns01) },
                  child,
              )
            : undefined;
        const identity = chartIdentity(bound);
        this.namespace = certManagerNamespace;
        this.chart = new HelmAddon(
            "platform:security:Chart",
            `${name}-chart`,
            {
                platform,
                settings,
                chart: "certManager",
                namespace: { name: certManagerNamespace, podSecurity: "restricted" },
                values: certManagerValues({
                    replicas: settings.replicas,
                    namespace: certManagerNamespace,
                    serviceAccountName,
                    imageRegistry: platform.registry("quay.io"),
                    identity,
                    gatewayApi: args.http01?.kind === "gateway",
                }),
                defaultTimeoutSeconds: 600,
                crds: "templates",
                releaseName: "cert-manager",
                needs: [...(identity?.resources ?? [])],
            },
            child,
        );
        this.release = this.chart.release;

        const create = (resourceName: string, spec: CustomResourceSpec, deps: pulumi.Resource[]) =>
            new CustomResource(resourceName, spec, { parent: this, dependsOn: [this.release, ...deps] });
        const selfSigned = create(`${name}-selfsigned-issuer`, selfSignedIssuer(), []);
        const caCert = create(`${name}-root-ca`, internalCaCertificate(certManagerNamespace), [selfSigned]);
        this.internalCa = create(`${name}-ca-issuer`, internalCaIssuer(), [caCert]);
        this.issuers[issuerNames.selfSigned] = selfSigned;
        this.issuers[issuerNames.internalCa] = this.internalCa;

        if (acme.email && !(acme.http01 && args.http01) && !dns01) {
            throw new SecurityConfigError(
                "security.certManager.acme",
                "the Let's Encrypt issuers would have no solver: HTTP-01 needs the platform's ingress (ingress.enabled) and acme.http01, or set dns01Zones with dns01Provider",
            );
        }
        if (acme.email) {
            const clientId = bound?.principal && platform.cluster.cloud === "azure" ? bound.principal : undefined;
            const input = {
                email: acme.email,
                http01: acme.http01 ? args.http01 : undefined,
                dns01: dns01 ? { zones: acme.dns01Zones, solver: dns01Solver(dns01, platform.cluster.region, clientId) } : undefined,
            };
            for (const issuer of [issuerNames.letsEncryptStaging, issuerNames.letsEncryptProd] as const) {
                this.issuers[issuer] = create(`${name}-${issuer}`, acmeIssuer(issuer, input), []);
            }
        }
        this.publicIssuerName = acme.email ? issuerNames.letsEncryptProd : issuerNames.internalCa;
        this.registerOutputs({ issuers: Object.keys(this.issuers) });
    }
}
