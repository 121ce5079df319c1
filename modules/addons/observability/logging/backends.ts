/**
 * The log back-end switch, as pure functions: one configured back end in, the Fluent Bit [OUTPUT]
 * section (or the Fluentd <match> block), the env vars it reads from the back-end Secret, the
 * secret values that Secret holds, and the cloud permissions the agent's identity needs. Back ends
 * bound to one cloud (CloudWatch, Cloud Logging) are the cluster's log service's (LogService): this
 * file holds none of a cloud's knowledge. Secrets appear in the configuration only as `${ENV}`
 * (Fluent Bit) or `"#{ENV['X']}"` (Fluentd).
 */
import type { CloudLogBackend, CloudLogBackendConfig, CloudPermissions, LogService, LogSite } from "../../../cluster/contract";
import type { ConfigIssue } from "../../../config";
import type { LogBackend } from "../../../config/sections/observability";
import { ConfigError, Secret } from "../../../config";
import { fluentBitSection, fluentBitSize } from "../../../lib/fluent-bit";
import { envFromSecret } from "../secrets";

export type { LogSite } from "../../../cluster/contract";
export { fluentBitSize } from "../../../lib/fluent-bit";

/** A back end after `auto` is resolved for the cluster. */
export type ResolvedBackend = Exclude<LogBackend, { type: "auto" }>;

/** The back-end types only one cloud's log service serves. */
const cloudBackendTypes: readonly string[] = ["cloudwatch", "googleCloudLogging"] satisfies CloudLogBackendConfig["type"][];

function isCloudBackend(b: ResolvedBackend): b is CloudLogBackendConfig {
    return cloudBackendTypes.includes(b.type);
}

/** The cloud log service's renderer for a cloud-bound back end (backendIssues checked it is served). */
function cloudBackend(b: CloudLogBackendConfig, logs: LogService | undefined): CloudLogBackend<CloudLogBackendConfig> {
    const served = logs?.backends[b.type] as CloudLogBackend<CloudLogBackendConfig> | undefined;
    if (!served) {
        throw new ConfigError([
            { path: "observability.logging.backend.type", message: `${b.type} is another cloud's log service; this cluster's cloud does not serve it` },
        ]);
    }
    return served;
}

/**
 * `auto` -> the back end the cluster's log service has the platform's agent ship to; undefined where
 * `auto` means no agent (the cluster collects logs itself, or needs setup the stack cannot do).
 */
export function resolveBackend(backend: LogBackend, logs: LogService | undefined): ResolvedBackend | undefined {
    if (backend.type !== "auto") {
        return backend;
    }
    const auto = logs?.auto;
    return auto && "agent" in auto ? auto.agent : undefined;
}

/**
 * Where the stack's logs go, once `auto` is resolved on this cluster:
 * - `agent`: the platform's Fluent Bit ships to a back end (configured, or the cluster's log service's);
 * - `cluster`: the cluster collects container logs itself (Azure Monitor Container Insights): no agent;
 * - `inClusterLoki`: no log service on the cluster, so the in-cluster Loki, with Fluent Bit shipping to it;
 * - `none`: nowhere (auto with the in-cluster Loki switched off on a cluster without a log service).
 */
export type LogDestination = { kind: "agent"; backend: ResolvedBackend } | { kind: "cluster"; name: string } | { kind: "inClusterLoki" } | { kind: "none" };

/** The stack's log destination: the configured back end, else what `auto` means on this cluster (`inClusterLoki` when the in-cluster Loki may serve). */
export function logDestination(backend: LogBackend, logs: LogService | undefined, inClusterLoki: boolean): LogDestination {
    if (backend.type !== "auto") {
        return { kind: "agent", backend };
    }
    const auto = logs?.auto;
    if (auto && "agent" in auto) {
        return { kind: "agent", backend: auto.agent };
    }
    if (auto && "cluster" in auto) {
        return { kind: "cluster", name: auto.cluster.name };
    }
    return inClusterLoki ? { kind: "inClusterLoki" } : { kind: "none" };
}

/** The in-cluster Loki as a back end of the log agent: plain HTTP inside the cluster, one tenant. */
export function inClusterLokiBackend(host: string, port: number): ResolvedBackend {
    return { type: "loki", host, port, tls: false };
}

/** Problems with a configured back end on this cluster: another cloud's log service, request signing it cannot do. */
export function backendIssues(backend: LogBackend, logs: LogService | undefined): ConfigIssue[] {
    const resolved = resolveBackend(backend, logs);
    if (!resolved) {
        return [];
    }
    if (isCloudBackend(resolved) && !logs?.backends[resolved.type]) {
        return [
            { path: "observability.logging.backend.type", message: `${resolved.type} is another cloud's log service; this cluster's cloud does not serve it` },
        ];
    }
    if (resolved.type === "opensearch" && resolved.awsSigV4 && !logs?.openSearchSigning) {
        return [
            {
                path: "observability.logging.backend.awsSigV4",
                message: "needs a cluster on aws, whose identities can sign requests to Amazon OpenSearch Service",
            },
        ];
    }
    return [];
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

/** Cloud permissions the log agent's (or aggregator's) service account needs, if any. */
export function backendPermissions(b: ResolvedBackend, site: LogSite, logs: LogService | undefined): CloudPermissions | undefined {
    if (isCloudBackend(b)) {
        return cloudBackend(b, logs).permissions(b, site);
    }
    if (b.type === "opensearch" && b.awsSigV4) {
        return logs?.openSearchSigning?.(site.region);
    }
    return undefined;
}

const section = fluentBitSection;

const env = (key: SecretKey) => `\${${secretEnv[key]}}`;

type Row = [string, string | number | boolean | undefined];

/** Fluent Bit [OUTPUT] section(s) that ship every record to `b`. */
export function fluentBitOutputs(b: ResolvedBackend, site: LogSite, bufferLimit: string, logs?: LogService): string {
    if (isCloudBackend(b)) {
        return cloudBackend(b, logs).fluentBitOutput(b, site, bufferLimit);
    }
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

/** Fluentd image variant (fluent/fluentd-kubernetes-daemonset) per supported back end; cloud back ends name theirs. */
const fluentdVariants: Partial<Record<ResolvedBackend["type"], string>> = { elasticsearch: "elasticsearch8", opensearch: "opensearch" };

/** The Fluentd image variant for a back end, or undefined where no maintained image serves it. */
export function fluentdVariant(b: ResolvedBackend, logs?: LogService): string | undefined {
    return isCloudBackend(b) ? logs?.backends[b.type]?.fluentdVariant : fluentdVariants[b.type];
}

const fluentdEnv = (key: SecretKey) => `"#{ENV['${secretEnv[key]}']}"`;

/** Fluentd <match> block (with its file buffer) for the aggregator's back end. */
export function fluentdMatch(b: ResolvedBackend, site: LogSite, logs?: LogService): string {
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
    const lines = (props: [string, string | number | boolean | undefined][]) => props.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k} ${v}`);
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
        default: {
            const cloud = isCloudBackend(b) ? cloudBackend(b, logs) : undefined;
            if (cloud?.fluentdMatch && isCloudBackend(b)) {
                return cloud.fluentdMatch(b, site, buffer);
            }
            throw new ConfigError([{ path: "observability.logging.aggregator", message: `fluentd has no maintained image for back end '${b.type}'` }]);
        }
    }
}
