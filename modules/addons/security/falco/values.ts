/** Falco chart values (chart 9.1.0): modern eBPF, least privilege, Falcosidekick to Alertmanager. Pure. */
import type { Values } from "../../values";

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
    serviceMonitor: boolean;
}

export function falcoValues(o: FalcoValuesInput): Values {
    const sidekickConfig: Values = {
        ...(o.outputsSecretName ? { existingSecret: o.outputsSecretName } : {}),
        ...(o.alertmanagerUrl ? { alertmanager: { hostport: o.alertmanagerUrl, endpoint: "/api/v2/alerts", minimumpriority: o.minimumPriority } } : {}),
        ...(o.slack ? { slack: { minimumpriority: o.minimumPriority, outputformat: "all" } } : {}),
        ...(o.webhook ? { webhook: { minimumpriority: o.minimumPriority } } : {}),
    };
    return {
        image: { registry: o.registry },
        driver: { enabled: true, kind: "modern_ebpf", modernEbpf: { leastPrivileged: o.leastPrivileged } },
        falcoctl: { image: { registry: o.registry } },
        resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "1024Mi" } },
        tolerations: [{ operator: "Exists", effect: "NoSchedule" }],
        customRules: { "platform-rules.yaml": o.rules },
        falco: { json_output: true, json_include_output_property: true, priority: "notice" },
        metrics: { enabled: o.serviceMonitor },
        serviceMonitor: { create: o.serviceMonitor },
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
