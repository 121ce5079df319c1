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

/** Alertmanager's discard receiver: what a route ends in when no receiver is declared, or `none` is named. */
export const nullReceiver = "null";

/** The Secret key of a receiver's secret. */
export function receiverKey(r: AlertReceiver): string {
    const suffix = { slack: "webhook-url", pagerduty: "routing-key", webhook: "url", email: "smtp-password" }[r.type];
    return `${r.name}-${suffix}`;
}

/** A receiver's secret, if it has one (an e-mail relay may take no login). */
function receiverSecret(r: AlertReceiver): Secret | undefined {
    switch (r.type) {
        case "slack":
            return r.webhookUrl;
        case "pagerduty":
            return r.routingKey;
        case "webhook":
            return r.url;
        case "email":
            return r.password;
    }
}

/** The Secret data: receiver key -> config secret. */
export function receiverSecrets(receivers: AlertReceiver[]): Record<string, Secret> {
    return Object.fromEntries(
        receivers.flatMap((r) => {
            const value = receiverSecret(r);
            return value ? [[receiverKey(r), value] as const] : [];
        }),
    );
}

type AlertmanagerSettings = ObservabilityConfig["metrics"]["alertmanager"];

/** A route's receiver from config: a receiver's name, or Alertmanager's null receiver for `none`. */
function routeTarget(name: string): string {
    return name === "none" ? nullReceiver : name;
}

/** Where every alert goes: `defaultReceiver`, else the first receiver, else the null receiver. */
export function defaultRoute(a: AlertmanagerSettings): string {
    return a.defaultReceiver !== undefined ? routeTarget(a.defaultReceiver) : (a.receivers[0]?.name ?? nullReceiver);
}

/** Where severity=critical alerts go: `criticalReceiver`, else the default route. */
export function criticalRoute(a: AlertmanagerSettings): string {
    return a.criticalReceiver !== undefined ? routeTarget(a.criticalReceiver) : defaultRoute(a);
}

/**
 * Critical alerts end in the null receiver without the stack saying so (no receiver declared, none
 * named): what a prod stack may not do, and what a dev stack is warned about.
 */
export function criticalAlertsUnrouted(a: AlertmanagerSettings): boolean {
    return criticalRoute(a) === nullReceiver && a.criticalReceiver !== "none" && a.defaultReceiver !== "none";
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
        case "email":
            return {
                name: r.name,
                email_configs: [
                    {
                        to: r.to,
                        from: r.from,
                        smarthost: r.smarthost,
                        require_tls: r.requireTls,
                        ...(r.username ? { auth_username: r.username, auth_password_file: file } : {}),
                        send_resolved: true,
                    },
                ],
            };
    }
}

/** The `alertmanager.config` value: routes by severity to the configured receivers. */
export function alertmanagerConfig(a: AlertmanagerSettings): Record<string, unknown> {
    const defaultReceiver = defaultRoute(a);
    const criticalReceiver = criticalRoute(a);
    const routes: Record<string, unknown>[] = [
        { receiver: nullReceiver, matchers: ['alertname = "Watchdog"'] },
        { receiver: nullReceiver, matchers: ['alertname = "InfoInhibitor"'] },
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
        receivers: [{ name: nullReceiver }, ...a.receivers.map(receiverConfig)],
        templates: ["/etc/alertmanager/config/*.tmpl"],
    };
}
