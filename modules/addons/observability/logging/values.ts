/**
 * Chart values for the log pipeline, as pure functions: Fluent Bit (fluent/fluent-bit) and the
 * optional Fluentd aggregator (fluent/fluentd). Keys verified against the pinned charts' values.yaml.
 */
import type { Values } from "../../values";
import { restrictedContainer } from "../../workload-defaults";
import type { LogService } from "../../../cluster/contract";
import { backendEnv, fluentdMatch, fluentdVariant, LogSite, ResolvedBackend } from "./backends";

/** What fluentBitValues needs: all plain data, so tests call it without a graph. */
export interface FluentBitInputs {
    site: LogSite;
    /** Upstream image repository mapped through the air-gap registry. */
    image: (ref: string) => string;
    /** The [OUTPUT] sections (back end or forward to Fluentd). */
    outputs: string;
    /** Env vars read from the back-end Secret (none when forwarding). */
    env: Values[];
    multilineParsers: string[];
    /** Render the chart's ServiceMonitor (the monitoring CRDs are installed). */
    serviceMonitor: boolean;
}

/** Where the fluent-bit chart (0.58.1, templates/_pod.tpl) reads its pods' priorityClassName. */
export const fluentBitPriorityPaths = ["priorityClassName"] as const;
/** Where the fluentd chart (0.6.0, templates/_pod.tpl) reads its pods' priorityClassName. */
export const fluentdPriorityPaths = ["priorityClassName"] as const;

/** Where Fluent Bit keeps its file offsets and filesystem buffer: under the /var/log hostPath it already mounts. */
export const fluentBitStoragePath = "/var/log/flb-storage/";

/** The [SERVICE] section: metrics server on 2020, filesystem buffering under the /var/log hostPath. */
export function fluentBitService(): string {
    return [
        "[SERVICE]",
        "    Daemon Off",
        "    Flush {{ .Values.flush }}",
        "    Log_Level {{ .Values.logLevel }}",
        "    Parsers_File /fluent-bit/etc/parsers.conf",
        "    Parsers_File /fluent-bit/etc/conf/custom_parsers.conf",
        "    HTTP_Server On",
        "    HTTP_Listen 0.0.0.0",
        "    HTTP_Port {{ .Values.metricsPort }}",
        "    Health_Check On",
        `    storage.path ${fluentBitStoragePath}`,
        "    storage.sync normal",
        "    storage.checksum off",
        "    storage.max_chunks_up 128",
        "    storage.backlog.mem_limit 16M",
        "    storage.metrics On",
        "",
    ].join("\n");
}

/** Container logs (CRI and docker multiline) and kubelet journal, both buffered on disk. */
export function fluentBitInputs(): string {
    return [
        "[INPUT]",
        "    Name tail",
        "    Path /var/log/containers/*.log",
        "    multiline.parser cri, docker",
        "    Tag kube.*",
        "    DB /var/log/flb_kube.db",
        "    Mem_Buf_Limit 50MB",
        "    Skip_Long_Lines On",
        "    Refresh_Interval 10",
        "    storage.type filesystem",
        "",
        "[INPUT]",
        "    Name systemd",
        "    Tag host.*",
        "    Systemd_Filter _SYSTEMD_UNIT=kubelet.service",
        "    Read_From_Tail On",
        "    storage.type filesystem",
        "",
    ].join("\n");
}

/** Multiline join first (it reads the raw `log` key), then Kubernetes metadata, then the cluster name. */
export function fluentBitFilters(clusterName: string, multilineParsers: string[]): string {
    const multiline =
        multilineParsers.length === 0
            ? []
            : [
                  "[FILTER]",
                  "    Name multiline",
                  "    Match kube.*",
                  "    multiline.key_content log",
                  `    multiline.parser ${multilineParsers.join(", ")}`,
                  "",
              ];
    return [
        ...multiline,
        "[FILTER]",
        "    Name kubernetes",
        "    Match kube.*",
        "    Merge_Log On",
        "    Keep_Log Off",
        "    K8S-Logging.Parser On",
        "    K8S-Logging.Exclude On",
        "",
        "[FILTER]",
        "    Name modify",
        "    Match *",
        `    Add cluster ${clusterName}`,
        "",
    ].join("\n");
}

