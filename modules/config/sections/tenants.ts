/**
 * `platform:tenants` and `platform:tenancy`: the tenants of the platform, declared as data, and the
 * settings they share. Each tenant becomes the same bundle on every cloud (namespaces, roles, quota,
 * limit range, network policies, pull secrets, workload identity); see modules/tenancy.
 *
 * Tenants come from the stack file (`platform:tenants`) and/or one YAML file per tenant in
 * `platform:tenancy.directory` (see tenant-files.ts); both are validated by the same schema, and the
 * checks across entries (duplicates, reserved names, unknown registry credentials) see them all.
 */
import { z } from "zod";
import { cidr, dnsLabel, groupName, secret, Tier } from "../common";
import { countQuotaKeys, forcedQuota, limitProblems, quantityPattern, quantityQuotaKeys, resolveSize, sizeClasses } from "./tenant-sizes";

/**
 * Namespace names no tenant may take besides the platform add-ons' own (which the add-on plan
 * reserves from each add-on's declaration, modules/platform/checks.ts): Kubernetes' own, the clouds'
 * and CNIs' system namespaces, and names kept for the platform. Exact names; `reservedPrefixes`
 * holds the families.
 */
export const reservedNamespaces: readonly string[] = [
    "default",
    "platform",
    "contour",
    "gateway-system",
    "observability",
    "storage",
    "pinniped-supervisor",
    "pinniped-concierge",
    "local-path-storage",
    "tigera-operator",
    "calico-system",
    "gmp-system",
    "gmp-public",
    "cilium",
];

/** Name prefixes reserved for Kubernetes, distributions and clouds (`kube-system`, `gke-managed-*`, ...). */
export const reservedPrefixes: readonly string[] = ["kube-", "openshift-", "gke-", "gmp-", "aks-", "azure-", "amazon-", "eks-", "platform-"];

/** Why a name is reserved, or undefined when it is free. */
export function reservedReason(name: string, extra: readonly string[] = []): string | undefined {
    if (reservedNamespaces.includes(name) || extra.includes(name)) {
        return `'${name}' is reserved for the platform or Kubernetes`;
    }
    const prefix = reservedPrefixes.find((p) => name.startsWith(p));
    return prefix ? `'${name}' starts with '${prefix}', reserved for Kubernetes, the cloud or the platform` : undefined;
}

/** A Kubernetes label value: what the tenant/team/env labels hold. */
function labelValue() {
    return z
        .string()
        .max(63, "must be at most 63 characters (a Kubernetes label value)")
        .regex(
            /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
            "must be a Kubernetes label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
        );
}

/** A quantity such as "500m", "2", "4Gi". */
function quantity() {
    return z.string().regex(quantityPattern, "must be a Kubernetes quantity such as 500m, 2, 512Mi or 4Gi");
}

const cpuMemory = z
    .strictObject({
        cpu: quantity().optional().describe("CPU (cores or millicores: 2, 500m)."),
        memory: quantity().optional().describe("Memory (bytes with a binary suffix: 512Mi, 4Gi)."),
    })
    .describe("CPU and memory.");

const quotaKeys: readonly string[] = [...quantityQuotaKeys, ...countQuotaKeys];

/** Per-tenant quota overrides, merged over the size class. */
function quotaOverrides() {
    return z
        .record(z.string(), z.string())
        .superRefine((quota, ctx) => {
            for (const [key, value] of Object.entries(quota)) {
                if (key in forcedQuota) {
                    ctx.addIssue({
                        code: "custom",
                        path: [key],
                        message:
                            "cannot be overridden: tenants never create LoadBalancer or NodePort services (they are exposed through the platform's ingress)",
                    });
                } else if (!quotaKeys.includes(key) && !/^count\/[a-z0-9.-]+$/.test(key)) {
                    ctx.addIssue({ code: "custom", path: [key], message: `unknown quota key; known keys: ${quotaKeys.join(", ")}, or count/<resource>` });
                } else if ((countQuotaKeys as readonly string[]).includes(key) || key.startsWith("count/")) {
                    if (!/^\d+$/.test(value)) {
                        ctx.addIssue({ code: "custom", path: [key], message: 'must be a whole number of objects, such as "20"' });
                    }
                } else if (!quantityPattern.test(value)) {
                    ctx.addIssue({ code: "custom", path: [key], message: "must be a Kubernetes quantity such as 500m, 2, 512Mi or 4Gi" });
                }
            }
        })
        .default({})
        .describe(
            `Quota overrides merged over the size class, e.g. { "limits.cpu": "10" }. Keys: ${quotaKeys.join(", ")}, count/<resource>. ` +
                "services.loadbalancers and services.nodeports are always 0 and cannot be overridden. Default: {}.",
        );
}

