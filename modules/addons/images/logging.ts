/** Image tables (see ./index.ts): The log pipeline's charts: Fluent Bit, Fluentd, the in-cluster Loki. */
import { fixed, full, ImageSource, split, ValuesView } from "../image-sources";
import type { ChartImage, ImageTables } from "./types";

/** The Loki chart 18.11.0's appVersion: the default tag of Loki's own images. */
const lokiVersion = "3.7.6";

interface LokiImageDefaults {
    registry?: string;
    repository?: string;
    tag?: string;
}

/**
 * Loki's image helper (chart 18.11.0 `loki.image`): the registry is the first set of
 * `global.imageRegistry`, `global.image.registry`, `global.registry`, the image's own and the base
 * image's (`loki.image` for Loki's own targets); repository, tag, digest and the deprecated `sha`
 * come from the image, else the base image; a digest replaces the tag, which defaults to
 * `defaultVersion` (the appVersion for Loki's own images). `global.imageRegistry` sends every image
 * of the chart (its subcharts aside) through the air-gap registry.
 */
function lokiImage(at: string, own: LokiImageDefaults, defaultVersion?: string, base?: { at: string; defaults: LokiImageDefaults }): ImageSource {
    const fields = ["registry", "repository", "tag", "digest", "sha"] as const;
    const pick = (v: ValuesView, field: (typeof fields)[number]) =>
        v.str(`${at}.${field}`, own[field as keyof LokiImageDefaults]) ??
        (base ? v.str(`${base.at}.${field}`, base.defaults[field as keyof LokiImageDefaults]) : undefined);
    return {
        paths: [
            "global.imageRegistry",
            "global.image.registry",
            "global.registry",
            ...fields.map((f) => `${at}.${f}`),
            ...(base ? fields.map((f) => `${base.at}.${f}`) : []),
        ],
        render(v) {
            const registry = v.str("global.imageRegistry") ?? v.str("global.image.registry") ?? v.str("global.registry") ?? pick(v, "registry");
            const repository = pick(v, "repository");
            if (!repository) {
                return undefined;
            }
            const sha = pick(v, "sha");
            const digest = pick(v, "digest") ?? (sha ? `sha256:${sha}` : undefined);
            const tag = pick(v, "tag") ?? defaultVersion;
            return `${registry ? `${registry}/` : ""}${repository}${digest ? `@${digest}` : tag ? `:${tag}` : ""}`;
        },
        mirror: (registry) => ({ global: { imageRegistry: registry } }),
    };
}

/** Where Loki's own targets read their image: their own `image`, over `loki.image`. */
const lokiBaseImage = { at: "loki.image", defaults: { registry: "docker.io", repository: "grafana/loki" } };

/** Loki's deployment modes (chart 18.11.0 `_helpers.tpl`: loki.deployment.isMonolithic, isScalable, isDistributed). */
function lokiMode(v: ValuesView): { monolithic: boolean; scalable: boolean; distributed: boolean } {
    const mode = v.str("deploymentMode", "Monolithic") as string;
    const objectStorage = ["s3", "gcs", "azure", "swift", "alibabacloud", "cos", "bos"].includes(v.str("loki.storage.type", "s3") as string);
    return {
        monolithic: ["SingleBinary", "Monolithic", "SingleBinary<->SimpleScalable", "Monolithic<->SimpleScalable"].includes(mode),
        scalable:
            objectStorage && ["SingleBinary<->SimpleScalable", "Monolithic<->SimpleScalable", "SimpleScalable", "SimpleScalable<->Distributed"].includes(mode),
        distributed: objectStorage && ["Distributed", "SimpleScalable<->Distributed"].includes(mode),
    };
}

/** One of Loki's targets: its values key, the mode that renders it, and its defaults in values.yaml. */
interface LokiTarget {
    key: string;
    target: string;
    mode: "monolithic" | "scalable" | "distributed";
    enabled: boolean;
    replicas: number;
    kind: "StatefulSet" | "Deployment";
    /** The rules sidecar (`<key>.sidecar`) by default. */
    sidecar?: boolean;
}

