/**
 * `platform:observability:Observability`: logs, metrics with alerting and dashboards, long-term
 * metrics and tracing. Order is data: the Thanos bucket, its Secret and identities come first; the
 * monitoring CRDs install as their own release; kube-prometheus-stack and everything that renders a
 * ServiceMonitor (Thanos, Fluent Bit, Fluentd, the collector) take that CRD release as a `need`, so
 * none of them waits for Prometheus itself to roll out.
 *
 * Other add-ons: merge `scrapeValues(<chart>)` (metrics/scrape.ts) into your chart values and put
 * `observability.monitoringCrds` in your HelmAddon `needs`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { PlatformContext } from "../context";
import { HelmAddon } from "../helm";
import { createNamespace } from "../namespace";
import { Logging } from "./logging";
import { ThanosBucket } from "./long-term";
import { thanosQueryUrl, thanosValues, objstoreSecret } from "./long-term/values";
import { Metrics, PlatformOidcClient } from "./metrics";
import { scrapeRegistry, withScraping } from "./metrics/scrape";
import { kps } from "./metrics/values";
import { createMonitor } from "./monitors";
import { Tracing } from "./tracing";

export { scrapeRegistry, scrapeValues, withScraping } from "./metrics/scrape";
export type { PlatformOidcClient } from "./metrics";

/** What the composition root hands the area. */
export interface ObservabilityArgs {
    platform: PlatformContext;
    /** The platform StorageClass (from the storage add-on). Default: the cluster's default class. */
    storageClassName?: string;
    /** What must exist before a release creates PVCs (the StorageClass resource). Default: none. */
    storageReady?: pulumi.Resource[];
    /**
     * Grafana's client at the platform's OIDC provider (the identity layer's `grafanaOidc(config)`):
     * Grafana logs in through it unless `observability.metrics.grafana.oidc` is set. Default: none.
     */
    grafanaOidc?: PlatformOidcClient;
}

/** The area: metrics first (its CRDs), then long-term storage, logs and traces. See the file header for the order. */
export class Observability extends pulumi.ComponentResource {
    /** The release that installs the monitoring.coreos.com CRDs: what a chart rendering a ServiceMonitor needs. Undefined when metrics are off. */
    readonly monitoringCrds?: Release;
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
        super("platform:observability:Observability", name, {}, { ...opts, providers: { kubernetes: args.platform.cluster.provider } });
        const { platform } = args;
        const config = platform.config.observability;
        const ns = config.namespace;
        const child = { parent: this };
        const outputs: Record<string, pulumi.Input<unknown>> = {};
        const storageReady = args.storageReady ?? [];

        if (config.metrics.enabled) {
            const monitoring = createNamespace(`${name}-monitoring`, { name: ns.monitoring, podSecurity: "restricted", labels: { "platform.io/component": "monitoring" } }, child);
            // node-exporter reads host metrics (hostNetwork, hostPID, hostPath): its own privileged namespace.
            const agentsName = `${ns.monitoring}-agents`;
            const agents = createNamespace(`${name}-monitoring-agents`, { name: agentsName, podSecurity: "privileged", labels: { "platform.io/component": "monitoring" } }, child);
            platform.recordNamespace({ chart: "kubePrometheusStack", namespace: agentsName, namespaceResource: agents });
            if (config.longTerm.enabled) {
                this.thanosBucket = new ThanosBucket(`${name}-thanos-bucket`, { platform, namespace: monitoring, namespaceName: ns.monitoring }, child);
                outputs.thanosBucket = this.thanosBucket.bucket;
            }
            const bucket = this.thanosBucket;
            this.metrics = new Metrics(
                `${name}-metrics`,
                {
                    platform,
                    config: config.metrics,
                    namespace: monitoring,
                    namespaceName: ns.monitoring,
                    nodeAgentsNamespace: agentsName,
                    storageClassName: args.storageClassName,
                    thanos: bucket && {
                        objstoreSecret,
                        queryUrl: thanosQueryUrl(ns.monitoring),
                        serviceAccountAnnotations: bucket.sidecar.serviceAccountAnnotations,
                        podLabels: bucket.sidecar.podLabels,
                    },
                    needs: [...storageReady, ...(bucket ? [...bucket.ready, ...bucket.sidecar.resources] : [])],
                    grafanaOidc: args.grafanaOidc,
                },
                child,
            );
            this.monitoringCrds = this.metrics.crds.release;
            if (config.metrics.mode === "in-cluster") {
                this.alertmanagerUrl = `http://${kps.alertmanagerService}.${ns.monitoring}.svc:9093`;
            }
            // The node agents run in their own namespace from the same release: record it so platform-wide
            // rules (default-deny network policies, admission order) cover it too.
            platform.recordInstalled({ chart: "kubePrometheusStack", namespace: agentsName, namespaceResource: agents, release: this.metrics.stack.release });
            if (bucket) {
                this.thanos = new HelmAddon(
                    "platform:observability:Thanos",
                    `${name}-thanos`,
                    {
                        platform,
                        settings: config.longTerm,
                        chart: "thanos",
                        namespace: { shared: monitoring, name: ns.monitoring },
                        values: withScraping(
                            "thanos",
                            thanosValues({
                                config: config.longTerm,
                                image: (ref) => platform.image(ref),
                                monitoringNamespace: ns.monitoring,
                                sidecarDiscoveryService: kps.thanosDiscoveryService,
                                storageClassName: args.storageClassName,
                                storeGateway: { serviceAccountAnnotations: bucket.storeGateway.serviceAccountAnnotations, podLabels: bucket.storeGateway.podLabels },
                                compact: { serviceAccountAnnotations: bucket.compact.serviceAccountAnnotations, podLabels: bucket.compact.podLabels },
                            }),
                        ),
                        defaultTimeoutSeconds: 600,
                        crds: "none",
                        releaseName: "thanos",
                        needs: [this.monitoringCrds, ...storageReady, ...bucket.ready, ...bucket.storeGateway.resources, ...bucket.compact.resources],
                    },
                    child,
                );
            }
            // Monitors for charts without a ServiceMonitor switch (Gatekeeper, Jaeger): selector-based, any namespace.
            for (const [chart, entry] of Object.entries(scrapeRegistry)) {
                if (entry.mode === "monitor") {
                    const monitorName = chart.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
                    createMonitor(`${name}-monitor-${monitorName}`, { name: monitorName, namespace: monitoring.metadata.name, monitor: entry.monitor }, { ...child, dependsOn: [this.monitoringCrds] });
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
                { platform, config: config.logging, namespace: ns.logging, storageClassName: args.storageClassName, storageReady, monitoringCrds: this.monitoringCrds },
                child,
            );
            outputs.logBackend = this.logging.backend?.type ?? "none";
        }

        if (config.tracing.enabled) {
            this.tracing = new Tracing(`${name}-tracing`, { platform, config: config.tracing, namespace: ns.tracing, monitoringCrds: this.monitoringCrds }, child);
            outputs.otlpEndpoint = this.tracing.otlpEndpoint;
        }
        this.outputs = outputs;
        this.registerOutputs(outputs);
    }
}

/** Installs the observability area when enabled (the platform's composition root calls this). */
export function installObservability(args: ObservabilityArgs): Observability | undefined {
    return args.platform.config.observability.enabled ? new Observability("observability", args) : undefined;
}
