/**
 * Alertmanager configuration from config, as a pure function. Receiver secrets (Slack webhook URL,
 * PagerDuty routing key, webhook URL) are never in it: each receiver reads a file that the
 * Alertmanager pods mount from the `alertmanager-receivers` Secret
 * (`alertmanager.alertmanagerSpec.secrets` mounts it at /etc/alertmanager/secrets/<name>/).
 */
import type { AlertReceiver, ObservabilityConfig } from "../../../config/sections/observability";
import type { Secret } from "../../../config";

/** The Secret (in the monitoring namespace) holding every receiver's secret, one key per receiver. */
export const receiversSecretName = "alertmanager-receivers";

/** Where the operator mounts a key of a Secret listed in alertmanagerSpec.secrets. */
export function secretFile(secretName: string, key: string): string {
    return `/etc/alertmanager/secrets/${secretName}/${key}`;
}

/** The Secret key of a receiver's secret. */
export function receiverKey(r: AlertReceiver): string {
    return `${r.name}-${r.type === "slack" ? "webhook-url" : r.type === "pagerduty" ? "routing-key" : "url"}`;
}

/** The Secret data: receiver key -> config secret. */
export function receiverSecrets(receivers: AlertReceiver[]): Record<string, Secret> {
    return Object.fromEntries(receivers.map((r) => [receiverKey(r), r.type === "slack" ? r.webhookUrl : r.type === "pagerduty" ? r.routingKey : r.url]));
}

function receiverConfig(r: AlertReceiver): Record<string, unknown> {
    const file = secretFile(receiversSecretName, receiverKey(r));
    switch (r.type) {
        case "slack":
            return { name: r.name, slack_configs: [{ api_url_file: file, channel: r.channel, send_resolved: true }] };
        case "pagerduty":
            return { name: r.name, pagerduty_configs: [{ routing_key_file: file, send_resolved: true }] };
        case "webhook":
            return { name: r.name, webhook_configs: [{ url_file: file, send_resolved: true }] };
    }
}

/** The `alertmanager.config` value: routes by severity to the configured receivers. */
export function alertmanagerConfig(a: ObservabilityConfig["metrics"]["alertmanager"]): Record<string, unknown> {
    const defaultReceiver = a.defaultReceiver ?? a.receivers[0]?.name ?? "null";
    const criticalReceiver = a.criticalReceiver ?? defaultReceiver;
    const routes: Record<string, unknown>[] = [
        { receiver: "null", matchers: ['alertname = "Watchdog"'] },
        { receiver: "null", matchers: ['alertname = "InfoInhibitor"'] },
    ];
    if (criticalReceiver !== defaultReceiver) {
        routes.push({ receiver: criticalReceiver, matchers: ['severity = "critical"'] });
    }
    return {
        global: { resolve_timeout: "5m" },
        route: {
            receiver: defaultReceiver,
            group_by: ["alertname", "namespace", "severity"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "4h",
            routes,
        },
        inhibit_rules: [
            { source_matchers: ["severity = critical"], target_matchers: ["severity =~ warning|info"], equal: ["namespace", "alertname"] },
            { source_matchers: ["severity = warning"], target_matchers: ["severity = info"], equal: ["namespace", "alertname"] },
            { source_matchers: ["alertname = InfoInhibitor"], target_matchers: ["severity = info"], equal: ["namespace"] },
        ],
        receivers: [{ name: "null" }, ...a.receivers.map(receiverConfig)],
        templates: ["/etc/alertmanager/config/*.tmpl"],
    };
}
