/**
 * The log back-end switch, as pure functions: one configured back end in, the Fluent Bit [OUTPUT]
 * section (or the Fluentd <match> block), the env vars it reads from the back-end Secret, the
 * secret values that Secret holds, and the cloud permissions the agent's identity needs.
 * Secrets appear in the configuration only as `${ENV}` (Fluent Bit) or `"#{ENV['X']}"` (Fluentd).
 */
import type { CloudPermissions } from "../../../cluster/contract";
import type { Cloud } from "../../../config/sections/cluster";
import type { LogBackend } from "../../../config/sections/observability";
import { ConfigError, Secret } from "../../../config";
import { envFromSecret } from "../secrets";

/** A back end after `auto` is resolved for the cluster's cloud. */
export type ResolvedBackend = Exclude<LogBackend, { type: "auto" }>;

/** Facts about the cluster the outputs need. */
export interface LogSite {
    cloud: Cloud;
    clusterName: string;
    region: string;
}

/** `auto` -> the cloud's own log service, or undefined where it needs setup the stack cannot do. */
export function resolveBackend(backend: LogBackend, cloud: Cloud): ResolvedBackend | undefined {
    if (backend.type !== "auto") {
        return backend;
    }
    if (cloud === "aws") {
        return { type: "cloudwatch", retentionDays: 30 };
    }
    if (cloud === "gcp") {
        return { type: "googleCloudLogging" };
    }
    return undefined;
}

/** Back ends bound to one cloud's identity: fails with the config key path elsewhere. */
export function checkBackendCloud(backend: ResolvedBackend, cloud: Cloud): void {
    const needs: Partial<Record<ResolvedBackend["type"], Cloud>> = { cloudwatch: "aws", googleCloudLogging: "gcp" };
    const want = needs[backend.type];
    if (want && want !== cloud) {
        throw new ConfigError([{ path: "observability.logging.backend.type", message: `${backend.type} needs a cluster on ${want} (this one is ${cloud})` }]);
    }
    if (backend.type === "opensearch" && backend.awsSigV4 && cloud !== "aws") {
        throw new ConfigError([{ path: "observability.logging.backend.awsSigV4", message: `needs a cluster on aws (this one is ${cloud})` }]);
    }
}

/** Secret keys in the back-end Secret, and the env var each becomes. */
const secretEnv = {
    password: "LOG_BACKEND_PASSWORD",
    "api-key": "LOG_BACKEND_API_KEY",
    token: "LOG_BACKEND_TOKEN",
    "bearer-token": "LOG_BACKEND_BEARER_TOKEN",
    "client-secret": "LOG_BACKEND_CLIENT_SECRET",
} as const;
type SecretKey = keyof typeof secretEnv;

/** The secret values of a back end, by Secret key. */
export function backendSecrets(b: ResolvedBackend): Partial<Record<SecretKey, Secret>> {
    switch (b.type) {
        case "elasticsearch":
            return { password: b.password, "api-key": b.apiKey };
        case "opensearch":
            return { password: b.password };
        case "splunk":
            return { token: b.token };
        case "loki":
            return { password: b.password, "bearer-token": b.bearerToken };
        case "azureMonitor":
            return { "client-secret": b.clientSecret };
        default:
            return {};
    }
}

/** Env vars (valueFrom secretKeyRef) for the back end's secrets, read from Secret `secretName`. */
export function backendEnv(b: ResolvedBackend, secretName: string) {
    return (Object.entries(backendSecrets(b)) as [SecretKey, Secret | undefined][])
        .filter(([, v]) => v !== undefined)
        .map(([key]) => envFromSecret(secretEnv[key], { name: secretName, key }));
}

/** The CloudWatch log group a back end writes to. */
export function logGroupOf(b: { logGroup?: string }, clusterName: string): string {
    return b.logGroup ?? `/platform/${clusterName}/containers`;
}

