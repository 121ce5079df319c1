import { expect } from "chai";
import { parseStackConfig } from "../../modules/config";
import { resolveSize, sizeClasses, sizeTable, parseQuantity } from "../../modules/config/sections/tenant-sizes";
import { assertUniqueNames, buildTenantBundle, TenantBundle } from "../../modules/tenancy/bundle";
import { tenantNamespaceIssues } from "../../modules/tenancy";
import { personaRules, Persona } from "../../modules/addons/security/rbac/personas";
import type { TrafficSources } from "../../modules/tenancy/network";
import { localConfig, rawConfig, rejectionOf, TestConfig } from "../harness";
import { clusterScoped, namespacedOnlyProblems } from "./rules";

const ingressNginx: TrafficSources = {
    ingress: { namespaceName: "ingress-nginx", podLabels: { "app.kubernetes.io/name": "ingress-nginx" } },
    monitoring: { namespaceName: "monitoring" },
};
const contour: TrafficSources = {
    ingress: { namespaceName: "projectcontour", podLabels: { "app.kubernetes.io/component": "envoy" } },
    monitoring: { namespaceName: "monitoring" },
};

function bundles(tenants: TestConfig[], sources: TrafficSources = ingressNginx, extra: TestConfig = {}): TenantBundle[] {
    const config = parseStackConfig(rawConfig(localConfig({ tenants, ...extra }), { secretSections: ["tenancy"] }));
    return config.tenants.map((t) => buildTenantBundle(t, { environment: config.environment, tenancy: config.tenancy, sources }));
}

const everyKind: TestConfig[] = [
    { name: "small", size: "small", groups: { admin: ["a"], edit: ["e"], view: ["v"] } },
    { name: "medium", size: "medium", namespaces: ["medium", "medium-jobs"], quota: { pods: "500", "limits.cpu": "100" }, egress: [{ cidr: "10.0.0.0/24" }] },
    { name: "large", size: "large", deploy: { enabled: false }, groups: { edit: ["dev"] } },
];

