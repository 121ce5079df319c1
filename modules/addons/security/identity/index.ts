/**
 * The identity layer: Dex (an OIDC broker; registered with the cluster where the cloud allows an
 * OIDC provider, and a client for Grafana) or Pinniped (Supervisor + Concierge, for any cluster).
 * `identity.provider: none` installs nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Namespace, Secret as K8sSecret } from "@pulumi/kubernetes/core/v1";
import type { DexConfig, IdentityConfig, PinnipedConfig } from "../../../config/sections/identity";
import { secretOutput } from "../../../config/secret-output";
import { defineAddon, uses } from "../../addon";
import type { AddonContext } from "../../context";
import { HelmAddon, Scraping } from "../../helm";
import { ingress } from "../../ingress";
import { observability } from "../../observability";
import { certManager, CertManagerOutputs } from "../cert-manager";
import { dexSecretEnv, dexEnvSecret, dexValues, grafanaClientId, kubernetesClientId } from "./dex";
import { federationDomain, jwtAuthenticator, oidcIdentityProvider, pinnipedValues, supervisorCertificate, upstreamClientSecret } from "./pinniped";

export * from "./dex";
export * from "./pinniped";

export const dexNamespace = "dex";
export const pinnipedNamespace = "pinniped";

/** What consumers (Grafana, kubectl docs) need from the identity layer. */
export interface OidcProviderInfo {
    provider: "dex" | "pinniped";
    issuerUrl: string;
    /** The client kubectl uses (Dex), or the audience the Concierge expects (Pinniped). */
    kubernetesClientId: string;
    /** Grafana's client, when configured (Dex only); the secret stays a Pulumi secret. */
    grafana?: { clientId: string; clientSecret: pulumi.Output<string> };
}

export interface IdentityArgs {
    context: AddonContext;
    settings: IdentityConfig;
    certManager?: CertManagerOutputs;
    /** The platform's IngressClass name (Dex's and the Supervisor's ingress). */
    ingressClassName: string;
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
}

export class Identity extends pulumi.ComponentResource {
    readonly chart?: HelmAddon;
    readonly info?: OidcProviderInfo;

    constructor(name: string, args: IdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:Identity", name, {}, opts);
        const s = args.settings;
        if (s.provider === "dex") {
            [this.chart, this.info] = this.dex(name, args, s);
        } else if (s.provider === "pinniped") {
            [this.chart, this.info] = this.pinniped(name, args, s);
        }
        this.registerOutputs({ provider: s.provider, issuer: this.info?.issuerUrl });
    }

    private secretNamespace(context: AddonContext, name: string, namespace: string): Namespace {
        return context.namespace(`${name}-namespace`, { name: namespace, podSecurity: "restricted" }, { parent: this });
    }

    private dex(name: string, args: IdentityArgs, s: DexConfig): [HelmAddon, OidcProviderInfo] {
        const { context } = args;
        const child = { parent: this };
        const namespace = this.secretNamespace(context, name, dexNamespace);
        const data: Record<string, pulumi.Output<string>> = {};
        for (const e of dexSecretEnv(s)) {
            data[e.env] = secretOutput(e.secret);
        }
        const env = new K8sSecret(
            `${name}-env`,
            { metadata: { name: dexEnvSecret, namespace: namespace.metadata.name }, type: "Opaque", stringData: data },
            child,
        );
        const chart = new HelmAddon(
            `${name}-dex`,
            {
                context,
                settings: s,
                chart: "dex",
                namespace: { shared: namespace, name: dexNamespace },
                values: dexValues({
                    config: s,
                    ingressClassName: s.ingressClassName ?? args.ingressClassName,
                    tlsIssuer: args.certManager?.publicIssuerName ?? "platform-ca",
                    image: (ref) => context.image(ref),
                }),
                defaultTimeoutSeconds: 300,
                crds: "none",
                releaseName: "dex",
                // dex chart 0.24.0: templates/deployment.yaml.
                priorityClassAt: ["priorityClassName"],
                needs: [env],
                scraping: args.scraping,
                traffic: { ingressPorts: [5556], internetEgressPorts: [443, 636] },
            },
            child,
        );
        if (s.clusterAuthentication && context.cluster.trustOidcIssuer) {
            context.cluster.trustOidcIssuer(
                { issuerUrl: s.issuer, clientId: kubernetesClientId, usernameClaim: "email", groupsClaim: "groups" },
                { parent: this, dependsOn: [chart.release] },
            );
        }
        const grafanaSecret = s.grafana?.clientSecret;
        return [
            chart,
            {
                provider: "dex",
                issuerUrl: s.issuer,
                kubernetesClientId,
                ...(grafanaSecret ? { grafana: { clientId: grafanaClientId, clientSecret: secretOutput(grafanaSecret) } } : {}),
            },
        ];
    }

