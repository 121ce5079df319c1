/**
 * `platform:security`: cert-manager, Vault, Gatekeeper, Falco and platform network policies.
 * Every service is an add-on (enabled, version, values, timeoutSeconds) with typed options; tier
 * defaults sit beside the field they set (HA in prod, `warn` in dev and `deny` in prod).
 */
import { z } from "zod";
import { addon, cidr, replicaCount, secret, Tier } from "../common";

/** An email address (ACME account contact). */
const email = () => z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address");

/** An http(s) URL. */
const httpUrl = () => z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, "must be an http:// or https:// URL");

function acmeSchema() {
    return z
        .strictObject({
            email: email()
                .optional()
                .describe(
                    "Contact email of the Let's Encrypt account. Setting it creates the `letsencrypt-staging` and `letsencrypt-prod` ClusterIssuers. Default: unset (no ACME issuers).",
                ),
            http01: z.boolean().default(true).describe("Solve HTTP-01 challenges through the platform's ingress controller or shared Gateway. Default: true."),
            dns01Zones: z
                .array(z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, "must be a DNS zone such as example.com"))
                .default([])
                .describe(
                    "DNS zones whose certificates are solved with DNS-01 through the cloud's DNS and the cluster's workload identity (needed for wildcards). Needs `dns01Provider`. Default: [].",
                ),
            dns01Provider: z
                .discriminatedUnion("cloud", [
                    z
                        .strictObject({
                            cloud: z.literal("aws").describe("The zone is in Route 53."),
                            hostedZoneId: z
                                .string()
                                .regex(/^Z[A-Z0-9]{4,32}$/, "must be a Route 53 hosted zone id such as Z0123456789ABC")
                                .describe("Route 53 hosted zone id."),
                            region: z.string().min(1).optional().describe("Route 53 API region. Default: the cluster's region."),
                        })
                        .describe("Route 53."),
                    z
                        .strictObject({
                            cloud: z.literal("azure").describe("The zone is in Azure DNS."),
                            subscriptionId: z.string().uuid().describe("Subscription of the DNS zone."),
                            resourceGroup: z.string().min(1).describe("Resource group of the DNS zone."),
                            zoneName: z.string().min(1).describe("The Azure DNS zone name."),
                        })
                        .describe("Azure DNS."),
                    z
                        .strictObject({
                            cloud: z.literal("gcp").describe("The zone is in Cloud DNS."),
                            project: z
                                .string()
                                .regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "must be a GCP project id")
                                .describe("Project of the Cloud DNS zone."),
                        })
                        .describe("Cloud DNS."),
                ])
                .optional()
                .describe(
                    "Where the DNS-01 zones live. Must match the cluster's cloud (the solver authenticates with workload identity, never static keys). Default: unset.",
                ),
        })
        .prefault({})
        .superRefine((a, ctx) => {
            if (a.dns01Zones.length > 0 && !a.dns01Provider) {
                ctx.addIssue({ code: "custom", path: ["dns01Provider"], message: "required when dns01Zones is set" });
            }
            if (a.dns01Zones.length > 0 && !a.email) {
                ctx.addIssue({ code: "custom", path: ["email"], message: "required when dns01Zones is set: DNS-01 is solved by the Let's Encrypt issuers" });
            }
        })
        .describe("Let's Encrypt (ACME) issuers.");
}

/** The admission engines: OPA Gatekeeper, or the API server's own ValidatingAdmissionPolicies. */
export const admissionEngines = ["gatekeeper", "native"] as const;

/**
 * Keys that moved to another path: accepted by the schema only to be refused with the new path
 * (`security.gatekeeper.enforcement` -> `security.admission.enforcement`), never silently ignored.
 */
function movedKeys(moves: Record<string, string>) {
    return Object.fromEntries(
        Object.entries(moves).map(([key, to]) => [
            key,
            z
                .unknown()
                .optional()
                .refine((v) => v === undefined, { message: `moved to ${to} (it applies to both admission engines); set it there` })
                .describe(`Moved to \`${to}\`.`),
        ]),
    );
}

