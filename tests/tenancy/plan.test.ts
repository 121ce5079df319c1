import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "../../modules/config";
import type { IdentityBinder, IdentityRequest } from "../../modules/cluster/contract";
import { evaluateProgram, RecordedResource } from "../../modules/plan";
import { buildTenantBundle, Tenant } from "../../modules/tenancy";
import { localConfig, planConfig, PlanResult, rawConfig, TestConfig, withAlertReceiver } from "../harness";
import { namespacedOnlyProblems } from "./rules";

const tenantType = "platform:tenancy:Tenant";
const kinds = {
    namespace: "kubernetes:core/v1:Namespace",
    quota: "kubernetes:core/v1:ResourceQuota",
    limits: "kubernetes:core/v1:LimitRange",
    policy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    binding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    secret: "kubernetes:core/v1:Secret",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
};

/** Three tenants of different sizes, exercising every part of the bundle. */
export const threeTenants: TestConfig[] = [
    {
        name: "payments",
        size: "medium",
        namespaces: ["payments", "payments-jobs"],
        groups: { admin: ["payments-admins"], edit: ["payments-devs"] },
        imagePullSecrets: ["ghcr"],
        egress: [{ cidr: "10.20.0.0/24", ports: [{ port: 5432 }] }],
        serviceAccounts: [
            {
                name: "ledger",
                permissions: {
                    aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] },
                    azure: { roleAssignments: [{ role: "Storage Blob Data Reader", scope: "/subscriptions/x/resourceGroups/payments" }] },
                    gcp: { roles: [{ role: "roles/storage.objectViewer" }] },
                },
            },
        ],
    },
    { name: "storefront", size: "large", groups: { view: ["support"] } },
    { name: "analytics", size: "small" },
];

const registry = { registryCredentials: { ghcr: { server: "ghcr.io", username: "ci-bot", password: "s3cret-registry-token" } } };

function metadata(r: RecordedResource): { name?: string; namespace?: string; annotations?: Record<string, string> } {
    return (r.props.metadata ?? {}) as { name?: string; namespace?: string };
}

/** Tenant-owned resources in a plan: children of Tenant components. */
function tenantResources(plan: PlanResult): RecordedResource[] {
    const tenants = new Set(plan.ofType(tenantType).map((t) => t.urn));
    return plan.resources.filter((r) => tenants.has(r.parent));
}