const lokiTargets: readonly LokiTarget[] = [
    { key: "singleBinary", target: "single-binary", mode: "monolithic", enabled: true, replicas: 1, kind: "StatefulSet", sidecar: true },
    { key: "read", target: "read", mode: "scalable", enabled: true, replicas: 3, kind: "Deployment" },
    { key: "write", target: "write", mode: "scalable", enabled: true, replicas: 3, kind: "StatefulSet" },
    { key: "backend", target: "backend", mode: "scalable", enabled: true, replicas: 3, kind: "StatefulSet", sidecar: true },
    { key: "ingester", target: "ingester", mode: "distributed", enabled: true, replicas: 0, kind: "StatefulSet" },
    { key: "distributor", target: "distributor", mode: "distributed", enabled: true, replicas: 0, kind: "Deployment" },
    { key: "querier", target: "querier", mode: "distributed", enabled: true, replicas: 0, kind: "Deployment" },
    { key: "queryFrontend", target: "query-frontend", mode: "distributed", enabled: true, replicas: 0, kind: "Deployment" },
    { key: "queryScheduler", target: "query-scheduler", mode: "distributed", enabled: true, replicas: 0, kind: "Deployment" },
    { key: "indexGateway", target: "index-gateway", mode: "distributed", enabled: true, replicas: 0, kind: "StatefulSet" },
    { key: "compactor", target: "compactor", mode: "distributed", enabled: true, replicas: 0, kind: "StatefulSet" },
    { key: "ruler", target: "ruler", mode: "distributed", enabled: true, replicas: 0, kind: "StatefulSet", sidecar: false },
    { key: "bloomGateway", target: "bloom-gateway", mode: "distributed", enabled: false, replicas: 0, kind: "StatefulSet" },
    { key: "bloomPlanner", target: "bloom-planner", mode: "distributed", enabled: false, replicas: 0, kind: "StatefulSet" },
    { key: "bloomBuilder", target: "bloom-builder", mode: "distributed", enabled: false, replicas: 0, kind: "Deployment" },
    { key: "patternIngester", target: "pattern-ingester", mode: "distributed", enabled: false, replicas: 0, kind: "StatefulSet" },
    { key: "overridesExporter", target: "overrides-exporter", mode: "distributed", enabled: false, replicas: 0, kind: "Deployment" },
];

/**
 * Whether the chart renders a target's workload with pods: its mode is on and `<key>.enabled`
 * (templates/_workload.tpl), with replicas above zero or an autoscaler (the single binary always runs
 * at least one: loki.monolithicReplicas). A `replicas: null` leaves spec.replicas out, so one pod runs.
 */
function lokiTargetRuns(v: ValuesView, t: LokiTarget): boolean {
    if (!lokiMode(v)[t.mode] || !v.on(`${t.key}.enabled`, t.enabled)) {
        return false;
    }
    if (t.key === "singleBinary") {
        return true;
    }
    const replicas = v.get(`${t.key}.replicas`);
    const count = replicas === null ? 1 : replicas === undefined ? t.replicas : Number(replicas);
    return count > 0 || v.on(`${t.key}.autoscaling.enabled`, false) || v.on(`${t.key}.kedaAutoscaling.enabled`, false);
}

const lokiCachesOn = (v: ValuesView) => v.on("memcached.enabled", true) && (v.on("chunksCache.enabled", true) || v.on("resultsCache.enabled", true));
const lokiGatewayOn = (v: ValuesView) => v.on("gateway.enabled", true);