describe("tenant bundle (pure)", () => {
    it("every tenant namespace gets a default-deny policy for ingress and egress, a quota and a limit range", () => {
        for (const bundle of bundles(everyKind)) {
            for (const ns of bundle.namespaces) {
                const deny = ns.networkPolicies.find((p) => p.name === "default-deny");
                expect(deny, `${ns.name} default-deny`).to.not.equal(undefined);
                expect(deny?.spec).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
                expect(Object.keys(ns.quota).length, `${ns.name} quota`).to.be.greaterThan(2);
                expect(ns.limits.find((l) => l.type === "Container")?.default, `${ns.name} container defaults`).to.have.keys("cpu", "memory");
            }
        }
    });

    it("no tenant can create LoadBalancer or NodePort services, whatever its size or overrides", () => {
        const all = bundles([...everyKind, { name: "big", size: "large", quota: { services: "999" } }], ingressNginx, {
            tenancy: { sizes: { large: { quota: { services: "1000" } } } },
        });
        for (const ns of all.flatMap((b) => b.namespaces)) {
            expect(ns.quota["services.loadbalancers"], ns.name).to.equal("0");
            expect(ns.quota["services.nodeports"], ns.name).to.equal("0");
        }
    });

    it("a tenant's roles never grant cluster-scoped rights, wildcards or privilege escalation", () => {
        const roles = bundles(everyKind).flatMap((b) => b.namespaces.flatMap((ns) => ns.roles));
        expect(roles.map((r) => r.persona)).to.include.members(["admin", "edit", "view", "deploy"]);
        for (const persona of ["admin", "edit", "view", "deploy"] as Persona[]) {
            expect(namespacedOnlyProblems(personaRules(persona)), persona).to.deep.equal([]);
        }
        expect(clusterScoped).to.include("namespaces");
    });

    it("tenants can read but never change their own guard rails (quota, limit range, network policies)", () => {
        for (const persona of ["admin", "edit", "view", "deploy"] as Persona[]) {
            const writes = personaRules(persona)
                .filter((r) => (r.verbs as string[]).some((v) => !["get", "list", "watch"].includes(v)))
                .flatMap((r) => r.resources as string[]);
            expect(writes, persona).not.to.include.members(["resourcequotas"]);
            expect(
                writes.filter((r) => ["resourcequotas", "limitranges", "networkpolicies"].includes(r)),
                persona,
            ).to.deep.equal([]);
        }
    });

    it("viewers cannot read secrets; only admins may exec into pods", () => {
        const mentions = (p: Persona, resource: string) => personaRules(p).some((r) => (r.resources as string[]).includes(resource));
        expect(mentions("view", "secrets")).to.equal(false);
        expect(["admin", "edit", "view", "deploy"].filter((p) => mentions(p as Persona, "pods/exec"))).to.deep.equal(["admin"]);
    });

    it("role bindings bind only identity groups (and the tenant's own deploy account) to the namespace's own Role", () => {
        for (const bundle of bundles(everyKind)) {
            for (const ns of bundle.namespaces) {
                for (const role of ns.roles) {
                    for (const s of role.subjects) {
                        if (role.persona === "deploy") {
                            expect(s).to.deep.equal({ kind: "ServiceAccount", name: "deploy", namespace: bundle.namespaces[0].name });
                        } else {
                            expect(s.kind).to.equal("Group");
                        }
                    }
                }
            }
        }
    });

    it("with the platform's persona ClusterRoles, each persona is a RoleBinding to them (deploy binds edit) and no Role is created", () => {
        const config = parseStackConfig(rawConfig(localConfig({ tenants: [everyKind[0]] })));
        const personaRoles = { admin: "platform-tenant-admin", edit: "platform-tenant-edit", view: "platform-tenant-view" };
        const b = buildTenantBundle(config.tenants[0], { environment: "dev", tenancy: config.tenancy, sources: {}, personaRoles });
        expect(b.namespaces[0].roles.map((r) => [r.persona, r.clusterRole, r.rules])).to.deep.equal([
            ["admin", "platform-tenant-admin", undefined],
            ["edit", "platform-tenant-edit", undefined],
            ["view", "platform-tenant-view", undefined],
            ["deploy", "platform-tenant-edit", undefined],
        ]);
    });

    it("a persona without groups gets no role or binding", () => {
        const [large] = bundles([everyKind[2]]);
        expect(large.namespaces[0].roles.map((r) => r.persona)).to.deep.equal(["edit"]);
    });

    it("namespaces carry tenant, team and env labels and enforce, audit and warn the restricted profile at a pinned version", () => {
        const [b] = bundles([{ name: "shop", team: "web", namespaces: ["shop", { name: "shop-dev", env: "dev" }] }], ingressNginx, { environment: "prod" });
        const [prod, dev] = b.namespaces;
        expect(prod.labels).to.include({ "platform.io/tenant": "shop", "platform.io/team": "web", "platform.io/env": "prod" });
        expect(dev.labels["platform.io/env"]).to.equal("dev");
        for (const mode of ["enforce", "audit", "warn"]) {
            expect(prod.labels[`pod-security.kubernetes.io/${mode}`]).to.equal("restricted");
            expect(prod.labels[`pod-security.kubernetes.io/${mode}-version`]).to.match(/^v1\.\d+$/);
        }
    });

    it("size classes grow monotonically, and overrides apply in order: class, then stack-wide, then tenant", () => {
        for (const key of Object.keys(sizeTable.small.quota)) {
            const [s, m, l] = sizeClasses.map((c) => parseQuantity(sizeTable[c].quota[key]) ?? NaN);
            expect(s <= m && m <= l, key).to.equal(true);
        }
        const figures = resolveSize("medium", { quota: { pods: "60", services: "30" } }, { quota: { pods: "70" }, limits: { max: { cpu: "6" } } });
        expect(figures.quota).to.include({ pods: "70", services: "30", "requests.cpu": "8" });
        expect(figures.limits.max).to.deep.equal({ cpu: "6", memory: "8Gi" });
    });

    it("network policies allow DNS, the namespace itself, the ingress controller and Prometheus — and have the same shape for ingress-nginx and Contour", () => {
        const [withNginx] = bundles([{ name: "shop" }], ingressNginx);
        const [withContour] = bundles([{ name: "shop" }], contour);
        const names = (b: TenantBundle) => b.namespaces[0].networkPolicies.map((p) => p.name);
        expect(names(withNginx)).to.deep.equal(["default-deny", "allow-dns", "allow-same-namespace", "allow-from-ingress", "allow-from-prometheus"]);
        expect(names(withContour)).to.deep.equal(names(withNginx));
        const fromIngress = (b: TenantBundle) => b.namespaces[0].networkPolicies.find((p) => p.name === "allow-from-ingress")?.spec;
        expect(JSON.stringify(fromIngress(withContour))).to.contain('"kubernetes.io/metadata.name":"projectcontour"');
        expect(JSON.stringify(fromIngress(withNginx))).to.contain('"kubernetes.io/metadata.name":"ingress-nginx"');
        const dns = withNginx.namespaces[0].networkPolicies.find((p) => p.name === "allow-dns")?.spec;
        expect(dns?.policyTypes).to.deep.equal(["Egress"]);
        expect(JSON.stringify(dns)).to.contain('"port":53');
    });

    it("without an ingress controller or Prometheus there is nothing to allow from them", () => {
        const [b] = bundles([{ name: "shop" }], {});
        expect(b.namespaces[0].networkPolicies.map((p) => p.name)).to.deep.equal(["default-deny", "allow-dns", "allow-same-namespace"]);
    });

    it("declared egress CIDRs become one egress policy with their ports", () => {
        const [b] = bundles([{ name: "shop", egress: [{ cidr: "10.20.0.0/24", ports: [{ port: 5432 }] }, { cidr: "192.168.0.0/16" }] }]);
        const egress = b.namespaces[0].networkPolicies.find((p) => p.name === "allow-egress")?.spec;
        expect(egress).to.deep.equal({
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                { to: [{ ipBlock: { cidr: "10.20.0.0/24" } }], ports: [{ protocol: "TCP", port: 5432 }] },
                { to: [{ ipBlock: { cidr: "192.168.0.0/16" } }] },
            ],
        });
    });

    it("namespaces are protected unless the tenant explicitly allows deletion", () => {
        const [kept, leaving] = bundles([{ name: "kept" }, { name: "leaving", allowDeletion: true }]);
        expect(kept.protect).to.equal(true);
        expect(leaving.protect).to.equal(false);
    });

    it("workload service accounts carry the tenant's pull secrets and only the permissions they declare", () => {
        const [b] = bundles(
            [
                {
                    name: "shop",
                    imagePullSecrets: ["ghcr"],
                    serviceAccounts: [{ name: "api", permissions: { gcp: { roles: [{ role: "roles/storage.objectViewer" }] } } }, { name: "worker" }],
                },
            ],
            ingressNginx,
            {
                tenancy: { registryCredentials: { ghcr: { server: "ghcr.io", username: "bot", password: "x" } } },
            },
        );
        const byName = Object.fromEntries(b.serviceAccounts.map((sa) => [sa.name, sa]));
        expect(byName.api.imagePullSecrets).to.deep.equal(["ghcr"]);
        expect(byName.api.permissions).to.deep.equal({ gcp: { roles: [{ role: "roles/storage.objectViewer" }] } });
        expect(byName.worker.permissions).to.equal(undefined);
        expect(byName.deploy.imagePullSecrets).to.deep.equal([]);
    });

    it("stops with both tenants named when two bundles would produce the same resource name", () => {
        const [a, b] = bundles([
            { name: "x", namespaces: ["x", "x-sa-y"], serviceAccounts: [{ name: "y-sa-z" }] },
            { name: "q", serviceAccounts: [] },
        ]);
        const clash: TenantBundle = { ...b, tenant: "q", serviceAccounts: [{ name: "z", namespace: "x-sa-y", purpose: "workload", imagePullSecrets: [] }] };
        expect(() => assertUniqueNames([a, clash])).to.throw(/tenant 'q' collides with one of tenant 'x'/);
    });
});