/** LimitRange overrides, merged over the size class. */
function limitOverrides() {
    return z
        .strictObject({
            default: cpuMemory.optional().describe("Default container limit. Default: the size class's."),
            defaultRequest: cpuMemory.optional().describe("Default container request. Default: the size class's."),
            max: cpuMemory.optional().describe("Largest container limit. Default: the size class's."),
        })
        .prefault({})
        .describe("Container LimitRange overrides merged over the size class. Default: {}.");
}

/** A DNS name used as a host suffix: lowercase labels, at least two, no wildcard. */
export function hostSuffix() {
    return z
        .string()
        .max(253, "must be at most 253 characters")
        .regex(
            /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
            "must be a lowercase DNS name such as payments.example.com (no wildcard: a suffix already covers every name under it)",
        );
}

/** Patterns of an allow-list: `*` matches any run of characters. */
function patterns(description: string, defaults: readonly string[]) {
    return z
        .array(z.string().min(1, "must not be empty"))
        .default([...defaults])
        .describe(`${description} \`*\` matches any run of characters. Default: ${defaults.length > 0 ? defaults.join(", ") : "none"}.`);
}

/**
 * What tenants may be granted in the cloud, by default: data-plane access to the services
 * applications use, never anything admin-equivalent. Stacks widen or narrow it under
 * `tenancy.permissions`; admin-equivalent grants are refused whatever it says.
 */
export const defaultTenantPermissions = {
    aws: {
        managedPolicyArns: ["arn:aws:iam::aws:policy/Amazon*ReadOnlyAccess"],
        actions: [
            "s3:GetObject*",
            "s3:PutObject*",
            "s3:DeleteObject*",
            "s3:ListBucket*",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
            "sqs:SendMessage*",
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage*",
            "sqs:ChangeMessageVisibility*",
            "sqs:GetQueue*",
            "sns:Publish",
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:Scan",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:DescribeTable",
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret",
            "kms:Decrypt",
            "kms:Encrypt",
            "kms:GenerateDataKey*",
            "kms:DescribeKey",
        ],
        resources: ["arn:*"],
    },
    azure: {
        roles: [
            "Storage Blob Data Reader",
            "Storage Blob Data Contributor",
            "Key Vault Secrets User",
            "Key Vault Crypto User",
            "AcrPull",
            "Monitoring Metrics Publisher",
        ],
        scopes: ["/subscriptions/*/resourceGroups/*"],
    },
    gcp: {
        roles: [
            "roles/storage.objectViewer",
            "roles/storage.objectCreator",
            "roles/storage.objectUser",
            "roles/pubsub.publisher",
            "roles/pubsub.subscriber",
            "roles/secretmanager.secretAccessor",
            "roles/cloudsql.client",
            "roles/cloudsql.instanceUser",
            "roles/datastore.user",
            "roles/bigquery.dataViewer",
            "roles/bigquery.jobUser",
            "roles/cloudtrace.agent",
            "roles/monitoring.metricWriter",
            "roles/logging.logWriter",
            "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            "roles/artifactregistry.reader",
        ],
        scopes: ["*"],
    },
} as const;

