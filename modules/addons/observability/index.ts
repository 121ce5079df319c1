/**
 * `platform:observability:Observability`: logs, metrics with alerting and dashboards, long-term
 * metrics and tracing. Order is data: the Thanos bucket and its Secret come first; the monitoring
 * CRDs install as their own release; kube-prometheus-stack and everything that renders a
 * ServiceMonitor (Thanos, Fluent Bit, Fluentd, the collector) take that CRD release as a need (through
 * `scraping`), so none of them waits for Prometheus itself to roll out.
 *
 * Other add-ons: declare `observability: uses(observability)` and pass its `scraping` to your
 * HelmAddon; your chart's scrape switches (metrics/scrape.ts) are merged and the release waits for the
 * monitoring CRDs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { ObjectStoreFactory } from "../../cluster/contract";
import { defineAddon, NamespaceDeclaration, uses } from "../addon";
import type { AddonContext } from "../context";
import { HelmAddon, Scraping } from "../helm";
import type { PlatformPeer } from "../peers";
import { grafanaOidc } from "../security/identity/grafana";
import { storage } from "../storage";
import { Logging, logBackendName } from "./logging";
import { ThanosBucket } from "./long-term";
import { thanosNames, thanosPriorityPaths, thanosQueryUrl, thanosValues, objstoreSecret } from "./long-term/values";
import { loki, LokiOutputs } from "./loki";
import { observabilityIssues } from "./issues";
import { Metrics, PlatformOidcClient } from "./metrics";
import { scrapeRegistry } from "./metrics/scrape";
import { kps, kpsIdentityPaths } from "./metrics/values";
import { createMonitor } from "./monitors";
import { Tracing } from "./tracing";

export { scrapeRegistry, scrapeValues } from "./metrics/scrape";
export type { PlatformOidcClient } from "./metrics";

/** What the composition hands the area. */
export interface ObservabilityArgs {
    context: AddonContext;
    /** The platform StorageClass (from the storage add-on). Default: the cluster's default class. */
    storageClassName?: string;
    /** What must exist before a release creates PVCs (the StorageClass resource). Default: none. */
    storageReady?: pulumi.Resource[];
    /**
     * Grafana's client at the platform's OIDC provider (the identity layer's `grafanaOidc(config)`):
     * Grafana logs in through it unless `observability.metrics.grafana.oidc` is set. Default: none.
     */
    grafanaOidc?: PlatformOidcClient;
    /** The in-cluster Loki, when the stack installs it: Fluent Bit ships to it, Grafana queries it. */
    loki?: LokiOutputs;
}

/** Where the thanos chart reads each component's service-account annotations and pod labels. */
const thanosIdentityPaths = {
    storeGateway: { annotationsAt: "storeGateway.serviceAccount.annotations", podLabelsAt: "storeGateway.podLabels" },
    compact: { annotationsAt: "compact.serviceAccount.annotations", podLabelsAt: "compact.podLabels" },
};

/** The area: metrics first (its CRDs), then long-term storage, logs and traces. See the file header for the order. */
export class Observability extends pulumi.ComponentResource {
    /** The release that installs the monitoring.coreos.com CRDs: what a chart rendering a ServiceMonitor needs. Undefined when metrics are off. */
    readonly monitoringCrds?: Release;
    /** Scraping for other add-ons' charts. Undefined when metrics are off. */
    readonly scraping?: Scraping;
    /** Alertmanager's in-cluster URL (for Falcosidekick and other alert sources). Undefined in vendor mode or with metrics off. */
    readonly alertmanagerUrl?: string;
    readonly metrics?: Metrics;
    readonly thanosBucket?: ThanosBucket;
    readonly thanos?: HelmAddon;
    readonly logging?: Logging;
    readonly tracing?: Tracing;
    /** Non-secret facts for stack outputs. */
    readonly outputs: Record<string, pulumi.Input<unknown>>;

    constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Observability", name, {}, { ...opts, providers: { kubernetes: args.context.cluster.provider } });
        const { context } = args;
        const config = context.config.observability;
        const ns = config.namespace;
        const child = { parent: this };
        const outputs: Record<string, pulumi.Input<unknown>> = {};
        const storageReady = args.storageReady ?? [];

        if (config.metrics.enabled) {
            // Prometheus' and Alertmanager's data live in this namespace: protected in prod like their releases.
            const monitoring = context.namespace(
                `${name}-monitoring`,
                { name: ns.monitoring, podSecurity: "restricted", labels: { "platform.io/component": "monitoring" } },
                context.stateful(child),
            );
            // node-exporter reads host metrics (hostNetwork, hostPID, hostPath): its own privileged namespace.
            const agentsName = nodeAgentsNamespace(ns.monitoring);
            context.namespace(
                `${name}-monitoring-agents`,
                { name: agentsName, podSecurity: "privileged", labels: { "platform.io/component": "monitoring" } },
                child,
            );
            if (config.longTerm.enabled) {
                this.thanosBucket = new ThanosBucket(
                    `${name}-thanos-bucket`,
                    { context, objectStore: context.cluster.objectStore as ObjectStoreFactory, namespace: monitoring },
                    child,
                );
                outputs.thanosBucket = this.thanosBucket.bucket;
            }
            const bucket = this.thanosBucket;
            this.metrics = new Metrics(
                `${name}-metrics`,
                {
                    context,
                    config: config.metrics,
                    namespace: monitoring,
                    namespaceName: ns.monitoring,
                    nodeAgentsNamespace: agentsName,
                    storageClassName: args.storageClassName,
                    thanos: bucket && {
                        objstoreSecret,
                        queryUrl: thanosQueryUrl(ns.monitoring),
                        sidecar: bucket.identity("sidecar", kps.prometheusServiceAccount, "read-write", kpsIdentityPaths),
                    },
                    needs: [...storageReady, ...(bucket ? bucket.ready : [])],
                    grafanaOidc: args.grafanaOidc,
                    lokiUrl: args.loki?.queryUrl,
                },
                child,
            );
            this.monitoringCrds = this.metrics.crds.release;
            this.scraping = this.metrics.scraping;
            if (config.metrics.mode === "in-cluster") {
                this.alertmanagerUrl = `http://${kps.alertmanagerService}.${ns.monitoring}.svc:9093`;
            }
            if (bucket) {
                this.thanos = new HelmAddon(
                    `${name}-thanos`,
                    {
                        context,
                        settings: config.longTerm,
                        chart: "thanos",
                        namespace: { shared: monitoring, name: ns.monitoring },
                        values: thanosValues({
                            config: config.longTerm,
                            image: (ref) => context.image(ref),
                            monitoringNamespace: ns.monitoring,
                            sidecarDiscoveryService: kps.thanosDiscoveryService,
                            storageClassName: args.storageClassName,
                        }),
                        defaultTimeoutSeconds: 600,
                        crds: "none",
                        releaseName: "thanos",
                        needs: [...storageReady, ...bucket.ready],
                        stateful: true,
                        scraping: this.scraping,
                        priorityClassAt: thanosPriorityPaths,
                        identities: [
                            bucket.identity("store", thanosNames.storeGatewayServiceAccount, "read-only", thanosIdentityPaths.storeGateway),
                            bucket.identity("compact", thanosNames.compactServiceAccount, "read-write", thanosIdentityPaths.compact),
                        ],
                        traffic: { clusterPorts: [10901, 10902], internetEgressPorts: [443] },
                    },
                    child,
                );
            }
            // Monitors for charts without a ServiceMonitor switch (Gatekeeper, Jaeger): selector-based, any namespace.
            for (const [chart, entry] of Object.entries(scrapeRegistry)) {
                if (entry.mode === "monitor") {
                    const monitorName = chart.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
                    createMonitor(
                        `${name}-monitor-${monitorName}`,
                        { name: monitorName, namespace: monitoring.metadata.name, monitor: entry.monitor },
                        { ...child, dependsOn: [this.monitoringCrds] },
                    );
                }
            }
            outputs.monitoringNamespace = ns.monitoring;
            outputs.metricsMode = config.metrics.mode;
            if (config.metrics.grafana.url) {
                outputs.grafanaUrl = config.metrics.grafana.url;
            }
        }