/** Cloud permissions the log agent's (or aggregator's) service account needs, if any. */
export function backendPermissions(b: ResolvedBackend, site: LogSite): CloudPermissions | undefined {
    if (b.type === "cloudwatch") {
        const group = logGroupOf(b, site.clusterName);
        const arn = `arn:aws:logs:${site.region}:*:log-group:${group}`;
        return {
            aws: {
                statements: [
                    { Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DescribeLogGroups"], Resource: arn },
                    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], Resource: `${arn}:*` },
                ],
            },
        };
    }
    if (b.type === "opensearch" && b.awsSigV4) {
        return { aws: { statements: [{ Effect: "Allow", Action: ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"], Resource: `arn:aws:es:${site.region}:*:domain/*` }] } };
    }
    if (b.type === "googleCloudLogging") {
        return { gcp: { roles: [{ role: "roles/logging.logWriter" }] } };
    }
    return undefined;
}

/** Fluent Bit unit size from a Kubernetes quantity (4Gi -> 4G, 512Mi -> 512M). */
export function fluentBitSize(quantity: string): string {
    return quantity.replace(/i$/, "");
}

function section(name: string, props: [string, string | number | boolean | undefined][]): string {
    const lines = props
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `    ${k} ${typeof v === "boolean" ? (v ? "On" : "Off") : v}`);
    return `[${name}]\n${lines.join("\n")}\n`;
}

const env = (key: SecretKey) => `\${${secretEnv[key]}}`;

type Row = [string, string | number | boolean | undefined];

/** Fluent Bit [OUTPUT] section(s) that ship every record to `b`. */
export function fluentBitOutputs(b: ResolvedBackend, site: LogSite, bufferLimit: string): string {
    const common: Row[] = [
        ["Match", "*"],
        ["Retry_Limit", "no_limits"],
        ["storage.total_limit_size", fluentBitSize(bufferLimit)],
    ];
    /** Where a network back end listens, with TLS verified whenever it is on. */
    const endpoint = (e: { host: string; port: number; tls: boolean }): Row[] => [
        ["Host", e.host],
        ["Port", e.port],
        ["tls", e.tls],
        ["tls.verify", e.tls],
    ];
    /** The Elasticsearch-API plugins (es, opensearch): daily indices under the prefix, typeless, errors traced. */
    const dailyIndices = (prefix: string): Row[] => [
        ["Logstash_Format", true],
        ["Logstash_Prefix", prefix],
        ["Suppress_Type_Name", true],
        ["Replace_Dots", true],
        ["Trace_Error", true],
    ];
    switch (b.type) {
        case "elasticsearch":
            return section("OUTPUT", [
                ["Name", "es"],
                ...common,
                ...endpoint(b),
                ["HTTP_User", b.username],
                ["HTTP_Passwd", b.password && env("password")],
                ["Http_Api_Key", b.apiKey && env("api-key")],
                ...dailyIndices(b.indexPrefix),
            ]);
        case "opensearch":
            return section("OUTPUT", [
                ["Name", "opensearch"],
                ...common,
                ...endpoint(b),
                ["HTTP_User", b.username],
                ["HTTP_Passwd", b.password && env("password")],
                ["AWS_Auth", b.awsSigV4 ? true : undefined],
                ["AWS_Region", b.awsSigV4 ? site.region : undefined],
                ...dailyIndices(b.indexPrefix),
            ]);
        case "splunk":
            return section("OUTPUT", [
                ["Name", "splunk"],
                ...common,
                ...endpoint(b),
                ["Splunk_Token", env("token")],
                ["Splunk_Send_Raw", false],
                ["Event_Index", b.index],
                ["Event_Sourcetype", b.sourcetype],
            ]);
        case "loki":
            return section("OUTPUT", [
                ["Name", "loki"],
                ...common,
                ...endpoint(b),
                ["Http_User", b.username],
                ["Http_Passwd", b.password && env("password")],
                ["Bearer_Token", b.bearerToken && env("bearer-token")],
                ["Tenant_ID", b.tenantId],
                ["Labels", `job=fluent-bit,cluster=${site.clusterName}`],
                ["Label_Keys", "$kubernetes['namespace_name'],$kubernetes['pod_name'],$kubernetes['container_name']"],
                ["Line_Format", "json"],
            ]);
        case "cloudwatch":
            return section("OUTPUT", [
                ["Name", "cloudwatch_logs"],
                ...common,
                ["Region", site.region],
                ["Log_Group_Name", logGroupOf(b, site.clusterName)],
                ["Log_Stream_Prefix", "node-"],
                ["Auto_Create_Group", true],
                ["Log_Retention_Days", b.retentionDays],
            ]);
        case "azureMonitor":
            return section("OUTPUT", [
                ["Name", "azure_logs_ingestion"],
                ...common,
                ["Tenant_ID", b.tenantId],
                ["Client_ID", b.clientId],
                ["Client_Secret", env("client-secret")],
                ["Dce_Url", b.dceUrl],
                ["Dcr_Id", b.dcrId],
                ["Table_Name", b.table],
                ["Time_Generated", true],
                ["Compress", true],
            ]);
        case "googleCloudLogging":
            return (
                section("OUTPUT", [
                    ["Name", "stackdriver"],
                    ["Match", "kube.*"],
                    ["Retry_Limit", "no_limits"],
                    ["storage.total_limit_size", fluentBitSize(bufferLimit)],
                    ["Resource", "k8s_container"],
                    ["K8s_Cluster_Name", site.clusterName],
                    ["K8s_Cluster_Location", site.region],
                    ["Tag_Prefix", "kube.var.log.containers."],
                    ["Export_To_Project_Id", b.projectId],
                    ["Severity_Key", "level"],
                ]) +
                "\n" +
                section("OUTPUT", [
                    ["Name", "stackdriver"],
                    ["Match", "host.*"],
                    ["Retry_Limit", "no_limits"],
                    ["Resource", "global"],
                    ["Export_To_Project_Id", b.projectId],
                ])
            );
    }
}

/** Fluent Bit [OUTPUT] that forwards everything to the Fluentd aggregator. */
export function forwardOutput(host: string, port: number, bufferLimit: string): string {
    return section("OUTPUT", [
        ["Name", "forward"],
        ["Match", "*"],
        ["Host", host],
        ["Port", port],
        ["Require_ack_response", true],
        ["Retry_Limit", "no_limits"],
        ["storage.total_limit_size", fluentBitSize(bufferLimit)],
    ]);
}

/** Fluentd image variant (fluent/fluentd-kubernetes-daemonset) per supported back end. */
export const fluentdVariants = { elasticsearch: "elasticsearch8", opensearch: "opensearch", cloudwatch: "cloudwatch" } as const;

const fluentdEnv = (key: SecretKey) => `"#{ENV['${secretEnv[key]}']}"`;

/** Fluentd <match> block (with its file buffer) for the aggregator's back end. */
export function fluentdMatch(b: ResolvedBackend, site: LogSite): string {
    const buffer = [
        "  <buffer>",
        "    @type file",
        "    path /var/log/fluent/buffer",
        "    flush_mode interval",
        "    flush_interval 5s",
        "    retry_forever true",
        "    retry_max_interval 60s",
        "    overflow_action block",
        "  </buffer>",
    ];
    const lines = (props: [string, string | number | boolean | undefined][]) =>
        props.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k} ${v}`);
    switch (b.type) {
        case "elasticsearch":
        case "opensearch":
            return [
                "<match **>",
                ...lines([
                    ["@type", b.type],
                    ["host", b.host],
                    ["port", b.port],
                    ["scheme", b.tls ? "https" : "http"],
                    ["ssl_verify", b.tls],
                    ["user", b.username],
                    ["password", b.password && fluentdEnv("password")],
                    ["api_key", b.type === "elasticsearch" && b.apiKey ? fluentdEnv("api-key") : undefined],
                    ["logstash_format", true],
                    ["logstash_prefix", b.indexPrefix],
                    ["suppress_type_name", true],
                ]),
                ...buffer,
                "</match>",
            ].join("\n");
        case "cloudwatch":
            return [
                "<match **>",
                ...lines([
                    ["@type", "cloudwatch_logs"],
                    ["region", site.region],
                    ["log_group_name", logGroupOf(b, site.clusterName)],
                    ["use_tag_as_stream", true],
                    ["auto_create_stream", true],
                    ["retention_in_days", b.retentionDays],
                ]),
                ...buffer,
                "</match>",
            ].join("\n");
        default:
            throw new ConfigError([{ path: "observability.logging.aggregator", message: `fluentd has no maintained image for back end '${b.type}'` }]);
    }
}
