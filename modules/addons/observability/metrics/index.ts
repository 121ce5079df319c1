/**
 * `platform:observability:Metrics`: the Prometheus Operator CRDs as their own release, then
 * kube-prometheus-stack with the platform's values and the Secrets its values name (Grafana admin and
 * OIDC client, Alertmanager receivers, remote-write credentials). Other add-ons' ServiceMonitors wait
 * for the CRD release only (seconds), not for the whole stack to roll out (minutes).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Namespace } from "@pulumi/kubernetes/core/v1";
import { ConfigError, Secret } from "../../../config";
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { AddonContext } from "../../context";
import { ChartIdentityRequest, HelmAddon, Scraping } from "../../helm";
import type { TrafficProfile } from "../../traffic";
import { configSecret } from "../secrets";
import { criticalAlertsUnrouted, receiverSecrets, receiversSecretName } from "./alertmanager";
import { scrapeValues } from "./scrape";
import { crdValues, grafanaAdminSecret, grafanaOidcSecret, KpsInputs, kpsPriorityPaths, kpsValues, remoteWriteSecret } from "./values";

/** Inputs of the metrics component. */
export interface MetricsArgs {
    context: AddonContext;
    config: ObservabilityConfig["metrics"];
    namespace: Namespace;
    namespaceName: string;
    nodeAgentsNamespace: string;
    storageClassName?: string;
    thanos?: KpsInputs["thanos"] & { sidecar: ChartIdentityRequest };
    /** What must exist before the release (the StorageClass, the Thanos bucket and objstore Secret). */
    needs: pulumi.Resource[];
    /** Grafana's client at the platform's OIDC provider, used when `metrics.grafana.oidc` is not set. */
    grafanaOidc?: PlatformOidcClient;
    /** The in-cluster Loki's query URL, when the stack installs it: a Grafana data source. */
    lokiUrl?: string;
}

/** A client registered for Grafana at the platform's OIDC provider (Dex), as the identity layer hands it over. */
export interface PlatformOidcClient {
    /** Issuer URL; Grafana uses `<issuer>/auth`, `/token`, `/userinfo`. */
    issuerUrl: string;
    clientId: string;
    clientSecret: Secret;
    /** Grafana's public URL (root_url), when the identity layer knows it. */
    grafanaUrl?: string;
    /** The client's registered redirect URI (`https://grafana.example.com/login/generic_oauth`): gives the URL when grafanaUrl is unset. */
    redirectUri?: string;
}

/** Grafana's root URL from its OAuth redirect URI (`…/login/generic_oauth` stripped). */
export function grafanaUrlFromRedirect(redirectUri: string): string {
    return redirectUri.replace(/\/login\/generic_oauth\/?$/, "");
}

/** The metrics config with Grafana's OIDC login filled from the identity layer when the area's own config sets none. */
export function withPlatformOidc(config: ObservabilityConfig["metrics"], client?: PlatformOidcClient): ObservabilityConfig["metrics"] {
    const g = config.grafana;
    const merged =
        g.oidc || !client
            ? g
            : {
                  ...g,
                  url: g.url ?? client.grafanaUrl ?? (client.redirectUri ? grafanaUrlFromRedirect(client.redirectUri) : undefined),
                  oidc: { issuerUrl: client.issuerUrl, clientId: client.clientId, clientSecret: client.clientSecret, adminGroups: [], editorGroups: [] },
              };
    if (merged.enabled && merged.oidc && !merged.url) {
        throw new ConfigError([
            {
                path: "observability.metrics.grafana.url",
                message: "required for OIDC login (the OAuth redirect base); set it, or the identity layer's Grafana redirect URI",
            },
        ]);
    }
    return merged === g ? config : { ...config, grafana: merged };
}

/** What a stack that routes no alert anywhere is told (outside prod, where it is refused). */
export const unroutedAlertsWarning =
    "observability.metrics.alertmanager: no receiver is declared, so every alert, critical ones too, stays in Alertmanager (the null receiver) and reaches no one. Add a receiver (slack | pagerduty | webhook | email) to observability.metrics.alertmanager.receivers, or set criticalReceiver: none to keep it so without this warning (prod refuses both).";

/**
 * What the metrics traffic profile allows: queries and alerts in, the admission webhook, and scrapes
 * out, per target: the platform's namespaces, tenants' metrics ports, CoreDNS, and on the nodes the
 * kubelet (10250) and node-exporter (9100, host network), plus the control-plane components a
 * self-managed control plane exposes (kube-proxy 10249, controller-manager 10257, scheduler 10259,
 * etcd metrics 2381).
 */
