/**
 * The platform's alert rules (a PrometheusRule through kube-prometheus-stack's
 * additionalPrometheusRulesMap), on top of the chart's default Kubernetes rules. Metric names as
 * each component exposes them at its pinned version.
 */

import { falcoAlertLevels, falcoPriorities } from "../../security/falco/rules";

export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: { severity: "warning" | "critical" };
    annotations: { summary: string; description: string };
}

/** A PrometheusRule group. */
export interface RuleGroup {
    name: string;
    rules: AlertRule[];
}

/**
 * Falco's rule counters at each severity the platform's own Falco rules raise (security/falco/rules.ts:
 * error and above critical, warning a warning, the same map Falcosidekick sends to Alertmanager with).
 * A counter series appears only at its first match, so a series new in the window counts too.
 */
export function falcoAlertRules(): AlertRule[] {
    return falcoAlertLevels()
        .filter((l): l is { severity: "critical" | "warning"; priorities: number[] } => l.severity !== "info")
        .map(({ severity, priorities }) => {
            const series = `falcosecurity_falco_rules_matches_total{priority=~"${priorities.join("|")}"}`;
            const names = falcoPriorities.filter((_, i) => priorities.includes(i)).join(", ");
            return rule(
                severity === "critical" ? "PlatformFalcoCriticalEvent" : "PlatformFalcoWarningEvent",
                `sum by (rule_name, priority) (increase(${series}[5m]) or (${series} unless ${series} offset 5m)) > 0`,
                "0m",
                severity,
                `Falco detected a runtime event at ${severity} severity`,
                `Falco rule '{{ $labels.rule_name }}' matched at priority ${names} ({{ $labels.priority }}) in the last 5 minutes.`,
            );
        });
}

function rule(alert: string, expr: string, forDuration: string, severity: "warning" | "critical", summary: string, description: string): AlertRule {
    return { alert, expr, for: forDuration, labels: { severity }, annotations: { summary, description } };
}

/** Alert rules every platform needs; `thanos` adds the long-term storage rules. */
export function platformRuleGroups(opts: { thanos: boolean }): RuleGroup[] {
    const groups: RuleGroup[] = [
        {
            name: "platform.certificates",
            rules: [
                rule(
                    "PlatformCertificateExpiringSoon",
                    "certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 24 * 3600",
                    "1h",
                    "warning",
                    "Certificate expires in less than 14 days",
                    "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than 14 days and has not been renewed.",
                ),
                rule(
                    "PlatformCertificateExpiryImminent",
                    "certmanager_certificate_expiration_timestamp_seconds - time() < 3 * 24 * 3600",
                    "10m",
                    "critical",
                    "Certificate expires in less than 3 days",
                    "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than 3 days.",
                ),
                rule(
                    "PlatformCertificateNotReady",
                    'certmanager_certificate_ready_status{condition="False"} == 1',
                    "15m",
                    "warning",
                    "Certificate is not ready",
                    "Certificate {{ $labels.namespace }}/{{ $labels.name }} has not been ready for 15 minutes.",
                ),
            ],
        },
        {
            name: "platform.vault",
            rules: [
                rule(
                    "PlatformVaultSealed",
                    "vault_core_unsealed == 0",
                    "1m",
                    "critical",
                    "Vault is sealed",
                    "Vault pod {{ $labels.pod }} is sealed: secrets cannot be read.",
                ),
            ],
        },
        {
            name: "platform.gatekeeper",
            rules: [
                rule(
                    "PlatformGatekeeperWebhookFailing",
                    'sum by (name) (rate(apiserver_admission_webhook_rejection_count{name=~".*gatekeeper.sh", error_type=~"calling_webhook_error|apiserver_internal_error"}[5m])) > 0 or sum by (name) (rate(apiserver_admission_webhook_fail_open_count{name=~".*gatekeeper.sh"}[5m])) > 0',
                    "5m",
                    "critical",
                    "Gatekeeper admission webhook is failing",
                    "The API server cannot call Gatekeeper webhook {{ $labels.name }}: requests are failing or failing open (policy not enforced).",
                ),
            ],
        },
        // --- Falco (security area): thresholds derived from the platform's own Falco rules ---
        {
            name: "platform.falco",
            rules: falcoAlertRules(),
        },
        // --- end of Falco ---
        {
            name: "platform.logging",
            rules: [
                rule(
                    "PlatformFluentBitOutputErrors",
                    "sum by (pod, name) (rate(fluentbit_output_errors_total[5m])) > 0",
                    "10m",
                    "warning",
                    "Fluent Bit cannot deliver logs",
                    "Fluent Bit {{ $labels.pod }} output {{ $labels.name }} has been failing for 10 minutes; logs are buffering on the node.",
                ),
                rule(
                    "PlatformFluentBitRecordsDropped",
                    "sum by (pod, name) (increase(fluentbit_output_retries_failed_total[10m]) + increase(fluentbit_output_dropped_records_total[10m])) > 0",
                    "0m",
                    "critical",
                    "Fluent Bit dropped logs",
                    "Fluent Bit {{ $labels.pod }} output {{ $labels.name }} dropped records (retries exhausted or buffer full).",
                ),
            ],
        },
        {
            name: "platform.nodes",
            rules: [
                rule(
                    "PlatformNodePressure",
                    'kube_node_status_condition{condition=~"MemoryPressure|DiskPressure|PIDPressure", status="true"} == 1',
                    "5m",
                    "warning",
                    "Node under resource pressure",
                    "Node {{ $labels.node }} reports {{ $labels.condition }}: pods may be evicted.",
                ),
                rule(
                    "PlatformNodeNotReady",
                    'kube_node_status_condition{condition="Ready", status="true"} == 0',
                    "10m",
                    "critical",
                    "Node not ready",
                    "Node {{ $labels.node }} has not been Ready for 10 minutes.",
                ),
            ],
        },
        {
            name: "platform.storage",
            rules: [
                rule(
                    "PlatformVolumeFillingUp",
                    "kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.15 and kubelet_volume_stats_used_bytes > 0",
                    "15m",
                    "warning",
                    "PersistentVolume is filling up",
                    "PVC {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 15% space left.",
                ),
                rule(
                    "PlatformVolumeAlmostFull",
                    "kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.05 and kubelet_volume_stats_used_bytes > 0",
                    "5m",
                    "critical",
                    "PersistentVolume is almost full",
                    "PVC {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 5% space left.",
                ),
            ],
        },
    ];
    if (opts.thanos) {
        groups.push({
            name: "platform.thanos",
            rules: [
                rule(
                    "PlatformThanosCompactHalted",
                    "thanos_compact_halted == 1",
                    "5m",
                    "critical",
                    "Thanos compactor halted",
                    "The Thanos compactor halted on an error; the bucket is no longer compacted or downsampled.",
                ),
                rule(
                    "PlatformThanosSidecarNotUploading",
                    "time() - max by (pod) (thanos_objstore_bucket_last_successful_upload_time) > 3 * 3600",
                    "15m",
                    "warning",
                    "Thanos sidecar has not uploaded blocks",
                    "{{ $labels.pod }} has not uploaded a block to the bucket for 3 hours: long-term metrics are falling behind.",
                ),
            ],
        });
    }
    return groups;
}
