/**
 * What the observability add-on refuses before anything is created (its `issues`): a log back end
 * this cluster cannot serve; in prod, critical alerts that reach no one and logs that go nowhere;
 * in air-gap mode, Grafana settings that download at start.
 */
import type { ClusterProfile } from "../../cluster/capabilities";
import type { ConfigIssue, PlatformConfig } from "../../config";
import { prodLogFix } from "../../config/sections/observability";
import { backendIssues, logDestination } from "./logging/backends";
import { criticalAlertsUnrouted, criticalRoute, nullReceiver } from "./metrics/alertmanager";

/** Every observability problem of a schema-valid config on this kind of cluster. */
export function observabilityIssues(config: PlatformConfig, cluster: ClusterProfile): ConfigIssue[] {
    const o = config.observability;
    const issues: ConfigIssue[] = [];
    if (o.logging.enabled) {
        issues.push(...backendIssues(o.logging.backend, cluster.logs));
    }
    if (config.environment === "prod") {
        issues.push(...prodAlertingIssues(config), ...prodLogIssues(config, cluster));
    }
    issues.push(...airgapGrafanaIssues(config));
    return issues;
}

/** An example receiver, as the fix in the error shows it. */
const receiverExample = "receivers: [{ type: pagerduty, name: oncall, routingKey: <secret> }] (or slack, webhook, email)";

/** Prod: critical alerts must reach a receiver (in-cluster alerting only: in vendor mode the vendor alerts). */
export function prodAlertingIssues(config: PlatformConfig): ConfigIssue[] {
    const m = config.observability.metrics;
    if (!m.enabled || m.mode !== "in-cluster" || criticalRoute(m.alertmanager) !== nullReceiver) {
        return [];
    }
    if (criticalAlertsUnrouted(m.alertmanager)) {
        return [
            {
                path: "observability.metrics.alertmanager.receivers",
                message: `a prod stack must route critical alerts to a receiver, and none is declared (every alert would end in the null receiver): add one, e.g. ${receiverExample}; secrets with pulumi config set --secret --path`,
            },
        ];
    }
    const key = config.observability.metrics.alertmanager.criticalReceiver === "none" ? "criticalReceiver" : "defaultReceiver";
    return [
        {
            path: `observability.metrics.alertmanager.${key}`,
            message: `'none' drops critical alerts, which a prod stack may not do: name a receiver of observability.metrics.alertmanager.receivers (${receiverExample})`,
        },
    ];
}

/** Prod: `auto` must resolve to a log destination on this cluster (logging switched off is the schema's to refuse). */
export function prodLogIssues(config: PlatformConfig, cluster: ClusterProfile): ConfigIssue[] {
    const l = config.observability.logging;
    if (!config.observability.enabled || !l.enabled) {
        return [];
    }
    if (logDestination(l.backend, cluster.logs, l.loki.enabled).kind !== "none") {
        return [];
    }
    return [
        {
            path: "observability.logging.loki.enabled",
            message: `backend 'auto' finds no log service on this ${cluster.cloud} cluster and the in-cluster Loki is off, so a prod stack would keep no logs: ${prodLogFix}`,
        },
    ];
}

/** A value at a path of a values tree. */
function valueAt(values: unknown, path: string[]): unknown {
    return path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), values);
}

/** Dashboards of the grafana chart's `dashboards` value that it downloads (gnetId from grafana.com, or a url). */
function downloadedDashboards(dashboards: unknown): string[] {
    if (dashboards === null || typeof dashboards !== "object") {
        return [];
    }
    return Object.entries(dashboards as Record<string, unknown>).flatMap(([provider, entries]) =>
        entries !== null && typeof entries === "object"
            ? Object.entries(entries as Record<string, unknown>)
                  .filter(([, d]) => d !== null && typeof d === "object" && ("gnetId" in d || "url" in d))
                  .map(([name]) => `${provider}.${name}`)
            : [],
    );
}

/**
 * Air-gap mode: Grafana settings in the stack's kube-prometheus-stack values that make Grafana fetch
 * from the internet at start (plugins from grafana.com, dashboards by gnetId or url) cannot work.
 */
export function airgapGrafanaIssues(config: PlatformConfig): ConfigIssue[] {
    const airgap = config.airgap.imageRegistry !== undefined || config.airgap.chartMirror !== undefined;
    const m = config.observability.metrics;
    if (!airgap || !m.enabled) {
        return [];
    }
    const issues: ConfigIssue[] = [];
    const plugins = valueAt(m.values, ["grafana", "plugins"]);
    if (Array.isArray(plugins) && plugins.length > 0) {
        issues.push({
            path: "observability.metrics.values.grafana.plugins",
            message:
                "Grafana downloads these plugins from grafana.com at start, which an air-gapped cluster cannot reach (airgap is set): build them into a Grafana image in your registry instead",
        });
    }
    const downloaded = downloadedDashboards(valueAt(m.values, ["grafana", "dashboards"]));
    if (downloaded.length > 0) {
        issues.push({
            path: "observability.metrics.values.grafana.dashboards",
            message: `Grafana downloads ${downloaded.join(", ")} (gnetId or url) at start, which an air-gapped cluster cannot reach (airgap is set): give the dashboard JSON inline, or as a ConfigMap labelled grafana_dashboard: "1"`,
        });
    }
    return issues;
}