function tenantPermissionsSchema() {
    const d = defaultTenantPermissions;
    return z
        .strictObject({
            aws: z
                .strictObject({
                    managedPolicyArns: patterns("IAM managed policy ARNs tenants may attach.", d.aws.managedPolicyArns),
                    actions: patterns(
                        "IAM actions tenants' inline Allow statements may list (a requested wildcard must itself be covered, e.g. `s3:Get*` by `s3:Get*`).",
                        d.aws.actions,
                    ),
                    resources: patterns(
                        "Resource ARNs tenants' inline Allow statements may name (the default allows any ARN but never a bare `*`).",
                        d.aws.resources,
                    ),
                })
                .prefault({})
                .describe("AWS (IRSA / EKS Pod Identity roles of tenant service accounts)."),
            azure: z
                .strictObject({
                    roles: z
                        .array(z.string().min(1))
                        .default([...d.azure.roles])
                        .describe(`Role definitions tenants may be assigned, by built-in name or GUID. Default: ${d.azure.roles.join(", ")}.`),
                    scopes: patterns(
                        "Scopes tenants' role assignments may use (the default: a resource group or anything in one, never a subscription).",
                        d.azure.scopes,
                    ),
                })
                .prefault({})
                .describe("Azure (role assignments of tenant workload identities)."),
            gcp: z
                .strictObject({
                    roles: patterns("IAM roles tenants may be granted.", d.gcp.roles),
                    scopes: patterns("Where: `project` for a project-level grant, else the resource's name or id.", d.gcp.scopes),
                })
                .prefault({})
                .describe("GCP (roles of tenant Google service accounts)."),
        })
        .prefault({})
        .describe(
            "The cloud permissions tenants may ask for (`tenants[].serviceAccounts[].permissions`), per cloud. A tenant asking for anything outside them is rejected, naming the tenant and the permission; " +
                "admin-equivalent grants (AWS AdministratorAccess, PowerUserAccess, IAM escalation; GCP owner, editor, administrator roles at project level; Azure Owner, Contributor, User Access Administrator on a subscription or resource group) are refused whatever the list says.",
        );
}

/** Cloud permissions for a tenant service account, per cloud; each cluster's identity binder reads its own part. */
const cloudPermissions = z
    .strictObject({
        aws: z
            .strictObject({
                managedPolicyArns: z
                    .array(z.string().regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/, "must be an IAM policy ARN"))
                    .default([])
                    .describe("IAM managed policy ARNs attached to the role. Default: []."),
                statements: z
                    .array(
                        z.strictObject({
                            Effect: z.enum(["Allow", "Deny"]).describe("Allow or Deny."),
                            Action: z.array(z.string().min(1)).min(1).describe("IAM actions."),
                            Resource: z.array(z.string().min(1)).min(1).describe("Resource ARNs."),
                        }),
                    )
                    .default([])
                    .describe("Inline IAM policy statements. Default: []."),
            })
            .optional()
            .describe("AWS: what the IAM role may do (IRSA or EKS Pod Identity). Default: nothing."),
        azure: z
            .strictObject({
                roleAssignments: z
                    .array(
                        z.strictObject({ role: z.string().min(1).describe("Role definition name."), scope: z.string().min(1).describe("Scope resource id.") }),
                    )
                    .default([])
                    .describe("Role assignments of the managed identity. Default: []."),
            })
            .optional()
            .describe("Azure: role assignments of the workload identity. Default: nothing."),
        gcp: z
            .strictObject({
                roles: z
                    .array(
                        z.strictObject({
                            role: z.string().min(1).describe("IAM role, e.g. roles/storage.objectViewer."),
                            resource: z.string().min(1).optional().describe("Resource to grant on. Default: the project."),
                        }),
                    )
                    .default([])
                    .describe("IAM roles of the Google service account. Default: []."),
            })
            .optional()
            .describe("GCP: IAM roles of the Google service account (GKE Workload Identity). Default: nothing."),
    })
    .prefault({})
    .describe("Cloud permissions, per cloud; the stack's cloud reads its own part. Default: none.");