export function securitySchema(tier: Tier) {
    const prod = tier === "prod";
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install this area's services. Default: true."),
            certManager: addon("cert-manager, its CRDs and the platform ClusterIssuers", true, {
                replicas: replicaCount(5)
                    .default(prod ? 2 : 1)
                    .describe("Replicas of the controller, webhook and cainjector (PodDisruptionBudgets when > 1). Default: 2 in prod, 1 otherwise."),
                acme: acmeSchema(),
            }).prefault({}),
            vault: addon("HashiCorp Vault (HA, integrated Raft storage)", true, {
                replicas: z
                    .union([z.literal(1), z.literal(3), z.literal(5)])
                    .default(prod ? 3 : 1)
                    .describe("Raft voters (1, 3 or 5). Default: 3 in prod, 1 otherwise."),
                unseal: z
                    .enum(["auto", "kms", "shamir"])
                    .default("auto")
                    .describe(
                        "`kms`: auto-unseal with a key the stack creates in the cloud's KMS (needs a cloud cluster); `shamir`: manual unseal keys (see the README's init steps); `auto`: kms on a cloud cluster, shamir on an existing one. Default: auto.",
                    ),
                storageSize: z
                    .string()
                    .regex(/^\d+(Gi|Ti)$/, "must be a size such as 10Gi")
                    .default(prod ? "20Gi" : "10Gi")
                    .describe("Raft data volume size. Default: 20Gi in prod, 10Gi otherwise."),
                auditStorageSize: z
                    .string()
                    .regex(/^\d+(Gi|Ti)$/, "must be a size such as 10Gi")
                    .default("10Gi")
                    .describe("Audit log volume size. Default: 10Gi."),
                ui: z
                    .boolean()
                    .default(true)
                    .describe(
                        "Serve the Vault web UI (on the API listener, and the chart's cluster-internal ui Service). `false` switches it off in the server configuration. Default: true.",
                    ),
                snapshots: z
                    .strictObject({
                        enabled: z
                            .boolean()
                            .default(true)
                            .describe("Take scheduled Raft snapshots (a CronJob logging in through Vault's Kubernetes auth method). Default: true."),
                        schedule: z
                            .string()
                            .regex(
                                /^(@(hourly|daily|weekly|monthly)|(\S+\s+){4}\S+)$/,
                                "must be a cron schedule of five fields (minute hour day month weekday) or @hourly, @daily, @weekly, @monthly",
                            )
                            .default(prod ? "0 * * * *" : "0 3 * * *")
                            .describe("When to snapshot (cron, UTC). Default: hourly in prod (`0 * * * *`), daily at 03:00 otherwise."),
                        retentionDays: z
                            .number()
                            .int()
                            .min(1)
                            .max(3650)
                            .default(prod ? 30 : 7)
                            .describe(
                                "Snapshots older than this many days are deleted, but only by a run that stored a new one. Default: 30 in prod, 7 otherwise.",
                            ),
                        volumeSize: z
                            .string()
                            .regex(/^\d+(Mi|Gi|Ti)$/, "must be a size such as 10Gi")
                            .default("10Gi")
                            .describe(
                                "Size of the snapshot volume on a cluster whose cloud offers no object store (an existing cluster); elsewhere snapshots go to a bucket the stack creates. Default: 10Gi.",
                            ),
                    })
                    .prefault({})
                    .describe(
                        "Scheduled Raft snapshots: to a private, versioned, encrypted bucket the stack creates (the cluster's object store), or to a volume in the cluster where there is none. Restore: docs/operations.md.",
                    ),
                injector: z
                    .strictObject({
                        enabled: z.boolean().default(true).describe("Run the Vault Agent injector. Default: true."),
                        replicas: replicaCount(5)
                            .default(prod ? 2 : 1)
                            .describe("Injector replicas. Default: 2 in prod, 1 otherwise."),
                    })
                    .prefault({})
                    .describe("The Vault Agent sidecar injector."),
            }).prefault({}),
            admission: z
                .strictObject({
                    engine: z
                        .enum(admissionEngines)
                        .default("gatekeeper")
                        .describe(
                            "How the policy pack's Kubernetes rules are enforced in the cluster: `gatekeeper` (OPA Gatekeeper: ConstraintTemplates and Constraints, audit of existing objects, a validating webhook) or `native` (the API server's own ValidatingAdmissionPolicies and bindings, generated from the same CEL: no webhook and no pods, so nothing fails closed when a webhook is down; no audit of objects admitted before). Default: gatekeeper.",
                        ),
                    enforcement: z
                        .enum(["deny", "warn", "dryrun"])
                        .default(prod ? "deny" : "warn")
                        .describe(
                            "What a request violating a mandatory rule gets: `deny`, `warn` (admitted with a warning) or `dryrun` (audit only). Advisory rules always only warn. Default: deny in prod, warn otherwise.",
                        ),
                    exemptNamespaces: z
                        .array(z.string().min(1))
                        .default([])
                        .describe(
                            "Namespaces no rule applies to, on top of Kubernetes' own and the platform's (kube-system, kube-public, kube-node-lease, every add-on's namespace). Default: [].",
                        ),
                })
                .prefault({})
                .describe(
                    "Admission control: the policy pack's Kubernetes rules enforced in the cluster, after every other add-on is installed. On with `security.enabled`; with the `gatekeeper` engine, also `security.gatekeeper.enabled`.",
                ),
            gatekeeper: addon("OPA Gatekeeper, the `gatekeeper` admission engine (installed after every other add-on)", true, {
                replicas: replicaCount(5)
                    .default(prod ? 3 : 1)
                    .describe("Webhook replicas. Default: 3 in prod, 1 otherwise."),
                auditIntervalSeconds: z.number().int().min(10).max(3600).default(60).describe("Seconds between audits of existing objects. Default: 60."),
                ...movedKeys({ enforcement: "security.admission.enforcement", exemptNamespaces: "security.admission.exemptNamespaces" }),
            }).prefault({}),
            falco: addon("Falco runtime security with Falcosidekick", true, {
                leastPrivileged: z
                    .boolean()
                    .default(true)
                    .describe(
                        "Run the modern eBPF probe with only the capabilities it needs instead of privileged (needs kernel >= 5.8 with BTF). Default: true.",
                    ),
                minimumPriority: z
                    .enum(["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"])
                    .default("warning")
                    .describe("Lowest Falco priority forwarded by Falcosidekick. Default: warning."),
                alertmanagerUrl: httpUrl().optional().describe("Alertmanager that Falcosidekick forwards to. Default: the platform's Alertmanager."),
                slackWebhookUrl: secret().optional().describe("Slack incoming-webhook URL (secret). Default: unset (no Slack output)."),
                webhookUrl: secret().optional().describe("Generic webhook URL receiving every event (secret: it often carries a token). Default: unset."),
            }).prefault({}),
            networkPolicies: z
                .strictObject({
                    enabled: z
                        .boolean()
                        .default(true)
                        .describe("Default-deny NetworkPolicies in every platform namespace, plus the allows each service needs. Default: true."),
                    apiServerCidrs: z
                        .array(cidr())
                        .min(1)
                        .optional()
                        .describe(
                            "Where pods reach the Kubernetes API server (ports 443/6443). Default: what the cluster module knows: on EKS the VPC CIDR (the control plane's network interfaces) and the `kubernetes` Service address; on GKE the control plane's /28 (`cluster.network.masterCidr`) and the Service address. On AKS and existing clusters the API server's address is not known to the program, so the default there is any address on those ports: narrow it to the endpoint's addresses.",
                        ),
                })
                .prefault({})
                .describe("Platform namespace network policies."),
        })
        .prefault({})
        .describe("cert-manager, Vault, Gatekeeper, Falco and platform network policies.");
}

export type SecurityConfig = z.output<ReturnType<typeof securitySchema>>;

/** How admission control is enforced in the cluster. */
export type AdmissionEngine = (typeof admissionEngines)[number];
