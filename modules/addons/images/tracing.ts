/** Image tables (see ./index.ts): The tracing charts: the OpenTelemetry Collector, Jaeger. */
import { split } from "../image-sources";
import type { ChartImage, ImageTables } from "./types";

export const tracingImages: ImageTables = {
    otelCollector: {
        "0.170.0": {
            checked:
                "open-telemetry/opentelemetry-helm-charts tag opentelemetry-collector-0.170.0: charts/opentelemetry-collector/values.yaml (image.repository has no default: NOTES.txt fails without one), templates/_pod.tpl (global.imageRegistry as an optional prefix)",
            images: [
                {
                    name: "collector",
                    role: "container",
                    what: "the OpenTelemetry Collector (the chart ships no default image; the platform sets otel/opentelemetry-collector-k8s)",
                    source: split({
                        registry: ["global.imageRegistry"],
                        repository: "image.repository",
                        tag: "image.tag",
                        digest: "image.digest",
                        digestStyle: "replaces-tag",
                        mirrorBy: "repository",
                        defaults: { registry: "", repository: "", tag: "0.158.0" },
                    }),
                },
            ],
        },
    },

    jaeger: {
        "4.11.1": {
            checked:
                "jaegertracing/helm-charts tag jaeger-4.11.1: charts/jaeger/values.yaml, templates/_helpers.tpl (renderImage over bitnami common 2.34.0's common.images.image: global.imageRegistry over image.registry, an empty registry means Docker Hub), templates/jaeger/jaeger-deploy.yaml, es-maintenance/*, spark/spark-dependencies.yaml",
            subcharts: [{ name: "common", version: "2.34.0", repository: "https://charts.bitnami.com/bitnami" }],
            images: [
                ...(["jaeger", "esIndexCleaner", "esRollover", "esLookback", "spark"] as const).map((component): ChartImage => {
                    const repository = {
                        jaeger: "jaegertracing/jaeger",
                        esIndexCleaner: "jaegertracing/jaeger-es-index-cleaner",
                        esRollover: "jaegertracing/jaeger-es-rollover",
                        esLookback: "jaegertracing/jaeger-es-rollover",
                        spark: "jaegertracing/spark-dependencies",
                    }[component];
                    return {
                        name: component,
                        role: component === "jaeger" ? "container" : "job",
                        what: {
                            jaeger: "Jaeger (all in one)",
                            esIndexCleaner: "the Elasticsearch index cleaner CronJob",
                            esRollover: "the Elasticsearch rollover hook and CronJob",
                            esLookback: "the Elasticsearch lookback CronJob",
                            spark: "the Spark dependencies CronJob",
                        }[component],
                        when: (v) => v.on(`${component}.enabled`, component === "jaeger"),
                        source: split({
                            registry: ["global.imageRegistry", `${component}.image.registry`],
                            repository: `${component}.image.repository`,
                            tag: `${component}.image.tag`,
                            digest: `${component}.image.digest`,
                            digestStyle: "replaces-tag",
                            defaults: { registry: "", repository, tag: component === "spark" ? "latest" : "2.19.0" },
                        }),
                    };
                }),
            ],
        },
    },
};
