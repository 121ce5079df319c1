/**
 * `platform:observability:Tracing`: the OpenTelemetry Collector as the platform's trace gateway
 * (OTLP in), exporting to an in-cluster Jaeger or a configured OTLP endpoint.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { PlatformContext } from "../../context";
import { HelmAddon } from "../../helm";
import { createNamespace } from "../../namespace";
import { withScraping } from "../metrics/scrape";
import { configSecret } from "../secrets";
import { collectorValues, jaegerNames, jaegerValues, otlpTokenSecret } from "./values";

/** Inputs of the trace gateway. */
export interface TracingArgs {
    platform: PlatformContext;
    config: ObservabilityConfig["tracing"];
    namespace: string;
    monitoringCrds?: pulumi.Resource;
}

/** The collector, the optional Jaeger, and the OTLP token Secret. */
export class Tracing extends pulumi.ComponentResource {
    readonly collector: HelmAddon;
    readonly jaeger?: HelmAddon;
    /** OTLP gRPC endpoint applications send traces to. */
    readonly otlpEndpoint: string;

    constructor(name: string, args: TracingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Tracing", name, {}, { ...opts, providers: { kubernetes: args.platform.cluster.provider } });
        const { platform, config } = args;
        const child = { parent: this };
        const namespace = createNamespace(`${name}-namespace`, { name: args.namespace, podSecurity: "restricted", labels: { "platform.io/component": "tracing" } }, child);
        const shared = { shared: namespace, name: args.namespace };
        const crdNeeds = args.monitoringCrds ? [args.monitoringCrds] : [];
        const exporter = config.exporter;
        if (exporter.type === "jaeger" && config.jaeger.enabled) {
            this.jaeger = new HelmAddon(
                "platform:observability:Jaeger",
                `${name}-jaeger`,
                {
                    platform,
                    settings: config.jaeger,
                    chart: "jaeger",
                    namespace: shared,
                    values: withScraping("jaeger", jaegerValues({ image: { registry: platform.registry("docker.io") } })),
                    defaultTimeoutSeconds: 300,
                    crds: "none",
                    releaseName: jaegerNames.fullname,
                },
                child,
            );
        }
        const token = configSecret(
            `${name}-otlp-token`,
            { name: otlpTokenSecret.name, namespace: namespace.metadata.name, data: { [otlpTokenSecret.key]: exporter.type === "otlp" ? exporter.token : undefined } },
            child,
        );
        this.collector = new HelmAddon(
            "platform:observability:OtelCollector",
            `${name}-collector`,
            {
                platform,
                settings: config,
                chart: "otelCollector",
                namespace: shared,
                values: withScraping(
                    "otelCollector",
                    collectorValues({ config, namespace: args.namespace, image: (ref) => platform.image(ref), serviceMonitor: args.monitoringCrds !== undefined }),
                ),
                defaultTimeoutSeconds: 300,
                crds: "none",
                releaseName: "otel-collector",
                needs: [...crdNeeds, ...(token ? [token] : []), ...(this.jaeger ? [this.jaeger.release] : [])],
            },
            child,
        );
        this.otlpEndpoint = `otel-collector.${args.namespace}.svc.cluster.local:4317`;
        this.registerOutputs({ otlpEndpoint: this.otlpEndpoint });
    }
}