describe("tenants and the platform's own namespaces", () => {
    it("a tenant namespace that a platform add-on uses is refused at the entry that declares it, naming the add-on", () => {
        const config = parseStackConfig(rawConfig(localConfig({ tenants: [{ name: "shop" }, { name: "team", namespaces: ["team", "team-vault"] }] })));
        const owners = new Map([
            ["shop", "observability"],
            ["team-vault", "vault"],
        ]);
        expect(tenantNamespaceIssues(config, owners).map((i) => `${i.path}: ${i.message}`)).to.deep.equal([
            "tenants[0].name: 'shop' is reserved for the platform: the observability add-on's namespace; choose another name",
            "tenants[1].namespaces[1]: 'team-vault' is reserved for the platform: the vault add-on's namespace; choose another name",
        ]);
        expect(tenantNamespaceIssues(config, new Map())).to.deep.equal([]);
    });

    it("the stack's check derives the reserved names from the add-ons, renamed namespaces included, and names the tenant file", () => {
        const renamed = rejectionOf(localConfig({ observability: { namespace: { monitoring: "metrics" } }, tenants: [{ name: "metrics" }] }));
        expect(renamed).to.deep.equal(["tenants[0].name: 'metrics' is reserved for the platform: the observability add-on's namespace; choose another name"]);
        for (const name of ["cert-manager", "vault", "gatekeeper-system", "ingress-nginx", "monitoring-agents", "external-dns", "dex", "pinniped"]) {
            expect(rejectionOf(localConfig({ tenants: [{ name }] })), name).to.have.length(1);
        }
    });
});
