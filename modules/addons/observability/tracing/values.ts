/**
 * Trace gateway values, as pure functions: the OpenTelemetry Collector (deployment mode, OTLP in)
 * exporting to the in-cluster Jaeger or a configured OTLP endpoint, and Jaeger v2 all-in-one.
 * Keys verified against opentelemetry-collector 0.170.0 and jaeger 4.11.1.
 */

/** Where the opentelemetry-collector chart (0.170.0, templates/_pod.tpl) reads its pods' priorityClassName. */
export const collectorPriorityPaths = ["priorityClassName"] as const;
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { Values } from "../../values";
import { restrictedContainer, restrictedPod } from "../../workload-defaults";

/** Where traces go (config). */
export type TraceExporter = ObservabilityConfig["tracing"]["exporter"];

/** The Secret holding the OTLP endpoint token. */
export const otlpTokenSecret = { name: "otlp-exporter-auth", key: "token" };
const tokenEnv = "OTLP_EXPORTER_AUTH";

/** The Jaeger Service (fullnameOverride) and its OTLP gRPC port. */
export const jaegerNames = { fullname: "jaeger", otlpGrpcPort: 4317 };

/** The collector's exporter config for the configured destination. */
export function traceExporter(e: TraceExporter, tracingNamespace: string): { name: string; config: Values } {
    if (e.type === "jaeger") {
        // In-cluster hop to Jaeger's OTLP receiver (plain gRPC inside the cluster network).
        return {
            name: "otlp/jaeger",
            config: { endpoint: `${jaegerNames.fullname}.${tracingNamespace}.svc.cluster.local:${jaegerNames.otlpGrpcPort}`, tls: { insecure: true } },
        };
    }
    const headers = e.token ? { [e.authHeader]: `\${env:${tokenEnv}}` } : undefined;
    if (e.endpoint.startsWith("https://")) {
        return { name: "otlphttp/upstream", config: { endpoint: e.endpoint, ...(headers ? { headers } : {}) } };
    }
    return { name: "otlp/upstream", config: { endpoint: e.endpoint, tls: { insecure: false }, ...(headers ? { headers } : {}) } };
}

/** What collectorValues needs: all plain data. */
export interface CollectorInputs {
    config: ObservabilityConfig["tracing"];
    namespace: string;
    image: (ref: string) => string;
    serviceMonitor: boolean;
}

/** opentelemetry-collector values: deployment mode, OTLP receivers only, one traces pipeline. */
export function collectorValues(i: CollectorInputs): Values {
    const exporter = traceExporter(i.config.exporter, i.namespace);
    const token = i.config.exporter.type === "otlp" && i.config.exporter.token !== undefined;
    return {
        mode: "deployment",
        fullnameOverride: "otel-collector",
        image: { repository: i.image("otel/opentelemetry-collector-k8s") },
        replicaCount: i.config.replicas,
        podDisruptionBudget: { enabled: i.config.replicas > 1, maxUnavailable: 1 },
        presets: { kubernetesAttributes: { enabled: true } },
        podSecurityContext: restrictedPod(10001),
        securityContext: restrictedContainer(),
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
        extraEnvs: token ? [{ name: tokenEnv, valueFrom: { secretKeyRef: { name: otlpTokenSecret.name, key: otlpTokenSecret.key } } }] : [],
        ports: {
            "jaeger-compact": { enabled: false },
            "jaeger-thrift": { enabled: false },
            "jaeger-grpc": { enabled: false },
            zipkin: { enabled: false },
            metrics: { enabled: true },
        },
        serviceMonitor: { enabled: i.serviceMonitor },
        config: {
            receivers: {
                jaeger: null,
                zipkin: null,
                prometheus: null,
                otlp: { protocols: { grpc: { endpoint: "${env:MY_POD_IP}:4317" }, http: { endpoint: "${env:MY_POD_IP}:4318" } } },
            },
            exporters: { debug: null, [exporter.name]: exporter.config },
            service: {
                pipelines: {
                    logs: null,
                    metrics: null,
                    // `k8s_attributes`: the processor's name since collector 0.146.0 (the chart's 0.158.0 image);
                    // `k8sattributes` is a deprecated alias the chart rewrites with a warning.
                    traces: { receivers: ["otlp"], processors: ["memory_limiter", "k8s_attributes", "batch"], exporters: [exporter.name] },
                },
            },
        },
    };
}

/** jaeger values: all-in-one Jaeger v2 with in-memory storage, restricted security context. */
export function jaegerValues(i: { image: { registry: string } }): Values {
    return {
        fullnameOverride: jaegerNames.fullname,
        jaeger: {
            replicas: 1,
            image: { registry: i.image.registry, repository: "jaegertracing/jaeger" },
            podSecurityContext: restrictedPod(10001),
            securityContext: restrictedContainer(),
            serviceAccount: { automountServiceAccountToken: false },
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
        },
    };
}
