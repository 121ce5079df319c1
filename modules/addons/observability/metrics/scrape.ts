/**
 * The scrape registry: how every platform chart that exposes metrics gets scraped. It is the
 * convention other add-ons follow, and the data the "every add-on is scraped" rule checks.
 *
 * Prometheus selects every ServiceMonitor, PodMonitor, Probe and PrometheusRule in the cluster
 * (no `release:` label needed). For each chart, one of:
 * - `chart`: the chart renders its own ServiceMonitor when `values` are merged into its values.
 *   The owning add-on passes the observability add-on's `scraping` to its HelmAddon, which merges
 *   `scrapeValues(chart)` and waits for the monitoring.coreos.com CRDs.
 * - `monitor`: the chart has no switch, or installs before the monitoring CRDs exist (storage);
 *   the observability area creates the monitor itself and the owning add-on merges `values`
 *   (which expose the metrics port) when there are any.
 * - `none`: the chart exposes no metrics.
 */
import type { Values } from "../../values";
import type { ChartName } from "../../versions";

/** A monitor the observability area creates for a chart without a ServiceMonitor switch. */
export interface OwnMonitor {
    kind: "PodMonitor" | "ServiceMonitor";
    /** Labels of the pods (PodMonitor) or Service (ServiceMonitor) to scrape. */
    selector: Record<string, string>;
    /** Named port that serves metrics. */
    port: string;
    path: string;
}

/** How one chart is scraped: by its own switch, by a monitor this area creates, or not at all. */
export type ScrapeEntry = { mode: "chart"; values: Values } | { mode: "monitor"; monitor: OwnMonitor; values?: Values } | { mode: "none"; reason: string };

/** Every pinned chart, and how it is scraped. Verified against each chart's values.yaml at its pinned version. */
export const scrapeRegistry: Record<ChartName, ScrapeEntry> = {
    ingressNginx: { mode: "chart", values: { controller: { metrics: { enabled: true, serviceMonitor: { enabled: true } } } } },
    // The chart renders no monitor; the Envoy proxies (created by the controller, not the chart) serve
    // their stats on the container port `metrics` (19001), at /stats/prometheus.
    envoyGateway: {
        mode: "monitor",
        monitor: {
            kind: "PodMonitor",
            selector: { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" },
            port: "metrics",
            path: "/stats/prometheus",
        },
    },
    contour: { mode: "chart", values: { metrics: { serviceMonitor: { enabled: true } } } },
    externalDns: { mode: "chart", values: { serviceMonitor: { enabled: true } } },
    // Storage installs before the monitoring CRDs exist: its monitor comes from the observability area.
    snapshotController: {
        mode: "monitor",
        monitor: { kind: "PodMonitor", selector: { "app.kubernetes.io/name": "snapshot-controller" }, port: "http", path: "/metrics" },
    },
    fluentBit: { mode: "chart", values: { serviceMonitor: { enabled: true } } },
    fluentd: { mode: "chart", values: { metrics: { serviceMonitor: { enabled: true } } } },
    prometheusOperatorCrds: { mode: "none", reason: "CRDs only: no workloads" },
    kubePrometheusStack: { mode: "chart", values: { prometheus: { serviceMonitor: { selfMonitor: true } }, grafana: { serviceMonitor: { enabled: true } } } },
    thanos: { mode: "chart", values: { serviceMonitor: { enabled: true } } },
    otelCollector: { mode: "chart", values: { ports: { metrics: { enabled: true } }, serviceMonitor: { enabled: true } } },
    jaeger: {
        mode: "monitor",
        monitor: {
            kind: "ServiceMonitor",
            selector: { "app.kubernetes.io/name": "jaeger", "app.kubernetes.io/component": "all-in-one" },
            port: "internal-metrics",
            path: "/metrics",
        },
    },
    certManager: { mode: "chart", values: { prometheus: { enabled: true, servicemonitor: { enabled: true } } } },
    vault: { mode: "chart", values: { serverTelemetry: { serviceMonitor: { enabled: true } } } },
    gatekeeper: {
        mode: "monitor",
        monitor: { kind: "PodMonitor", selector: { "gatekeeper.sh/system": "yes" }, port: "metrics", path: "/metrics" },
        values: { metricsBackends: ["prometheus"] },
    },
    falco: { mode: "chart", values: { metrics: { enabled: true }, serviceMonitor: { create: true } } },
    dex: { mode: "chart", values: { serviceMonitor: { enabled: true } } },
    rbacManager: { mode: "chart", values: { serviceMonitor: { enabled: true } } },
    pinniped: { mode: "none", reason: "the Supervisor and Concierge serve no Prometheus metrics endpoint in this chart" },
    // Loki installs before the monitoring CRDs (Fluent Bit and Grafana wait for it): the chart's own
    // ServiceMonitor (monitoring.serviceMonitor) stays off and this area selects the single binary's
    // pods (a ServiceMonitor would match its Service and its headless twin, scraping twice).
    loki: {
        mode: "monitor",
        monitor: {
            kind: "PodMonitor",
            selector: { "app.kubernetes.io/name": "loki", "app.kubernetes.io/component": "single-binary" },
            port: "http-metrics",
            path: "/metrics",
        },
    },
};

/**
 * The values an add-on merges into its chart's values so that it is scraped (empty for `none`).
 * Merge them before the user's values: `deepMerge(deepMerge(platformValues, scrapeValues(chart)), user)`.
 */
export function scrapeValues(chart: ChartName): Values {
    const entry = scrapeRegistry[chart];
    return entry.mode === "none" ? {} : (entry.values ?? {});
}

/** `values` with every `true` switch turned `false` (lists and other leaves left out). */
function switchedOff(values: Values): Values {
    const out: Values = {};
    for (const [key, value] of Object.entries(values)) {
        if (value === true) {
            out[key] = false;
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const inner = switchedOff(value as Values);
            if (Object.keys(inner).length > 0) {
                out[key] = inner;
            }
        }
    }
    return out;
}

/**
 * The chart's scrape switches set explicitly off, for a release installed without `scraping` (no
 * monitoring CRDs in the cluster): a chart whose monitor template does not check for the CRD (the
 * OpenTelemetry Collector's) would fail its install with a switch left on, and the charts that do
 * check (Fluent Bit, Fluentd) should not depend on it. Empty for `monitor` and `none` entries.
 */
export function scrapeOffValues(chart: ChartName): Values {
    const entry = scrapeRegistry[chart];
    return entry.mode === "chart" ? switchedOff(entry.values) : {};
}

/** Leaves of `expected` that `actual` does not match (paths), for the scraping rule. */
export function missingSwitches(expected: Values, actual: unknown, path: string[] = []): string[] {
    const out: string[] = [];
    for (const [key, want] of Object.entries(expected)) {
        const have = actual !== null && typeof actual === "object" ? (actual as Record<string, unknown>)[key] : undefined;
        if (want !== null && typeof want === "object" && !Array.isArray(want)) {
            out.push(...missingSwitches(want as Values, have, [...path, key]));
        } else if (JSON.stringify(have) !== JSON.stringify(want)) {
            out.push([...path, key].join("."));
        }
    }
    return out;
}

/** The pinned chart a release's `chart` input refers to (name or oci:// path), if any. */
export function chartNameOf(chartRef: string, charts: Record<string, { chart: string }>): ChartName | undefined {
    const last = chartRef.split("/").pop();
    return (Object.keys(charts) as ChartName[]).find((k) => charts[k].chart === last);
}