describe("tenancy in the plan", () => {
    let plan: PlanResult;
    before(async () => {
        plan = await planConfig(localConfig({ tenants: threeTenants, tenancy: registry }), { secretSections: ["tenancy"] });
    });

    it("plans three tenants of different sizes with no mandatory policy violation", () => {
        expect(plan.ofType(tenantType).map((t) => t.name)).to.have.members(["payments", "storefront", "analytics"]);
        expect(plan.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
    });

    it("every tenant namespace has a default-deny policy, a resource quota and a limit range in it", () => {
        const namespaces = tenantResources(plan).filter((r) => r.type === kinds.namespace);
        expect(namespaces.map((n) => metadata(n).name)).to.have.members(["payments", "payments-jobs", "storefront", "analytics"]);
        for (const ns of namespaces.map((n) => metadata(n).name)) {
            const inside = (type: string) => plan.ofType(type).filter((r) => metadata(r).namespace === ns);
            const deny = inside(kinds.policy).filter((p) => metadata(p).name === "default-deny");
            expect(deny.length, `${ns} default-deny`).to.equal(1);
            expect(deny[0].props.spec).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
            expect(inside(kinds.quota).length, `${ns} quota`).to.equal(1);
            expect(inside(kinds.limits).length, `${ns} limit range`).to.equal(1);
        }
    });

    it("no tenant namespace allows a LoadBalancer or NodePort service", () => {
        const quotas = tenantResources(plan).filter((r) => r.type === kinds.quota);
        expect(quotas.length).to.equal(4);
        for (const q of quotas) {
            expect((q.props.spec as { hard: Record<string, string> }).hard).to.include({ "services.loadbalancers": "0", "services.nodeports": "0" });
        }
    });

    it("a tenant's roles never grant cluster-scoped rights: only RoleBindings in its own namespaces, to its own Roles or the platform's tenant persona ClusterRoles, whose rules stay inside a namespace", () => {
        const owned = tenantResources(plan);
        expect(
            owned.filter((r) => /ClusterRole/.test(r.type)).map((r) => r.name),
            "no ClusterRole or ClusterRoleBinding is a tenant's",
        ).to.deep.equal([]);
        const tenantNamespaces = new Set(owned.filter((r) => r.type === kinds.namespace).map((n) => metadata(n).name));
        const bindings = owned.filter((r) => r.type === kinds.binding);
        expect(bindings.length).to.be.greaterThan(0);
        const clusterRoles = new Map(plan.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole").map((r) => [metadata(r).name, r]));
        for (const b of bindings) {
            expect(tenantNamespaces.has(metadata(b).namespace), b.name).to.equal(true);
            const ref = b.props.roleRef as { kind: string; name: string };
            if (ref.kind === "ClusterRole") {
                expect(ref.name, b.name).to.match(/^platform-tenant-(admin|edit|view)$/);
                const role = clusterRoles.get(ref.name);
                expect(role, `${ref.name} exists in the stack`).to.not.equal(undefined);
                expect(namespacedOnlyProblems((role?.props.rules ?? []) as object[]), ref.name).to.deep.equal([]);
            } else {
                expect(ref.kind, b.name).to.equal("Role");
            }
        }
        for (const r of owned.filter((x) => x.type === kinds.role)) {
            expect(tenantNamespaces.has(metadata(r).namespace), r.name).to.equal(true);
            expect(namespacedOnlyProblems((r.props.rules ?? []) as object[]), r.name).to.deep.equal([]);
        }
    });

    it("with platform RBAC off, each tenant namespace gets its own persona Roles instead", async () => {
        const own = await planConfig(localConfig({ rbac: { enabled: false }, tenants: [{ name: "shop", groups: { edit: ["devs"] } }] }));
        const bindings = tenantResources(own).filter((r) => r.type === kinds.binding);
        expect(bindings.map((b) => (b.props.roleRef as { kind: string }).kind)).to.deep.equal(["Role", "Role"]);
        expect(tenantResources(own).filter((r) => r.type === kinds.role).length).to.equal(2);
    });

    it("tenant namespaces are protected, so a rename or removal is refused instead of deleting data", () => {
        for (const ns of tenantResources(plan).filter((r) => r.type === kinds.namespace)) {
            expect(ns.protect, ns.name).to.equal(true);
        }
    });

    it("pull secrets are dockerconfigjson Secrets whose content never appears in plain text", () => {
        const secrets = tenantResources(plan).filter((r) => r.type === kinds.secret);
        expect(secrets.map((s) => `${metadata(s).namespace}/${metadata(s).name}`)).to.have.members(["payments/ghcr", "payments-jobs/ghcr"]);
        for (const s of secrets) {
            expect(s.props.type).to.equal("kubernetes.io/dockerconfigjson");
            expect(JSON.stringify(s.inputs)).not.to.contain("s3cret-registry-token");
        }
        expect(JSON.stringify(plan.resources.map((r) => r.inputs))).not.to.contain("s3cret-registry-token");
    });

    it("removing the protection is an explicit per-tenant flag", async () => {
        const lifted = await planConfig(localConfig({ tenants: [{ name: "leaving", allowDeletion: true }, { name: "staying" }] }));
        const protectedBy = Object.fromEntries(
            tenantResources(lifted)
                .filter((r) => r.type === kinds.namespace)
                .map((n) => [metadata(n).name, n.protect]),
        );
        expect(protectedBy).to.deep.equal({ leaving: false, staying: true });
    });

    for (const controller of ["nginx", "contour"]) {
        it(`with ${controller}, every tenant namespace admits traffic from the controller's data plane, in the namespace the ingress add-on created`, async () => {
            const withController = await planConfig(localConfig({ tenants: [{ name: "shop" }], ingress: { controller } }));
            const ingressNamespaces = withController
                .ofType(kinds.namespace)
                .filter((n) => !tenantResources(withController).includes(n))
                .map((n) => metadata(n).name)
                .filter((n) => n === "ingress-nginx" || n === "projectcontour");
            expect(ingressNamespaces.length, "the controller's namespace").to.equal(1);
            const allow = withController.ofType(kinds.policy).find((p) => metadata(p).namespace === "shop" && metadata(p).name === "allow-from-ingress");
            const from = (allow?.props.spec as { ingress: { from: { namespaceSelector: { matchLabels: Record<string, string> }; podSelector?: unknown }[] }[] })
                .ingress[0].from[0];
            expect(from.namespaceSelector.matchLabels).to.deep.equal({ "kubernetes.io/metadata.name": ingressNamespaces[0] });
            expect(from.podSelector, "only the data plane pods").to.not.equal(undefined);
        });
    }

    it("every tenant namespace admits Prometheus scraping from the namespace the observability add-on created", () => {
        // The observability add-on's restricted namespace (its node agents live in a separate, privileged one).
        const monitoringNamespaces = plan
            .ofType(kinds.namespace)
            .filter((n) => {
                const labels = (metadata(n) as { labels?: Record<string, string> }).labels ?? {};
                return labels["platform.io/component"] === "monitoring" && labels["pod-security.kubernetes.io/enforce"] === "restricted";
            })
            .map((n) => metadata(n).name);
        expect(monitoringNamespaces.length, "the observability add-on's monitoring namespace").to.equal(1);
        const monitoring = monitoringNamespaces[0];
        for (const ns of tenantResources(plan)
            .filter((r) => r.type === kinds.namespace)
            .map((n) => metadata(n).name)) {
            const allow = plan.ofType(kinds.policy).find((p) => metadata(p).namespace === ns && metadata(p).name === "allow-from-prometheus");
            expect(JSON.stringify(allow?.props.spec), ns).to.contain(`"kubernetes.io/metadata.name":"${String(monitoring)}"`);
        }
    });

    it("tenants from the shipped local stack's tenants/ folder plan", async () => {
        const { planShippedStack } = await import("../harness");
        const local = await planShippedStack("local");
        expect(local.ofType(tenantType).length).to.be.greaterThan(2);
        expect(local.mandatoryViolations).to.deep.equal([]);
    });
});

describe("tenant workload identity", () => {
    it("binds each workload service account that declares permissions through the cluster's identity binder, scoped to exactly that account", async () => {
        const requests: IdentityRequest[] = [];
        const binder: IdentityBinder = {
            mechanism: "irsa",
            bind(request) {
                requests.push(request);
                return {
                    serviceAccountAnnotations: pulumi.output<Record<string, string>>({
                        "eks.amazonaws.com/role-arn": `arn:aws:iam::123456789012:role/${request.name}`,
                    }),
                    podLabels: {},
                    principal: pulumi.output(`arn:aws:iam::123456789012:role/${request.name}`),
                    resources: [],
                };
            },
        };
        const raw = rawConfig(localConfig({ tenants: threeTenants, tenancy: registry }), { secretSections: ["tenancy"] });
        const config = parseStackConfig(raw);
        const run = await evaluateProgram(raw, async () => {
            const t = config.tenants[0];
            const bundle = buildTenantBundle(t, { environment: config.environment, tenancy: config.tenancy, sources: {} });
            new Tenant(t.name, { bundle, pullSecrets: { ghcr: pulumi.secret("{}") }, identity: binder });
            return {};
        });
        expect(requests.map((r) => [r.namespace, r.serviceAccount, r.name])).to.deep.equal([["payments", "ledger", "payments-ledger"]]);
        expect(requests[0].permissions.aws?.managedPolicyArns).to.deep.equal(["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]);
        const accounts = run.resources.filter((r) => r.type === kinds.serviceAccount);
        const ledger = accounts.find((a) => metadata(a).name === "ledger");
        expect(ledger && metadata(ledger).annotations).to.deep.equal({ "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/payments-ledger" });
        const deploy = accounts.find((a) => metadata(a).name === "deploy");
        expect(deploy && metadata(deploy).annotations, "the deploy account has no cloud identity").to.equal(undefined);
        expect(deploy?.props.automountServiceAccountToken).to.equal(false);
    });
});

describe("tenant roles bound to the platform's persona ClusterRoles", () => {
    it("creates only namespaced RoleBindings to the given ClusterRoles: no Role, no ClusterRoleBinding, nothing else bound", async () => {
        const raw = rawConfig(localConfig({ tenants: [threeTenants[1], { name: "ops", groups: { admin: ["ops-leads"], edit: ["ops"], view: ["audit"] } }] }));
        const config = parseStackConfig(raw);
        const personaRoles = { admin: "platform-tenant-admin", edit: "platform-tenant-edit", view: "platform-tenant-view" };
        const run = await evaluateProgram(raw, async () => {
            for (const t of config.tenants) {
                const bundle = buildTenantBundle(t, { environment: config.environment, tenancy: config.tenancy, sources: {}, personaRoles });
                new Tenant(t.name, {
                    bundle,
                    pullSecrets: {},
                    identity: {
                        mechanism: "none",
                        bind: () => ({ serviceAccountAnnotations: pulumi.output<Record<string, string>>({}), podLabels: {}, resources: [] }),
                    },
                });
            }
            return {};
        });
        const types = new Set(run.resources.map((r) => r.type));
        expect([...types].filter((t) => /Role$|ClusterRoleBinding/.test(t) && t !== kinds.binding)).to.deep.equal([]);
        const bindings = run.resources.filter((r) => r.type === kinds.binding);
        expect(bindings.length).to.equal(2 + 4); // storefront: view + deploy; ops: admin, edit, view, deploy
        for (const b of bindings) {
            const ref = b.props.roleRef as { kind: string; name: string };
            expect(ref.kind, b.name).to.equal("ClusterRole");
            expect(Object.values(personaRoles), b.name).to.include(ref.name);
            expect(metadata(b).namespace, b.name).to.be.oneOf(["storefront", "ops"]);
        }
    });
});

/** Minimal cluster configs per cloud (prod: private endpoints need no CIDRs). */
const clouds: Record<string, TestConfig> = {
    existing: localConfig({ environment: "prod" }).cluster as TestConfig, // no object storage: long-term metrics off below
    aws: { cloud: "aws", name: "shape", region: "eu-west-1" },
    azure: { cloud: "azure", name: "shape", region: "westeurope" },
    gcp: { cloud: "gcp", name: "shape", region: "europe-west1", project: "shape-project" },
};

/** The Kubernetes side of every tenant: type, name and inputs, minus the cloud-specific identity annotations. */
function bundleShape(plan: PlanResult): string[] {
    return tenantResources(plan)
        .filter((r) => r.type.startsWith("kubernetes:"))
        .map((r) => {
            const { annotations: _cloudSpecific, ...meta } = metadata(r) as Record<string, unknown>;
            return JSON.stringify({ type: r.type, name: r.name, props: { ...r.props, metadata: meta } });
        })
        .sort();
}

describe("the same tenant bundle on every cloud", () => {
    let reference: string[];
    for (const [cloud, cluster] of Object.entries(clouds)) {
        it(`${cloud}: three tenants of different sizes plan cleanly with the same bundle as every other cloud`, async () => {
            const noObjectStore = cloud === "existing" ? { observability: { longTerm: { enabled: false } } } : {};
            // Prod runs the maintained ingress controller (the retired one is a mandatory violation there).
            const plan = await planConfig(
                withAlertReceiver({
                    environment: "prod",
                    cluster,
                    ingress: { controller: "envoyGateway" },
                    tenants: threeTenants,
                    tenancy: registry,
                    ...noObjectStore,
                }),
                { secretSections: ["tenancy"] },
            );
            expect(plan.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
            const shape = bundleShape(plan);
            expect(shape.length).to.be.greaterThan(30);
            reference ??= shape;
            expect(shape).to.deep.equal(reference);
        });
    }
});
