/**
 * `platform:observability:Tracing`: the OpenTelemetry Collector as the platform's trace gateway
 * (OTLP in), exporting to an in-cluster Jaeger or a configured OTLP endpoint.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { AddonContext } from "../../context";
import { HelmAddon, Scraping } from "../../helm";
import { configSecret } from "../secrets";
import { collectorPriorityPaths, collectorValues, jaegerNames, jaegerValues, otlpTokenSecret } from "./values";

/** Inputs of the trace gateway. */
export interface TracingArgs {
    context: AddonContext;
    config: ObservabilityConfig["tracing"];
    namespace: string;
    /** Metrics scraping, when metrics are on. */
    scraping?: Scraping;
}

/** The collector, the optional Jaeger, and the OTLP token Secret. */
export class Tracing extends pulumi.ComponentResource {
    readonly collector: HelmAddon;
    readonly jaeger?: HelmAddon;
    /** OTLP gRPC endpoint applications send traces to. */
    readonly otlpEndpoint: string;

    constructor(name: string, args: TracingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Tracing", name, {}, { ...opts, providers: { kubernetes: args.context.cluster.provider } });
        const { context, config } = args;
        const child = { parent: this };
        const namespace = context.namespace(
            `${name}-namespace`,
            { name: args.namespace, podSecurity: "restricted", labels: { "platform.io/component": "tracing" } },
            child,
        );
        const shared = { shared: namespace, name: args.namespace };
        const exporter = config.exporter;
        if (exporter.type === "jaeger" && config.jaeger.enabled) {
            this.jaeger = new HelmAddon(
                `${name}-jaeger`,
                {
                    context,
                    settings: config.jaeger,
                    chart: "jaeger",
                    namespace: shared,
                    values: jaegerValues({ image: { registry: context.registry("docker.io") } }),
                    defaultTimeoutSeconds: 300,
                    crds: "none",
                    releaseName: jaegerNames.fullname,
                    scraping: args.scraping,
                    // No priorityClassAt: the jaeger chart (4.11.1, and every release up to it) has no
                    // priorityClassName value; the in-memory all-in-one Jaeger is a development viewer.
                    traffic: { clusterPorts: [4317, 4318, 16686], ingressPorts: [16686], internetEgressPorts: [443, 9200] },
                },
                child,
            );
        }
        const token = configSecret(
            `${name}-otlp-token`,
            {
                name: otlpTokenSecret.name,
                namespace: namespace.metadata.name,
                data: { [otlpTokenSecret.key]: exporter.type === "otlp" ? exporter.token : undefined },
            },
            child,
        );
        this.collector = new HelmAddon(
            `${name}-collector`,
            {
                context,
                settings: config,
                chart: "otelCollector",
                namespace: shared,
                values: collectorValues({ config, namespace: args.namespace, image: (ref) => context.image(ref), serviceMonitor: args.scraping !== undefined }),
                defaultTimeoutSeconds: 300,
                crds: "none",
                releaseName: "otel-collector",
                needs: [...(token ? [token] : []), ...(this.jaeger ? [this.jaeger.release] : [])],
                scraping: args.scraping,
                // Tenants send traces here; it exports to Jaeger in the same namespace or to an endpoint outside.
                priorityClassAt: collectorPriorityPaths,
                traffic: { clusterPorts: [4317, 4318], tenantPorts: [4317, 4318], internetEgressPorts: [443] },
            },
            child,
        );
        this.otlpEndpoint = `otel-collector.${args.namespace}.svc.cluster.local:4317`;
        this.registerOutputs({ otlpEndpoint: this.otlpEndpoint });
    }
}