/** fluent/fluent-bit values: DaemonSet on every node (all taints tolerated), no capabilities, the pipeline above. */
export function fluentBitValues(i: FluentBitInputs): Values {
    const values: Values = {
        kind: "DaemonSet",
        image: { repository: i.image("cr.fluentbit.io/fluent/fluent-bit") },
        testFramework: { enabled: false },
        // Annotations and pod labels: the log back end's identity, when it has one (HelmAddon identities).
        serviceAccount: { create: true, name: "fluent-bit", annotations: {} },
        podLabels: {},
        // Reads root-owned container logs from the node: root, but with no capability and no escalation.
        podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
        securityContext: {
            runAsUser: 0,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        tolerations: [{ operator: "Exists" }],
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "10%" } },
        env: i.env,
        serviceMonitor: { enabled: i.serviceMonitor, interval: "30s" },
        // The chart's Grafana dashboard (a ConfigMap the kube-prometheus-stack Grafana sidecar loads).
        dashboards: { enabled: i.serviceMonitor, labelKey: "grafana_dashboard", labelValue: "1" },
        config: {
            service: fluentBitService(),
            inputs: fluentBitInputs(),
            filters: fluentBitFilters(i.site.clusterName, i.multilineParsers),
            outputs: i.outputs,
        },
    };
    return values;
}

/** What fluentdValues needs: all plain data. */
export interface FluentdInputs {
    site: LogSite;
    backend: ResolvedBackend;
    /** The cluster's log service (cloud back ends). */
    logs?: LogService;
    image: (ref: string) => string;
    replicas: number;
    bufferSize: string;
    storageClassName?: string;
    /** The Secret holding the back end's secrets. */
    secretName: string;
    serviceMonitor: boolean;
}

/** Port Fluent Bit forwards to. */
export const fluentdForwardPort = 24224;

/** fluent/fluentd values: a StatefulSet aggregator (forward in, disk buffer, the back end out). */
export function fluentdValues(i: FluentdInputs): Values {
    const variant = fluentdVariant(i.backend, i.logs);
    return {
        fullnameOverride: "fluentd",
        kind: "StatefulSet",
        replicaCount: i.replicas,
        variant,
        image: { repository: i.image("fluent/fluentd-kubernetes-daemonset") },
        podSecurityPolicy: { enabled: false },
        // A boolean: the chart tests `if .Values.dashboards.enabled`, and the string "false" is true to
        // Helm (its own default is the string "true"). Its dashboards load into Grafana with metrics on.
        dashboards: { enabled: i.serviceMonitor },
        rbac: { create: false },
        serviceAccount: { create: true, name: "fluentd", annotations: {} },
        podLabels: {},
        mountVarLogDirectory: false,
        mountDockerContainersDirectory: false,
        podSecurityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: restrictedContainer({ readOnlyRootFilesystem: false }),
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
        persistence: { enabled: true, storageClass: i.storageClassName ?? null, accessMode: "ReadWriteOnce", size: i.bufferSize },
        service: { type: "ClusterIP", ports: [{ name: "forward", protocol: "TCP", containerPort: fluentdForwardPort }] },
        env: backendEnv(i.backend, i.secretName),
        metrics: { serviceMonitor: { enabled: i.serviceMonitor, additionalLabels: {} } },
        fileConfigs: {
            "01_sources.conf": [
                "<source>",
                "  @type forward",
                `  port ${fluentdForwardPort}`,
                "  bind 0.0.0.0",
                "</source>",
                "<source>",
                "  @type prometheus",
                "  bind 0.0.0.0",
                "  port 24231",
                "  metrics_path /metrics",
                "</source>",
                "<source>",
                "  @type prometheus_output_monitor",
                "</source>",
            ].join("\n"),
            "02_filters.conf": "",
            "03_dispatch.conf": "",
            "04_outputs.conf": fluentdMatch(i.backend, i.site, i.logs),
        },
    };
}