export const loggingImages: ImageTables = {
    fluentBit: {
        "0.58.1": {
            checked:
                "fluent/helm-charts tag fluent-bit-0.58.1: charts/fluent-bit/values.yaml, templates/_pod.tpl, templates/_helpers.tpl (fluent-bit.image), templates/tests/test-connection.yaml",
            images: [
                {
                    name: "fluent-bit",
                    role: "container",
                    what: "the Fluent Bit agent",
                    source: full({
                        repository: "image.repository",
                        tag: "image.tag",
                        digest: "image.digest",
                        defaults: { repository: "cr.fluentbit.io/fluent/fluent-bit", tag: "5.1.1" },
                    }),
                },
                {
                    name: "config-reloader",
                    role: "sidecar",
                    what: "the configuration hot-reload sidecar",
                    when: (v) => v.on("hotReload.enabled", false),
                    source: full({
                        repository: "hotReload.image.repository",
                        tag: "hotReload.image.tag",
                        digest: "hotReload.image.digest",
                        defaults: { repository: "ghcr.io/jimmidyson/configmap-reload", tag: "v0.15.0" },
                    }),
                },
                {
                    name: "test",
                    role: "test",
                    what: "the connection test pod (helm test)",
                    when: (v) => v.on("testFramework.enabled", true),
                    source: full({
                        repository: "testFramework.image.repository",
                        tag: "testFramework.image.tag",
                        digest: "testFramework.image.digest",
                        defaults: { repository: "busybox", tag: "latest" },
                    }),
                },
            ],
        },
    },

    fluentd: {
        "0.6.0": {
            checked:
                "fluent/helm-charts tag fluentd-0.6.0: charts/fluentd/values.yaml, templates/_pod.tpl (tag v<appVersion>-debian-<variant>-<variantVersion>; plugins installed with fluent-gem at start), templates/tests/test-connection.yaml",
            images: [
                {
                    name: "fluentd",
                    role: "container",
                    what: "the Fluentd aggregator",
                    source: full({
                        repository: "image.repository",
                        tag: "image.tag",
                        defaults: {
                            repository: "fluent/fluentd-kubernetes-daemonset",
                            tag: (v) => `v1.19.3-debian-${v.str("variant", "elasticsearch7")}-${v.str("variantVersion", "1.1")}`,
                        },
                    }),
                },
                {
                    name: "test",
                    role: "test",
                    what: "the connection test pod (helm test; rendered only without service.ports); its image is hard-coded",
                    when: (v) => {
                        const ports = v.get("service.ports");
                        return !Array.isArray(ports) || ports.length === 0;
                    },
                    source: fixed("busybox"),
                },
            ],
            downloads: [
                {
                    name: "plugins",
                    what: "Fluentd plugins installed with `fluent-gem install` when the pod starts",
                    paths: ["plugins"],
                    from: "https://rubygems.org",
                    when: (v) => Array.isArray(v.get("plugins")) && (v.get("plugins") as unknown[]).length > 0,
                    offline: "leave plugins empty; use an image that has the plugins (the variant images ship their outputs)",
                },
            ],
        },
    },

    loki: {
        "18.11.0": {
            checked:
                "grafana-community/helm-charts tag loki-18.11.0: charts/loki/values.yaml, templates/_helpers.tpl (loki.image, the deployment modes, loki.isUsingObjectStorage), templates/_pod.tpl (each target's container and the rules sidecar), templates/_workload.tpl (the StatefulSet recreate hook), templates/<target>/workload.yaml, gateway/deployment.yaml, loki-canary/daemonset.yaml, memcached/_memcached-statefulset.tpl, chunks-cache/ and results-cache/statefulset.yaml, table-manager/deployment.yaml, tests/test-canary.yaml; subcharts at the versions Chart.lock pins: minio 5.4.0 (minio/minio commit 43a740296, helm/minio: values.yaml, templates/deployment.yaml, statefulset.yaml, post-job.yaml), rollout-operator 0.51.1 (grafana/helm-charts tag rollout-operator-0.51.1: values.yaml, templates/_helpers.tpl, deployment.yaml)",
            subcharts: [
                {
                    name: "minio",
                    version: "5.4.0",
                    repository: "https://charts.min.io/",
                    enabledBy: "minio.enabled",
                    when: (v) => v.on("minio.enabled", false),
                },
                {
                    name: "rollout-operator",
                    version: "0.51.1",
                    repository: "https://grafana.github.io/helm-charts",
                    enabledBy: "rollout_operator.enabled",
                    when: (v) => v.on("rollout_operator.enabled", false),
                },
            ],
            images: [
                ...lokiTargets.map((t): ChartImage => ({
                    name: t.target,
                    role: "container",
                    what:
                        t.key === "singleBinary"
                            ? "Loki as a single binary (every target in one process, the Monolithic mode)"
                            : `Loki's ${t.target} target (${t.mode === "scalable" ? "the SimpleScalable mode" : "the Distributed mode"})`,
                    when: (v) => lokiTargetRuns(v, t),
                    source: lokiImage(`${t.key}.image`, {}, lokiVersion, lokiBaseImage),
                })),
                {
                    name: "rules-sidecar",
                    role: "sidecar",
                    what: "k8s-sidecar, which loads rules from labelled ConfigMaps and Secrets (sidecar.rules.enabled, on the targets whose `sidecar` is on)",
                    when: (v) =>
                        v.on("sidecar.rules.enabled", true) &&
                        lokiTargets.some((t) => t.sidecar !== undefined && v.on(`${t.key}.sidecar`, t.sidecar) && lokiTargetRuns(v, t)),
                    source: lokiImage("sidecar.image", { registry: "docker.io", repository: "kiwigrid/k8s-sidecar", tag: "2.10.1" }),
                },
                {
                    name: "statefulset-recreate",
                    role: "hook",
                    what: "the pre-upgrade job that recreates a target's StatefulSet when its volume size changes (<target>.statefulSetRecreateJob.enabled)",
                    when: (v) =>
                        lokiTargets.some(
                            (t) =>
                                lokiTargetRuns(v, t) &&
                                v.str(`${t.key}.kind`, t.kind) === "StatefulSet" &&
                                v.on(`${t.key}.statefulSetRecreateJob.enabled`, false),
                        ),
                    unverified:
                        "the tag defaults to the cluster's Kubernetes version (.Capabilities.KubeVersion.Version), known to Helm only at upgrade: set defaults.statefulSetRecreateJob.image.tag to mirror a fixed one",
                    source: lokiImage("defaults.statefulSetRecreateJob.image", { registry: "registry.k8s.io", repository: "kubectl" }),
                },
                {
                    name: "table-manager",
                    role: "container",
                    what: "the table manager (tableManager.enabled)",
                    when: (v) => v.on("tableManager.enabled", false),
                    source: lokiImage("tableManager.image", {}, lokiVersion, lokiBaseImage),
                },
                {
                    name: "gateway",
                    role: "container",
                    what: "the nginx gateway in front of Loki's targets",
                    when: lokiGatewayOn,
                    source: lokiImage("gateway.image", { registry: "docker.io", repository: "nginxinc/nginx-unprivileged", tag: "1.31-alpine" }),
                },
                {
                    name: "gateway-exporter",
                    role: "sidecar",
                    what: "the gateway's access-log exporter (gateway.metrics.enabled)",
                    when: (v) => lokiGatewayOn(v) && v.on("gateway.metrics.enabled", true),
                    source: lokiImage("gateway.metrics.image", { registry: "ghcr.io", repository: "jkroepke/access-log-exporter", tag: "0.4.11" }),
                },
                {
                    name: "canary",
                    role: "container",
                    what: "the Loki canary (DaemonSet) that writes and reads back log lines",
                    when: (v) => v.on("lokiCanary.enabled", true),
                    source: lokiImage("lokiCanary.image", { registry: "docker.io", repository: "grafana/loki-canary" }, lokiVersion),
                },
                {
                    name: "memcached",
                    role: "container",
                    what: "memcached of the chunks and results caches",
                    when: lokiCachesOn,
                    source: lokiImage("memcached.image", { registry: "docker.io", repository: "library/memcached", tag: "1.6.45-alpine" }),
                },
                {
                    name: "memcached-exporter",
                    role: "sidecar",
                    what: "the caches' memcached exporter (memcachedExporter.enabled)",
                    when: (v) => lokiCachesOn(v) && v.on("memcachedExporter.enabled", true),
                    source: lokiImage("memcachedExporter.image", { registry: "docker.io", repository: "prom/memcached-exporter", tag: "v0.17.0" }),
                },
                {
                    name: "minio",
                    role: "container",
                    what: "MinIO, the bundled object store (subchart; deprecated by the chart)",
                    when: (v) => v.on("minio.enabled", false),
                    source: full({
                        repository: "minio.image.repository",
                        tag: "minio.image.tag",
                        defaults: { repository: "quay.io/minio/minio", tag: "RELEASE.2024-12-18T13-15-44Z" },
                    }),
                },
                {
                    name: "minio-mc",
                    role: "hook",
                    what: "MinIO's post-install job that creates the buckets and users Loki's values list (subchart)",
                    when: (v) =>
                        v.on("minio.enabled", false) &&
                        (v.on("minio.buckets", true) ||
                            v.on("minio.users", true) ||
                            v.on("minio.policies", false) ||
                            v.on("minio.customCommands", false) ||
                            v.on("minio.svcaccts", false)),
                    source: full({
                        repository: "minio.mcImage.repository",
                        tag: "minio.mcImage.tag",
                        defaults: { repository: "quay.io/minio/mc", tag: "RELEASE.2024-11-21T17-21-54Z" },
                    }),
                },
                {
                    name: "rollout-operator",
                    role: "container",
                    what: "Grafana's rollout operator for zone-aware ingesters (subchart)",
                    when: (v) => v.on("rollout_operator.enabled", false),
                    source: split({
                        registry: ["rollout_operator.image.registry"],
                        repository: "rollout_operator.image.repository",
                        tag: "rollout_operator.image.tag",
                        defaults: { registry: "docker.io", repository: "grafana/rollout-operator", tag: "v0.39.0" },
                    }),
                },
                {
                    name: "test",
                    role: "test",
                    what: "the canary test pod (helm test; needs the canary)",
                    when: (v) => v.on("test.enabled", true) && v.on("lokiCanary.enabled", true),
                    source: lokiImage("test.image", { registry: "docker.io", repository: "grafana/loki-helm-test", tag: "latest" }, lokiVersion),
                },
            ],
        },
    },
};