    private pinniped(name: string, args: IdentityArgs, s: PinnipedConfig): [HelmAddon, OidcProviderInfo] {
        const { context } = args;
        const child = { parent: this };
        const namespace = this.secretNamespace(context, name, pinnipedNamespace);
        const client = new K8sSecret(
            `${name}-upstream-client`,
            {
                metadata: { name: upstreamClientSecret, namespace: namespace.metadata.name },
                type: "secrets.pinniped.dev/oidc-client",
                stringData: { clientID: pulumi.output(s.upstream.clientId), clientSecret: secretOutput(s.upstream.clientSecret) },
            },
            child,
        );
        const chart = new HelmAddon(
            `${name}-pinniped`,
            {
                context,
                settings: s,
                chart: "pinniped",
                namespace: { shared: namespace, name: pinnipedNamespace },
                values: pinnipedValues({ config: s, ingressClassName: s.ingressClassName ?? args.ingressClassName, registry: (u) => context.registry(u) }),
                defaultTimeoutSeconds: 600,
                crds: "install-only",
                releaseName: "pinniped",
                // bitnami/pinniped: templates/concierge/deployment.yaml and templates/supervisor/deployment.yaml.
                priorityClassAt: ["concierge.priorityClassName", "supervisor.priorityClassName"],
                needs: [client],
                scraping: args.scraping,
                traffic: { ingressPorts: [8443], webhookPorts: [10250], internetEgressPorts: [443] },
            },
            child,
        );
        const deps = [chart.release];
        const cr = (n: string, spec: ReturnType<typeof federationDomain>, extra: pulumi.Resource[] = []) =>
            new CustomResource(`${name}-${n}`, spec, { parent: this, dependsOn: [...deps, ...extra] });
        const certDeps: pulumi.Resource[] = args.certManager ? [args.certManager.release] : [];
        const cert = args.certManager
            ? [
                  new CustomResource(`${name}-supervisor-tls`, supervisorCertificate(pinnipedNamespace, s, args.certManager.publicIssuerName), {
                      parent: this,
                      dependsOn: [namespace, ...certDeps],
                  }),
              ]
            : [];
        const idp = cr("upstream-idp", oidcIdentityProvider(pinnipedNamespace, s), [client]);
        cr("federation-domain", federationDomain(pinnipedNamespace, s), [idp, ...cert]);
        const audience = `platform-${context.cluster.name}`;
        cr("jwt-authenticator", jwtAuthenticator(s, audience));
        return [chart, { provider: "pinniped", issuerUrl: s.issuer, kubernetesClientId: audience }];
    }
}

/** The identity add-on: Dex or Pinniped, behind the platform's ingress, with TLS from cert-manager. */
export const identity = defineAddon({
    id: "identity",
    area: "security",
    configPath: "identity.provider",
    description: "the OIDC identity layer (Dex or Pinniped)",
    enabled: (config) => config.identity.provider !== "none",
    needs: { certManager: uses(certManager), ingress: uses(ingress), observability: uses(observability) },
    // With no provider, the namespaces either provider would use (reserved for when one is chosen).
    namespaces: (config) =>
        (config.identity.provider === "dex"
            ? [dexNamespace]
            : config.identity.provider === "pinniped"
              ? [pinnipedNamespace]
              : [dexNamespace, pinnipedNamespace]
        ).map((name) => ({
            name,
            podSecurity: "restricted" as const,
        })),
    install: (context, needs): OidcProviderInfo | undefined =>
        new Identity("identity", {
            context,
            settings: context.config.identity,
            certManager: needs.certManager,
            ingressClassName: needs.ingress?.ingressClassName ?? "nginx",
            scraping: needs.observability?.scraping,
        }).info,
    outputs: (provided, config) =>
        config.identity.provider === "none"
            ? {}
            : { security: { identity: { provider: config.identity.provider, issuer: provided?.issuerUrl, kubernetesClientId: provided?.kubernetesClientId } } },
});
