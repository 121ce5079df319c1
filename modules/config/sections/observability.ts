/**
 * `platform:observability`: logs (Fluent Bit, optional Fluentd aggregator), metrics with alerting and
 * dashboards (kube-prometheus-stack), long-term metrics (Thanos) and tracing (OpenTelemetry
 * Collector, optional Jaeger). Every secret here (passwords, tokens, webhook URLs) is a `secret()`:
 * it reaches the cluster only as a Kubernetes Secret, never as a Helm value.
 */
import { z } from "zod";
import { addon, groupName, replicaCount, secret, Tier } from "../common";

const hostname = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, "must be a host name or IP address, without scheme or path");
const port = z.number().int().min(1).max(65535);
const httpsUrl = z.string().regex(/^https:\/\/[^\s]+$/, "must be an https:// URL");
/** A Prometheus duration such as 15d or 12h. */
const duration = z.string().regex(/^\d+(ms|s|m|h|d|w|y)$/, "must be a duration such as 30s, 12h or 15d");
/** An identity-provider group name, quoted inside Grafana's JMESPath role mapping. */
/** A group in Grafana's role mapping (a JMESPath expression): an identity-provider group with no quote or backslash. */
const grafanaGroup = () => groupName().regex(/^[^'"\\]+$/, "must not contain quotes or backslashes");
/** A Kubernetes quantity of bytes such as 50Gi. */
const size = z.string().regex(/^\d+(Ki|Mi|Gi|Ti)$/, "must be a size such as 512Mi or 50Gi");

/** Where Fluent Bit (or the Fluentd aggregator) sends logs. */
function logBackend() {
    const tls = z.boolean().default(true).describe("Use TLS (certificates verified). Default: true.");
    const basicAuth = {
        username: z.string().min(1).optional().describe("HTTP basic-auth user. Default: none. Needs password."),
        password: secret().optional().describe("HTTP basic-auth password (secret). Default: none."),
    };
    return z
        .discriminatedUnion("type", [
            z.strictObject({
                type: z
                    .literal("auto")
                    .describe(
                        "The cluster's own log service: CloudWatch Logs on aws and Cloud Logging on gcp (through Fluent Bit), or logs the cluster collects itself (Azure Monitor Container Insights on azure: no agent of the platform's). Where the cluster has no log service (existing clusters), the in-cluster Loki (`logging.loki`) and Fluent Bit shipping to it.",
                    ),
            }),
            z.strictObject({
                type: z.literal("elasticsearch").describe("Elasticsearch (7 or 8) through its bulk API."),
                host: hostname.describe("Elasticsearch host."),
                port: port.default(9200).describe("Port. Default: 9200."),
                tls,
                indexPrefix: z
                    .string()
                    .regex(/^[a-z0-9][a-z0-9_.-]*$/)
                    .default("logs")
                    .describe("Daily index prefix (`<prefix>-YYYY.MM.DD`). Default: logs."),
                ...basicAuth,
                apiKey: secret().optional().describe("Base64 API key (secret). Conflicts with username/password."),
            }),
            z.strictObject({
                type: z.literal("opensearch").describe("OpenSearch, self-managed or Amazon OpenSearch Service."),
                host: hostname.describe("OpenSearch host."),
                port: port.default(443).describe("Port. Default: 443."),
                tls,
                indexPrefix: z
                    .string()
                    .regex(/^[a-z0-9][a-z0-9_.-]*$/)
                    .default("logs")
                    .describe("Daily index prefix. Default: logs."),
                ...basicAuth,
                awsSigV4: z
                    .boolean()
                    .default(false)
                    .describe(
                        "Sign requests with the log agent's AWS identity (Amazon OpenSearch Service, aws clusters only). Default: false. Conflicts with username/password.",
                    ),
            }),
            z.strictObject({
                type: z.literal("splunk").describe("Splunk HTTP Event Collector."),
                host: hostname.describe("HEC host."),
                port: port.default(8088).describe("HEC port. Default: 8088."),
                tls,
                token: secret().describe("HEC token (secret)."),
                index: z.string().min(1).optional().describe("Splunk index. Default: the token's default index."),
                sourcetype: z.string().min(1).default("kube:container").describe("Event sourcetype. Default: kube:container."),
            }),
            z.strictObject({
                type: z.literal("loki").describe("Grafana Loki push API."),
                host: hostname.describe("Loki (or gateway) host."),
                port: port.default(443).describe("Port. Default: 443."),
                tls,
                tenantId: z.string().min(1).optional().describe("X-Scope-OrgID tenant. Default: none (single-tenant Loki)."),
                ...basicAuth,
                bearerToken: secret().optional().describe("Bearer token (secret). Conflicts with username/password."),
            }),
            z.strictObject({
                type: z.literal("cloudwatch").describe("Amazon CloudWatch Logs through the log agent's IAM role (aws clusters only)."),
                logGroup: z
                    .string()
                    .regex(/^[.\-_/#A-Za-z0-9]+$/)
                    .optional()
                    .describe("Log group. Default: /platform/<cluster>/containers."),
                retentionDays: z.number().int().min(1).max(3653).default(30).describe("Retention of the created log group, in days. Default: 30."),
            }),
            z.strictObject({
                type: z
                    .literal("azureMonitor")
                    .describe(
                        "Azure Monitor Logs (Log Analytics) through the Logs Ingestion API. Fluent Bit's plugin has no workload-identity login: it needs an app registration secret.",
                    ),
                dceUrl: httpsUrl.describe("Data Collection Endpoint URL."),
                dcrId: z
                    .string()
                    .regex(/^dcr-[0-9a-f]+$/, "must be a DCR immutable id (dcr-…)")
                    .describe("Data Collection Rule immutable id."),
                table: z.string().min(1).describe("Target table (custom tables end in _CL)."),
                tenantId: z.string().uuid().describe("Entra ID tenant of the app registration."),
                clientId: z.string().uuid().describe("App registration (client) id allowed on the DCR."),
                clientSecret: secret().describe("App registration client secret (secret)."),
            }),
            z.strictObject({
                type: z.literal("googleCloudLogging").describe("Google Cloud Logging through the log agent's Workload Identity (gcp clusters only)."),
                projectId: z.string().min(1).optional().describe("Project that receives the logs. Default: the cluster's project."),
            }),
        ])
        .superRefine((b, ctx) => {
            if ("username" in b && (b.username === undefined) !== (b.password === undefined)) {
                ctx.addIssue({ code: "custom", path: [b.username === undefined ? "username" : "password"], message: "username and password go together" });
            }
            if (b.type === "elasticsearch" && b.apiKey && b.username) {
                ctx.addIssue({ code: "custom", path: ["apiKey"], message: "conflicts with username/password" });
            }
            if (b.type === "opensearch" && b.awsSigV4 && b.username) {
                ctx.addIssue({ code: "custom", path: ["awsSigV4"], message: "conflicts with username/password" });
            }
            if (b.type === "loki" && b.bearerToken && b.username) {
                ctx.addIssue({ code: "custom", path: ["bearerToken"], message: "conflicts with username/password" });
            }
        })
        .default({ type: "auto" })
        .describe(
            "The log back end, by `type`: auto | elasticsearch | opensearch | splunk | loki | cloudwatch | azureMonitor | googleCloudLogging. Default: auto.",
        );
}

/** Back ends the Fluentd aggregator can reach with a maintained upstream image variant. */
export const fluentdBackends = ["elasticsearch", "opensearch", "cloudwatch"] as const;

function logging(tier: Tier) {
    return addon("Fluent Bit, the node log agent (DaemonSet)", true, {
        backend: logBackend(),
        aggregator: z
            .enum(["none", "fluentd"])
            .default("none")
            .describe(
                `Optional in-cluster aggregator: Fluent Bit forwards to Fluentd, which buffers on disk and forwards to the back end. Back ends: ${fluentdBackends.join(", ")}. Default: none.`,
            ),
        fluentd: addon("the Fluentd aggregator (used when aggregator is fluentd)", true, {
            replicas: replicaCount(10)
                .default(tier === "prod" ? 2 : 1)
                .describe("Aggregator replicas. Default: 2 in prod, 1 otherwise."),
            bufferSize: size.default("10Gi").describe("Disk buffer per replica (PVC). Default: 10Gi."),
        }).prefault({}),
        bufferLimit: size
            .default(tier === "prod" ? "4Gi" : "1Gi")
            .describe("Filesystem buffer per node for the back end (Fluent Bit storage.total_limit_size). Default: 4Gi in prod, 1Gi otherwise."),
        multilineParsers: z
            .array(z.enum(["go", "java", "python", "ruby"]))
            .default(["go", "java", "python"])
            .describe("Built-in multiline parsers that join stack traces into one record. Default: go, java, python."),
        loki: addon(
            "the in-cluster Loki (single binary, one replica, logs on a persistent volume) where `backend.type: auto` finds no log service on the cluster",
            true,
            {
                retention: duration
                    .default(tier === "prod" ? "30d" : "7d")
                    .describe("How long Loki keeps logs (compactor retention). Default: 30d in prod, 7d otherwise."),
                storageSize: size
                    .default(tier === "prod" ? "50Gi" : "10Gi")
                    .describe("Size of Loki's volume (the platform StorageClass). Default: 50Gi in prod, 10Gi otherwise."),
            },
        ).prefault({}),
    })
        .prefault({})
        .superRefine((l, ctx) => {
            if (l.aggregator === "fluentd" && !(fluentdBackends as readonly string[]).includes(l.backend.type)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["aggregator"],
                    message: `fluentd has no maintained image for back end '${l.backend.type}'; use one of ${fluentdBackends.join(", ")} or aggregator: none`,
                });
            }
        });
}

/** Receiver names the platform uses itself: `null` is Alertmanager's discard receiver, `none` names it in routes. */
export const reservedReceiverNames = ["null", "none"] as const;
const receiverName = z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .refine((n) => !(reservedReceiverNames as readonly string[]).includes(n), {
        message: `is reserved (${reservedReceiverNames.join(", ")}): choose another name`,
    })
    .describe("Receiver name, referenced by the routes.");
const receiver = z.discriminatedUnion("type", [
    z
        .strictObject({
            type: z.literal("slack").describe("Receiver type."),
            name: receiverName,
            webhookUrl: secret().describe("Slack incoming-webhook URL (secret)."),
            channel: z.string().min(1).describe("Channel, e.g. #alerts."),
        })
        .describe("A Slack channel, through an incoming webhook."),
    z
        .strictObject({
            type: z.literal("pagerduty").describe("Receiver type."),
            name: receiverName,
            routingKey: secret().describe("PagerDuty Events v2 integration (routing) key (secret)."),
        })
        .describe("PagerDuty, through the Events v2 API."),
    z
        .strictObject({
            type: z.literal("webhook").describe("Receiver type."),
            name: receiverName,
            url: secret().describe("Webhook URL (secret: it often carries a token)."),
        })
        .describe("Any HTTP endpoint that accepts Alertmanager's webhook payload."),
    z
        .strictObject({
            type: z.literal("email").describe("Receiver type."),
            name: receiverName,
            to: z
                .string()
                .regex(/^[^\s@,]+@[^\s@,]+$/, "must be one e-mail address")
                .describe("Recipient address (a team list or an on-call alias)."),
            from: z
                .string()
                .regex(/^[^\s@,]+@[^\s@,]+$/, "must be one e-mail address")
                .describe("Sender address."),
            smarthost: z
                .string()
                .regex(/^[A-Za-z0-9.-]+:\d+$/, "must be host:port")
                .describe("SMTP relay as host:port (587 with STARTTLS is usual)."),
            username: z
                .string()
                .min(1)
                .optional()
                .describe("SMTP user. Default: none (a relay that accepts the cluster's traffic without login). Needs password."),
            password: secret().optional().describe("SMTP password (secret). Default: none."),
            requireTls: z.boolean().default(true).describe("Require STARTTLS. Default: true."),
        })
        .superRefine((r, ctx) => {
            if ((r.username === undefined) !== (r.password === undefined)) {
                ctx.addIssue({ code: "custom", path: [r.username === undefined ? "username" : "password"], message: "username and password go together" });
            }
        })
        .describe("E-mail, through an SMTP relay."),
]);

function remoteWrite() {
    return z
        .strictObject({
            url: httpsUrl.describe("Prometheus remote-write endpoint."),
            auth: z
                .discriminatedUnion("type", [
                    z.strictObject({ type: z.literal("none").describe("No authentication.") }),
                    z.strictObject({
                        type: z.literal("basic").describe("HTTP basic authentication."),
                        username: z.string().min(1).describe("User name."),
                        password: secret().describe("Password (secret)."),
                    }),
                    z.strictObject({ type: z.literal("bearer").describe("A bearer token."), token: secret().describe("The token (secret).") }),
                ])
                .default({ type: "none" })
                .describe("Authentication: none | basic (username, password) | bearer (token). Secrets stay secrets. Default: none."),
        })
        .describe("Where metrics are remote-written in vendor mode.");
}

function metrics(tier: Tier) {
    const prod = tier === "prod";
    return addon("kube-prometheus-stack (Prometheus Operator, Prometheus, Alertmanager, Grafana, node-exporter, kube-state-metrics)", true, {
        mode: z
            .enum(["in-cluster", "vendor"])
            .default("in-cluster")
            .describe(
                "in-cluster: Prometheus, Alertmanager and Grafana run in the cluster. vendor: only a Prometheus agent scrapes and remote-writes to `remoteWrite` (no in-cluster storage, rules, alerting or dashboards). Default: in-cluster. vendor conflicts with longTerm.",
            ),
        remoteWrite: remoteWrite().optional(),
        persistence: z
            .boolean()
            .default(tier !== "dev")
            .describe("Persistent volumes for Prometheus, Alertmanager and Grafana. Default: false in dev, true otherwise."),
        prometheus: z
            .strictObject({
                replicas: replicaCount(5)
                    .default(prod ? 2 : 1)
                    .describe("Prometheus replicas (HA pair in prod). Default: 2 in prod, 1 otherwise."),
                retention: duration.default(prod ? "15d" : "7d").describe("Local retention (Thanos keeps the long term). Default: 15d in prod, 7d otherwise."),
                storageSize: size.default(prod ? "100Gi" : "20Gi").describe("PVC size per replica. Default: 100Gi in prod, 20Gi otherwise."),
                scrapeInterval: duration.default("30s").describe("Default scrape interval. Default: 30s."),
            })
            .prefault({})
            .describe("Prometheus."),
        alertmanager: z
            .strictObject({
                replicas: replicaCount(5)
                    .default(prod ? 3 : 1)
                    .describe("Alertmanager replicas (gossip cluster). Default: 3 in prod, 1 otherwise."),
                receivers: z
                    .array(receiver)
                    .default([])
                    .describe(
                        "Notification receivers: slack | pagerduty | webhook | email. Prod needs at least one (critical alerts must reach a human). Default: none (alerts stay in Alertmanager: a warning outside prod).",
                    ),
                defaultReceiver: z
                    .string()
                    .optional()
                    .describe("Receiver for every alert (a receiver's name, or `none`: Alertmanager keeps them). Default: the first receiver, or none."),
                criticalReceiver: z
                    .string()
                    .optional()
                    .describe(
                        "Receiver for severity=critical alerts (e.g. PagerDuty). `none` keeps them in Alertmanager without the warning (refused in prod). Default: defaultReceiver.",
                    ),
            })
            .prefault({})
            .superRefine((a, ctx) => {
                const names = a.receivers.map((r) => r.name);
                names.forEach((n, i) => {
                    if (names.indexOf(n) !== i) {
                        ctx.addIssue({ code: "custom", path: ["receivers", i, "name"], message: `duplicate receiver name '${n}'` });
                    }
                });
                for (const key of ["defaultReceiver", "criticalReceiver"] as const) {
                    const v = a[key];
                    if (v !== undefined && v !== "none" && !names.includes(v)) {
                        ctx.addIssue({ code: "custom", path: [key], message: `no receiver named '${v}'; receivers: ${names.join(", ") || "(none)"}, or none` });
                    }
                }
            })
            .describe("Alertmanager and its receivers."),
        grafana: z
            .strictObject({
                enabled: z.boolean().default(true).describe("Install Grafana. Default: true."),
                adminPassword: secret()
                    .optional()
                    .describe("Admin password (secret), stored in a Kubernetes Secret. Default: a random password the chart generates into its own Secret."),
                url: httpsUrl.optional().describe("Public URL of Grafana (server.root_url); required for OIDC login. Default: none."),
                storageSize: size.default("10Gi").describe("PVC size when persistence is on. Default: 10Gi."),
                oidc: z
                    .strictObject({
                        issuerUrl: httpsUrl.describe("The platform OIDC provider's issuer URL (e.g. Dex)."),
                        clientId: z.string().min(1).describe("OIDC client id registered for Grafana."),
                        clientSecret: secret().describe("OIDC client secret (secret)."),
                        adminGroups: z.array(grafanaGroup()).default([]).describe("Groups that become Grafana Admin. Default: none."),
                        editorGroups: z.array(grafanaGroup()).default([]).describe("Groups that become Editor; everyone else is Viewer. Default: none."),
                    })
                    .optional()
                    .describe(
                        "Login through the platform's OIDC provider (generic OAuth, endpoints <issuer>/auth, /token, /userinfo as Dex serves them). Default: off (local admin only). Needs url.",
                    ),
            })
            .prefault({})
            .superRefine((g, ctx) => {
                if (g.oidc && !g.url) {
                    ctx.addIssue({ code: "custom", path: ["url"], message: "required when grafana.oidc is set (it is the OAuth redirect base)" });
                }
            })
            .describe("Grafana."),
    })
        .prefault({})
        .superRefine((m, ctx) => {
            if (m.mode === "vendor" && !m.remoteWrite) {
                ctx.addIssue({ code: "custom", path: ["remoteWrite"], message: "required when mode is vendor" });
            }
            if (m.mode === "in-cluster" && m.remoteWrite) {
                ctx.addIssue({ code: "custom", path: ["remoteWrite"], message: "only used when mode is vendor" });
            }
        });
}

function longTerm(tier: Tier) {
    return addon("Thanos (sidecar, query, store gateway, compactor) over an object-storage bucket created in the stack", tier === "prod", {
        retention: z
            .strictObject({
                raw: duration.default("30d").describe("Raw-resolution retention in the bucket. Default: 30d."),
                fiveMinutes: duration.default("180d").describe("5m downsampled retention. Default: 180d."),
                oneHour: duration.default("2y").describe("1h downsampled retention. Default: 2y."),
            })
            .prefault({})
            .describe("Compactor retention per resolution."),
        queryReplicas: z
            .number()
            .int()
            .min(1)
            .max(5)
            .default(tier === "prod" ? 2 : 1)
            .describe("Thanos Query replicas. Default: 2 in prod, 1 otherwise."),
        storeGatewayReplicas: z
            .number()
            .int()
            .min(1)
            .max(5)
            .default(tier === "prod" ? 2 : 1)
            .describe("Store gateway replicas. Default: 2 in prod, 1 otherwise."),
    }).prefault({});
}

function tracing(tier: Tier) {
    return addon("the OpenTelemetry Collector trace gateway (OTLP in)", true, {
        replicas: replicaCount(10)
            .default(tier === "prod" ? 2 : 1)
            .describe("Collector replicas. Default: 2 in prod, 1 otherwise."),
        exporter: z
            .discriminatedUnion("type", [
                z.strictObject({
                    type: z.literal("jaeger").describe("An in-cluster Jaeger (all-in-one, in-memory traces: for development and short retention)."),
                }),
                z.strictObject({
                    type: z.literal("otlp").describe("A configured OTLP endpoint (a vendor or a central collector)."),
                    endpoint: z
                        .string()
                        .regex(/^https:\/\/[^\s]+$|^[A-Za-z0-9.-]+:\d+$/, "must be https://host[:port][/path] (otlphttp) or host:port (gRPC, TLS)")
                        .describe("OTLP endpoint: https://… for OTLP/HTTP, host:port for OTLP/gRPC over TLS."),
                    authHeader: z
                        .string()
                        .regex(/^[A-Za-z0-9-]+$/)
                        .default("authorization")
                        .describe("Header that carries the token. Default: authorization."),
                    token: secret().optional().describe("Header value, e.g. 'Bearer …' or an API key (secret). Default: none."),
                }),
            ])
            .default({ type: "jaeger" })
            .describe("Where traces go: jaeger | otlp. Default: jaeger."),
        jaeger: addon("the in-cluster Jaeger (used when exporter is jaeger)", true, {}).prefault({}),
    }).prefault({});
}

/** How to give a prod stack a log destination (named in the errors). */
export const prodLogFix =
    "set observability.logging.enabled: true with backend.type auto (the cluster's log service, or the in-cluster Loki where it has none) or a back end such as elasticsearch, opensearch, splunk or loki";

export function observabilitySchema(tier: Tier) {
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install this area's services. Default: true."),
            namespace: z
                .strictObject({
                    monitoring: z
                        .string()
                        .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/)
                        .default("monitoring")
                        .describe("Namespace of Prometheus, Alertmanager, Grafana and Thanos. Default: monitoring."),
                    logging: z
                        .string()
                        .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/)
                        .default("logging")
                        .describe("Namespace of the log agent and aggregator. Default: logging."),
                    tracing: z
                        .string()
                        .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/)
                        .default("tracing")
                        .describe("Namespace of the trace gateway and Jaeger. Default: tracing."),
                    loki: z
                        .string()
                        .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/)
                        .default("loki")
                        .describe("Namespace of the in-cluster Loki (logging.loki). Default: loki."),
                })
                .prefault({})
                .describe("Namespaces of the area."),
            logging: logging(tier),
            metrics: metrics(tier),
            longTerm: longTerm(tier),
            tracing: tracing(tier),
        })
        .prefault({})
        .superRefine((o, ctx) => {
            if (o.metrics.mode === "vendor" && o.longTerm.enabled) {
                ctx.addIssue({
                    code: "custom",
                    path: ["longTerm", "enabled"],
                    message: "conflicts with metrics.mode: vendor (the vendor keeps the long term); set longTerm.enabled: false",
                });
            }
            if (o.longTerm.enabled && !o.metrics.enabled) {
                ctx.addIssue({ code: "custom", path: ["longTerm", "enabled"], message: "needs metrics.enabled: true (Thanos reads Prometheus)" });
            }
            // Prod keeps its logs somewhere: the cluster's log service, a configured back end, or the in-cluster Loki.
            if (tier === "prod" && !o.enabled) {
                ctx.addIssue({ code: "custom", path: ["enabled"], message: `a prod stack needs a log destination and alert routing: ${prodLogFix}` });
            } else if (tier === "prod" && !o.logging.enabled) {
                ctx.addIssue({ code: "custom", path: ["logging", "enabled"], message: `a prod stack needs a log destination: ${prodLogFix}` });
            }
        })
        .describe("logs, metrics, alerting, dashboards, tracing and long-term metrics.");
}

export type ObservabilityConfig = z.output<ReturnType<typeof observabilitySchema>>;
export type LogBackend = ObservabilityConfig["logging"]["backend"];
export type AlertReceiver = ObservabilityConfig["metrics"]["alertmanager"]["receivers"][number];