export function kpsTraffic(managedControlPlane: boolean): TrafficProfile {
    const nodePorts = managedControlPlane ? [9100, 10250] : [2381, 9100, 10249, 10250, 10257, 10259];
    return {
        clusterPorts: [9090, 9093],
        ingressPorts: [3000, 9090, 9093],
        webhookPorts: [10250],
        internetEgressPorts: [443],
        egress: [
            { to: "platformNamespaces" },
            { to: "tenants", ports: "metrics" },
            { to: "system", namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" }, ports: [9153] },
            { to: "nodes", ports: nodePorts },
        ],
    };
}

/** The monitoring CRDs' release, then kube-prometheus-stack and the Secrets its values name. */
export class Metrics extends pulumi.ComponentResource {
    /** The monitoring.coreos.com CRDs: what every ServiceMonitor, PodMonitor and PrometheusRule waits for. */
    readonly crds: HelmAddon;
    readonly stack: HelmAddon;
    /** Scraping for every other chart: its scrape switches, and the CRDs its monitors wait for. */
    readonly scraping: Scraping;

    constructor(name: string, args: MetricsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Metrics", name, {}, { ...opts, providers: { kubernetes: args.context.cluster.provider } });
        const { context } = args;
        const config = withPlatformOidc(args.config, args.grafanaOidc);
        const child = { parent: this };
        const ns = args.namespace.metadata.name;
        const grafana = config.grafana;
        if (config.mode === "in-cluster" && criticalAlertsUnrouted(config.alertmanager)) {
            // Prod refuses this before anything is created (the add-on's issues); elsewhere it is allowed, once said.
            void pulumi.log.warn(unroutedAlertsWarning, this);
        }
        this.crds = new HelmAddon(
            `${name}-crds`,
            {
                context,
                // The area's timeout applies; its version override and values are kube-prometheus-stack's.
                settings: { enabled: true, values: {}, timeoutSeconds: config.timeoutSeconds },
                chart: "prometheusOperatorCrds",
                namespace: { shared: args.namespace, name: args.namespaceName },
                values: crdValues(),
                defaultTimeoutSeconds: 300,
                crds: "templates",
                releaseName: "prometheus-operator-crds",
                // The CRDs may already be there: installed by kube-prometheus-stack's crds/ folder on
                // stacks created before this release existed, or by an adopted cluster's own tooling.
                takeOwnership: true,
                traffic: {},
            },
            child,
        );
        this.scraping = { crds: this.crds.release, valuesFor: scrapeValues };
        const adminSecret = configSecret(
            `${name}-grafana-admin`,
            {
                name: grafanaAdminSecret.name,
                namespace: ns,
                // The chart reads user and password from one Secret; the user name rides along (not secret, but harmless as one).
                data: grafana.adminPassword
                    ? { [grafanaAdminSecret.userKey]: new Secret("admin"), [grafanaAdminSecret.passwordKey]: grafana.adminPassword }
                    : {},
            },
            child,
        );
        const secrets = [
            adminSecret,
            configSecret(
                `${name}-grafana-oidc`,
                { name: grafanaOidcSecret.name, namespace: ns, data: { [grafanaOidcSecret.key]: grafana.oidc?.clientSecret } },
                child,
            ),
            configSecret(
                `${name}-alertmanager-receivers`,
                { name: receiversSecretName, namespace: ns, data: receiverSecrets(config.alertmanager.receivers) },
                child,
            ),
            configSecret(
                `${name}-remote-write`,
                {
                    name: remoteWriteSecret.name,
                    namespace: ns,
                    data:
                        config.mode === "vendor" && config.remoteWrite
                            ? config.remoteWrite.auth.type === "basic"
                                ? {
                                      [remoteWriteSecret.userKey]: new Secret(config.remoteWrite.auth.username),
                                      [remoteWriteSecret.passwordKey]: config.remoteWrite.auth.password,
                                  }
                                : config.remoteWrite.auth.type === "bearer"
                                  ? { [remoteWriteSecret.tokenKey]: config.remoteWrite.auth.token }
                                  : {}
                            : {},
                },
                child,
            ),
        ].filter((s): s is NonNullable<typeof s> => s !== undefined);

        const values = kpsValues({
            config,
            tier: context.tier,
            managedControlPlane: context.cluster.managedControlPlane,
            clusterName: context.cluster.name,
            imageRegistry: context.config.airgap.imageRegistry,
            storageClassName: args.storageClassName,
            nodeAgentsNamespace: args.nodeAgentsNamespace,
            grafanaAdminSecret: adminSecret !== undefined,
            airgap: context.config.airgap.imageRegistry !== undefined || context.config.airgap.chartMirror !== undefined,
            lokiUrl: args.lokiUrl,
            thanos: args.thanos,
        });
        this.stack = new HelmAddon(
            `${name}-stack`,
            {
                context,
                settings: config,
                chart: "kubePrometheusStack",
                namespace: { shared: args.namespace, name: args.namespaceName },
                values,
                defaultTimeoutSeconds: 900,
                crds: "none",
                releaseName: "kube-prometheus-stack",
                needs: [...secrets, ...args.needs],
                stateful: true,
                scraping: this.scraping,
                priorityClassAt: kpsPriorityPaths,
                identities: args.thanos ? [args.thanos.sidecar] : [],
                traffic: kpsTraffic(context.cluster.managedControlPlane),
                // node-exporter runs in its own privileged namespace from this release.
                alsoRunsIn: [args.nodeAgentsNamespace],
            },
            child,
        );
        this.registerOutputs({ release: this.stack.release.status.name });
    }
}