/** Container ports the ingress controller may reach in tenant namespaces, by default. */
export const defaultServicePorts: readonly number[] = [80, 443, 3000, 5000, 8000, 8080, 8443, 9000];
/** Container ports Prometheus may scrape in tenant namespaces, by default. */
export const defaultMetricsPorts: readonly number[] = [2112, 8080, 8081, 9090, 9091, 9102];

export function tenantSchema(_tier: Tier) {
    return z
        .strictObject({
            name: dnsLabel(40).describe(
                "Tenant name: its permanent identity, the prefix of its namespaces and of every resource of its bundle. " +
                    "Renaming a tenant would delete its namespaces (and every workload and volume in them), so it is refused: the namespaces are protected. " +
                    "To remove a tenant, set allowDeletion: true, run `pulumi up`, then delete the entry.",
            ),
            team: labelValue().optional().describe("Owning team, the `platform.io/team` label. Default: the tenant name."),
            size: z.enum(sizeClasses).default("small").describe("Size class for quota and limit range: small | medium | large. Default: small."),
            namespaces: z
                .array(
                    z.union([
                        dnsLabel(63),
                        z.strictObject({
                            name: dnsLabel(63).describe("Namespace name: the tenant name, or the tenant name followed by '-' and a suffix."),
                            env: labelValue().optional().describe("The `platform.io/env` label. Default: the stack's environment."),
                        }),
                    ]),
                )
                .min(1, "a tenant needs at least one namespace")
                .optional()
                .describe(
                    "The tenant's namespaces: each the tenant name or `<name>-<suffix>`, as a string or { name, env }. Default: one namespace named after the tenant.",
                ),
            groups: z
                .strictObject({
                    admin: z
                        .array(groupName())
                        .default([])
                        .describe("Groups with the tenant-admin role (edit + manage roles and bindings inside the namespaces). Default: []."),
                    edit: z.array(groupName()).default([]).describe("Groups with the tenant-edit role (deploy and operate workloads). Default: []."),
                    view: z.array(groupName()).default([]).describe("Groups with the tenant-view role (read, no secrets). Default: []."),
                })
                .prefault({})
                .describe("Identity groups per persona. Default: none (no binding is created for an empty persona)."),
            quota: quotaOverrides(),
            limits: limitOverrides(),
            egress: z
                .array(
                    z.strictObject({
                        cidr: cidr().describe("Destination network."),
                        ports: z
                            .array(
                                z.strictObject({
                                    port: z.number().int().min(1).max(65535).describe("Port."),
                                    protocol: z.enum(["TCP", "UDP"]).default("TCP").describe("Protocol. Default: TCP."),
                                }),
                            )
                            .default([])
                            .describe("Ports; empty means every port. Default: []."),
                    }),
                )
                .default([])
                .describe("Extra egress the tenant's pods may open (databases, partner APIs), beyond DNS and their own namespace. Default: none."),
            hosts: z
                .array(hostSuffix())
                .min(1, "list at least one host suffix, or leave hosts out for the default")
                .optional()
                .describe(
                    "Host names the tenant may serve and get certificates for, as suffixes: `payments.example.com` allows that name and every name under it. " +
                        "Enforced at admission on Ingresses, HTTPRoutes and Certificates in the tenant's namespaces. " +
                        "Default: `<name>.<tenancy.domain>` when a domain is known (tenancy.domain, else the first dns.zones domain); otherwise none (the tenant serves no host until it lists some).",
                ),
            imagePullSecrets: z
                .array(dnsLabel(63))
                .default([])
                .describe(
                    "Names of registry credentials from `platform:tenancy.registryCredentials` to create as pull secrets in each namespace. Default: [].",
                ),
            deploy: z
                .strictObject({
                    enabled: z
                        .boolean()
                        .default(true)
                        .describe("Create the `deploy` service account for the tenant's CI, with a namespaced deploy role. Default: true."),
                })
                .prefault({})
                .describe("The tenant's CI identity."),
            serviceAccounts: z
                .array(
                    z.strictObject({
                        name: dnsLabel(63)
                            .refine((n) => n !== "deploy" && n !== "default", { message: "'deploy' and 'default' are managed by the platform" })
                            .describe("Service account name."),
                        namespace: dnsLabel(63).optional().describe("One of the tenant's namespaces. Default: the first."),
                        permissions: cloudPermissions,
                    }),
                )
                .default([])
                .describe(
                    "Service accounts for the tenant's workloads, bound to cloud identities through the cluster's identity binder. They carry the tenant's pull secrets. Default: [].",
                ),
            allowDeletion: z
                .boolean()
                .default(false)
                .describe("Lift the protection of the tenant's namespaces so that removing the tenant (in a later run) deletes them. Default: false."),
        })
        .superRefine((t, ctx) => {
            const names = new Set<string>();
            (t.namespaces ?? []).forEach((entry, i) => {
                const ns = typeof entry === "string" ? entry : entry.name;
                if (ns !== t.name && !ns.startsWith(`${t.name}-`)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["namespaces", i],
                        message: `'${ns}' must be '${t.name}' or start with '${t.name}-', so a namespace's owner is plain from its name`,
                    });
                }
                if (names.has(ns)) {
                    ctx.addIssue({ code: "custom", path: ["namespaces", i], message: `'${ns}' is listed twice` });
                }
                names.add(ns);
            });
            const all = names.size > 0 ? names : new Set([t.name]);
            const accounts = new Set<string>();
            t.serviceAccounts.forEach((sa, i) => {
                if (sa.namespace !== undefined && !all.has(sa.namespace)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["serviceAccounts", i, "namespace"],
                        message: `'${sa.namespace}' is not one of the tenant's namespaces (${[...all].join(", ")})`,
                    });
                }
                const key = `${sa.namespace ?? [...all][0]}/${sa.name}`;
                if (accounts.has(key)) {
                    ctx.addIssue({ code: "custom", path: ["serviceAccounts", i, "name"], message: `service account '${key}' is declared twice` });
                }
                accounts.add(key);
            });
        })
        .describe("One tenant.");
}