        if (config.logging.enabled) {
            this.logging = new Logging(
                `${name}-logging`,
                {
                    context,
                    config: config.logging,
                    namespace: ns.logging,
                    storageClassName: args.storageClassName,
                    storageReady,
                    scraping: this.scraping,
                    loki: args.loki,
                },
                child,
            );
            outputs.logBackend = logBackendName(this.logging.destination);
        }

        if (config.tracing.enabled) {
            this.tracing = new Tracing(`${name}-tracing`, { context, config: config.tracing, namespace: ns.tracing, scraping: this.scraping }, child);
            outputs.otlpEndpoint = this.tracing.otlpEndpoint;
        }
        this.outputs = outputs;
        this.registerOutputs(outputs);
    }
}

/** The privileged namespace of the node agents (node-exporter) beside the monitoring namespace. */
export function nodeAgentsNamespace(monitoringNamespace: string): string {
    return `${monitoringNamespace}-agents`;
}

/** What the observability add-on provides to the add-ons installed after it. */
export interface ObservabilityOutputs {
    /** Scraping for charts with metrics; undefined when metrics are off. */
    scraping?: Scraping;
    /** Alertmanager's in-cluster URL; undefined in vendor mode or with metrics off. */
    alertmanagerUrl?: string;
    /** Prometheus' pods, which scrape every namespace; undefined when metrics are off. */
    prometheus?: PlatformPeer;
    /** Stack outputs of the area. */
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** The observability add-on: metrics (and alerting, dashboards), long-term metrics, logs, traces. */
export const observability = defineAddon({
    id: "observability",
    area: "observability",
    configPath: "observability.enabled",
    description: "observability (metrics, alerting, dashboards, long-term metrics, logs, traces)",
    enabled: (config) => config.observability.enabled,
    needs: { storage: uses(storage), loki: uses(loki) },
    capabilities: (config) =>
        config.observability.metrics.enabled && config.observability.longTerm.enabled
            ? [
                  {
                      capability: "objectStore",
                      path: "observability.longTerm.enabled",
                      message: `a ${config.cluster.cloud} cluster offers no object storage for Thanos; set observability.longTerm.enabled: false`,
                  },
              ]
            : [],
    issues: (config, cluster) => observabilityIssues(config, cluster),
    namespaces: (config) => {
        const o = config.observability;
        const out: NamespaceDeclaration[] = [];
        if (o.metrics.enabled) {
            out.push(
                { name: o.namespace.monitoring, podSecurity: "restricted" },
                { name: nodeAgentsNamespace(o.namespace.monitoring), podSecurity: "privileged" },
            );
        }
        if (o.logging.enabled) {
            out.push({ name: o.namespace.logging, podSecurity: "privileged" });
        }
        if (o.tracing.enabled) {
            out.push({ name: o.namespace.tracing, podSecurity: "restricted" });
        }
        return out;
    },
    install: (context, { storage, loki }): ObservabilityOutputs => {
        // Grafana logs in through the platform's Dex client when identity registers one (read from
        // config: Grafana installs before the identity layer).
        const dexClient = grafanaOidc(context.config);
        const identity = context.config.identity;
        const area = new Observability("observability", {
            context,
            storageClassName: storage?.defaultStorageClassName,
            storageReady: storage ? [storage.storageClass] : [],
            grafanaOidc: dexClient && { ...dexClient, redirectUri: identity.provider === "dex" ? identity.grafana?.redirectUri : undefined },
            loki,
        });
        return {
            scraping: area.scraping,
            alertmanagerUrl: area.alertmanagerUrl,
            prometheus: area.metrics ? { namespaceName: area.metrics.stack.namespaceName } : undefined,
            outputs: area.outputs,
        };
    },
    outputs: (provided) => (provided ? { observability: provided.outputs } : {}),
});
