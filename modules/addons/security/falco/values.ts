/**
 * Falco chart values (chart 9.1.0): modern eBPF, least privilege, Falcosidekick to Alertmanager. Pure.
 *
 * Values paths read in the chart's templates at falco-9.1.0: `falcoctl.artifact.install.enabled` and
 * `falcoctl.artifact.follow.enabled` (the init container and sidecar that download `falco-rules` and
 * the container plugin, and the emptyDirs they mount over /etc/falco and /usr/share/falco/plugins:
 * pod-template.tpl), `podPriorityClassName`; Falcosidekick 0.13.1 (subchart):
 * `config.alertmanager.customseveritymap` (env ALERTMANAGER_CUSTOMSEVERITYMAP), `priorityClassName`.
 */
import type { Values } from "../../values";
import { sidekickSeverityMap } from "./rules";

export interface FalcoValuesInput {
    leastPrivileged: boolean;
    /** Registry for docker.io images (the air-gap mirror or docker.io). */
    registry: string;
    rules: string;
    /** Alertmanager base URL (http://host:port). */
    alertmanagerUrl?: string;
    minimumPriority: string;
    /** Secret (in Falco's namespace) holding SLACK_WEBHOOKURL / WEBHOOK_ADDRESS for Falcosidekick, when outputs need one. */
    outputsSecretName?: string;
    slack: boolean;
    webhook: boolean;
    sidekickReplicas: number;
    /**
     * Air gap (`airgap.imageRegistry` or `airgap.chartMirror`): falcoctl stays off, so nothing is
     * downloaded at pod start; Falco loads the rules (falco-rules 5.1.0) and the container plugin
     * (0.7.1) built into its image (falco 0.44.1: the same artifacts falcoctl would fetch).
     */
    airgap: boolean;
}

export function falcoValues(o: FalcoValuesInput): Values {
    const sidekickConfig: Values = {
        ...(o.outputsSecretName ? { existingSecret: o.outputsSecretName } : {}),
        // The severity label follows the platform's priority map (error and above: critical), the one
        // the Prometheus rules on Falco's counters use too.
        ...(o.alertmanagerUrl
            ? {
                  alertmanager: {
                      hostport: o.alertmanagerUrl,
                      endpoint: "/api/v2/alerts",
                      minimumpriority: o.minimumPriority,
                      customseveritymap: sidekickSeverityMap(),
                  },
              }
            : {}),
        ...(o.slack ? { slack: { minimumpriority: o.minimumPriority, outputformat: "all" } } : {}),
        ...(o.webhook ? { webhook: { minimumpriority: o.minimumPriority } } : {}),
    };
    return {
        image: { registry: o.registry },
        driver: { enabled: true, kind: "modern_ebpf", modernEbpf: { leastPrivileged: o.leastPrivileged } },
        falcoctl: o.airgap
            ? { image: { registry: o.registry }, artifact: { install: { enabled: false }, follow: { enabled: false } } }
            : { image: { registry: o.registry } },
        resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "1024Mi" } },
        tolerations: [{ operator: "Exists", effect: "NoSchedule" }],
        customRules: { "platform-rules.yaml": o.rules },
        falco: { json_output: true, json_include_output_property: true, priority: "notice" },
        falcosidekick: {
            enabled: true,
            replicaCount: o.sidekickReplicas,
            image: { registry: o.registry },
            podSecurityContext: { runAsNonRoot: true, runAsUser: 1234, fsGroup: 1234, seccompProfile: { type: "RuntimeDefault" } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true },
            resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "128Mi" } },
            config: sidekickConfig,
            webui: { enabled: false },
        },
    };
}