export function tenantsSchema(tier: Tier) {
    return z.array(tenantSchema(tier)).default([]).describe("The tenants declared in the stack file (more may come from tenancy.directory). Default: none.");
}

/** A size class adjusted for the whole stack. */
const sizeOverride = z
    .strictObject({
        quota: quotaOverrides(),
        limits: limitOverrides(),
    })
    .optional()
    .describe("Adjustments to this size class for every tenant of the stack. Default: none.");

export function tenancySchema(_tier: Tier) {
    return z
        .strictObject({
            directory: z
                .string()
                .min(1)
                .optional()
                .describe(
                    "Folder of tenant files, one YAML per tenant (`<name>.yaml`), relative to the project root: a pull request per new tenant. Default: none.",
                ),
            registryCredentials: z
                .record(
                    dnsLabel(63),
                    z.strictObject({
                        server: z
                            .string()
                            .regex(/^[a-z0-9.-]+(:\d+)?(\/[^\s]*)?$/i, "must be a registry host such as ghcr.io or registry.example.com:5000")
                            .describe("Registry host."),
                        username: z.string().min(1).describe("User name."),
                        password: secret().describe("Password or token (a secret: `pulumi config set --secret`)."),
                    }),
                )
                .default({})
                .describe("Registry credentials tenants may reference by name in imagePullSecrets; the password is a secret. Default: {}."),
            sizes: z
                .strictObject({ small: sizeOverride, medium: sizeOverride, large: sizeOverride })
                .prefault({})
                .describe("Stack-wide adjustments to the size classes (merged over the built-in table, under per-tenant overrides). Default: {}."),
            reservedNames: z.array(dnsLabel(63)).default([]).describe("More namespace names no tenant may take, beyond the built-in list. Default: []."),
            permissions: tenantPermissionsSchema(),
            domain: hostSuffix()
                .optional()
                .describe(
                    "Parent domain of tenant hosts: a tenant that lists no hosts may serve `<tenant>.<domain>` and names under it. Default: the first dns.zones domain, when there is one.",
                ),
            network: z
                .strictObject({
                    servicePorts: z
                        .array(z.number().int().min(1).max(65535))
                        .min(1)
                        .default([...defaultServicePorts])
                        .describe(
                            `Container ports the ingress controller may reach in tenant namespaces (their backends), besides cert-manager's HTTP-01 solver. Default: ${defaultServicePorts.join(", ")}.`,
                        ),
                    metricsPorts: z
                        .array(z.number().int().min(1).max(65535))
                        .min(1)
                        .default([...defaultMetricsPorts])
                        .describe(`Container ports Prometheus may scrape in tenant namespaces. Default: ${defaultMetricsPorts.join(", ")}.`),
                })
                .prefault({})
                .describe("The ports platform services reach in tenant namespaces (the platform's egress rules name these, never every port)."),
        })
        .prefault({})
        .describe("Settings shared by all tenants.");
}

export type TenantConfig = z.output<ReturnType<typeof tenantSchema>>;
export type TenancyConfig = z.output<ReturnType<typeof tenancySchema>>;

/** The namespaces of a parsed tenant, with their env label (default: the stack's environment). */
export function tenantNamespaces(tenant: TenantConfig, environment: string): { name: string; env: string }[] {
    const entries = tenant.namespaces ?? [tenant.name];
    return entries.map((e) => (typeof e === "string" ? { name: e, env: environment } : { name: e.name, env: e.env ?? environment }));
}

/**
 * Checks across tenants, run on the whole stack: names and namespaces unique, nothing reserved,
 * pull secrets naming credentials that exist. Each problem names the entry (`tenants[3].name`).
 */
export function checkTenants(stack: { tenants: TenantConfig[]; tenancy: TenancyConfig; environment: string }, ctx: z.RefinementCtx): void {
    const tenantByName = new Map<string, number>();
    const namespaceOwner = new Map<string, string>();
    const credentials = Object.keys(stack.tenancy.registryCredentials);
    stack.tenants.forEach((t, i) => {
        const at = (...rest: (string | number)[]) => ["tenants", i, ...rest];
        const first = tenantByName.get(t.name);
        if (first !== undefined) {
            ctx.addIssue({ code: "custom", path: at("name"), message: `'${t.name}' is already the name of tenants[${first}]; tenant names must be unique` });
        } else {
            tenantByName.set(t.name, i);
        }
        const reserved = reservedReason(t.name, stack.tenancy.reservedNames);
        if (reserved) {
            ctx.addIssue({ code: "custom", path: at("name"), message: reserved });
        }
        const explicit = t.namespaces !== undefined;
        tenantNamespaces(t, stack.environment).forEach((ns, j) => {
            const path = explicit ? at("namespaces", j) : at("name");
            const owner = namespaceOwner.get(ns.name);
            if (owner !== undefined && first === undefined) {
                ctx.addIssue({ code: "custom", path, message: `namespace '${ns.name}' is already a namespace of ${owner}` });
            } else if (owner === undefined) {
                namespaceOwner.set(ns.name, `tenants[${i}]`);
            }
            const why = ns.name === t.name ? undefined : reservedReason(ns.name, stack.tenancy.reservedNames);
            if (why) {
                ctx.addIssue({ code: "custom", path, message: why });
            }
        });
        for (const p of limitProblems(resolveSize(t.size, stack.tenancy.sizes[t.size], t).limits)) {
            ctx.addIssue({ code: "custom", path: at(...p.path), message: `${p.message} (after the ${t.size} class and tenancy.sizes.${t.size} are applied)` });
        }
        t.imagePullSecrets.forEach((name, j) => {
            if (!credentials.includes(name)) {
                ctx.addIssue({
                    code: "custom",
                    path: at("imagePullSecrets", j),
                    message: `no registry credential '${name}' in tenancy.registryCredentials${credentials.length > 0 ? ` (known: ${credentials.join(", ")})` : ""}`,
                });
            }
        });
    });
}
