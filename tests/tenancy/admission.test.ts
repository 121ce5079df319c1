/**
 * Tenant hosts and certificates are owned, and prod images come from approved registries (issue 17):
 * over the plans of shipped stacks with tenants, the tenant namespaces carry their host suffixes, the
 * admission rules Gatekeeper gets (rendered from the plan) deny a foreign host, a ClusterIssuer and
 * ingress-shim's cluster issuer when evaluated with the plan's own Namespace as `namespaceObject`,
 * host uniqueness across namespaces is enforced in-cluster with synced referential data, and prod
 * enforces the approved-registries rule.
 */
import { expect } from "chai";
import { compileSource } from "../../policy-pack/cel/engine";
import { runPolicies } from "../../policy-pack/lib/engine";
import { loadPackConfig } from "../../policy-pack/lib/config";
import { deployment } from "../../policy-pack/lib/kubernetes-objects";
import { policies } from "../../policy-pack/policies";
import type { RecordedResource } from "../../modules/plan";
import { planConfig, planShippedStack, PlanResult, rejectionOf, shippedWith } from "../harness";

const templateType = "kubernetes:templates.gatekeeper.sh/v1:ConstraintTemplate";
const configType = "kubernetes:config.gatekeeper.sh/v1alpha1:Config";

function meta(r: RecordedResource): { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } {
    return (r.props.metadata ?? {}) as { name?: string };
}

/** The plan's Namespace object of `name`, as the API server would hand it to admission. */
function namespaceObject(plan: PlanResult, name: string): Record<string, unknown> {
    const ns = plan.ofType("kubernetes:core/v1:Namespace").find((n) => meta(n).name === name);
    expect(ns, `namespace ${name}`).to.not.equal(undefined);
    return { apiVersion: "v1", kind: "Namespace", ...(ns as RecordedResource).props };
}

/** The admission check Gatekeeper runs for a constraint of the plan: its template's CEL with its constraint's parameters. */
function admission(plan: PlanResult, policy: string): (object: Record<string, unknown>, namespace: Record<string, unknown>) => string[] {
    const template = plan.ofType(templateType).find((t) => (meta(t).annotations ?? {})["platform.io/crossguard-policy"] === policy);
    expect(template, `template of ${policy}`).to.not.equal(undefined);
    const spec = (template as RecordedResource).props.spec as {
        crd: { spec: { names: { kind: string } } };
        targets: { code: { engine: string; source: { variables: []; validations: [] } }[] }[];
    };
    const code = spec.targets[0].code.find((c) => c.engine === "K8sNativeValidation");
    const constraint = plan.ofType(`kubernetes:constraints.gatekeeper.sh/v1beta1:${spec.crd.spec.names.kind}`)[0];
    expect(constraint, `constraint of ${policy}`).to.not.equal(undefined);
    const params = (constraint.props.spec as { parameters: Record<string, unknown> }).parameters;
    const evaluate = compileSource(policy, code!.source, policy);
    return (object, namespace) => evaluate(object, params, namespace);
}

const ingress = (host: string, annotations: Record<string, string> = {}) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "web", namespace: "payments", annotations },
    spec: {
        ingressClassName: "nginx",
        tls: [{ hosts: [host], secretName: "web-tls" }],
        rules: [{ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 8080 } } } }] } }],
    },
});
const certificate = (dnsNames: string[], issuerRef: Record<string, string>) => ({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "web", namespace: "payments" },
    spec: { secretName: "web-tls", dnsNames, issuerRef },
});

describe("tenant hosts and certificates are owned", function () {
    this.timeout(300_000);
    let plan: PlanResult;
    before(async () => {
        plan = await planConfig(
            shippedWith("aws-prod", { tenants: [{ name: "payments" }, { name: "storefront", hosts: ["shop.example.org", "storefront.acme.example.com"] }] }),
        );
    });

    it("plans with no mandatory violation", () => {
        expect(plan.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
    });

    it("each tenant namespace carries its host suffixes: <tenant>.<the DNS zone> by default, or its own list", () => {
        expect(meta(plan.ofType("kubernetes:core/v1:Namespace").find((n) => meta(n).name === "payments") as RecordedResource).annotations).to.deep.equal({
            "platform.io/host-suffixes": "payments.acme.example.com",
        });
        expect(meta(plan.ofType("kubernetes:core/v1:Namespace").find((n) => meta(n).name === "storefront") as RecordedResource).annotations).to.deep.equal({
            "platform.io/host-suffixes": "shop.example.org,storefront.acme.example.com",
        });
    });

    it("admission denies an Ingress, route or Certificate outside the tenant's suffixes, with the plan's Namespace as namespaceObject", () => {
        const check = admission(plan, "restrict-tenant-hosts");
        const payments = namespaceObject(plan, "payments");
        expect(check(ingress("api.payments.acme.example.com"), payments)).to.deep.equal([]);
        expect(check(ingress("grafana.acme.example.com"), payments).join()).to.match(
            /hosts outside the tenant's suffixes \(payments\.acme\.example\.com\): grafana\.acme\.example\.com/,
        );
        expect(check(ingress("shop.example.org"), payments)).to.have.length(1);
        expect(
            check(
                {
                    apiVersion: "gateway.networking.k8s.io/v1",
                    kind: "HTTPRoute",
                    metadata: { name: "r", namespace: "payments" },
                    spec: { hostnames: ["storefront.acme.example.com"] },
                },
                payments,
            ),
        ).to.have.length(1);
        expect(check(certificate(["dex.acme.example.com"], { name: "letsencrypt" }), payments)).to.have.length(1);
        // The constraint denies in prod.
        const constraint = plan.ofType("kubernetes:constraints.gatekeeper.sh/v1beta1:K8sRestrictTenantHosts")[0];
        expect((constraint.props.spec as { enforcementAction: string }).enforcementAction).to.equal("deny");
    });

    it("admission denies the platform's ClusterIssuers to tenants, directly or through ingress-shim", () => {
        const check = admission(plan, "restrict-tenant-certificate-issuers");
        const payments = namespaceObject(plan, "payments");
        const clusterIssuers = plan.ofType("kubernetes:cert-manager.io/v1:ClusterIssuer").map((i) => meta(i).name as string);
        expect(clusterIssuers).to.include("platform-ca");
        for (const issuer of clusterIssuers) {
            expect(check(certificate(["payments.acme.example.com"], { name: issuer, kind: "ClusterIssuer" }), payments), issuer).to.have.length(1);
            expect(check(ingress("payments.acme.example.com", { "cert-manager.io/cluster-issuer": issuer }), payments), issuer).to.have.length(1);
        }
        expect(check(ingress("payments.acme.example.com", { "kubernetes.io/tls-acme": "true" }), payments)).to.have.length(1);
        expect(check(certificate(["payments.acme.example.com"], { name: "letsencrypt", kind: "Issuer" }), payments)).to.deep.equal([]);
        expect(check(ingress("payments.acme.example.com", { "cert-manager.io/issuer": "letsencrypt" }), payments)).to.deep.equal([]);
    });

    it("a host already used in another namespace is denied in-cluster: a Rego constraint over Gatekeeper's synced Ingresses and HTTPRoutes", () => {
        const template = plan.ofType(templateType).find((t) => meta(t).name === "k8suniquehostsacrossnamespaces");
        expect(template, "unique hosts template").to.not.equal(undefined);
        const rego = ((template as RecordedResource).props.spec as { targets: { rego: string }[] }).targets[0].rego;
        expect(rego).to.contain("data.inventory.namespace[ns]");
        expect(rego).to.match(/ns != input\.review\.object\.metadata\.namespace/);
        const constraint = plan.ofType("kubernetes:constraints.gatekeeper.sh/v1beta1:K8sUniqueHostsAcrossNamespaces")[0];
        expect((constraint.props.spec as { enforcementAction: string }).enforcementAction).to.equal("deny");
        expect(JSON.stringify((constraint.props.spec as { match: unknown }).match))
            .to.contain("Ingress")
            .and.contain("HTTPRoute");
        const config = plan.ofType(configType)[0];
        expect((config.props.spec as { sync?: { syncOnly: unknown[] } }).sync?.syncOnly).to.deep.equal([
            { group: "gateway.networking.k8s.io", version: "v1", kind: "HTTPRoute" },
            { group: "networking.k8s.io", version: "v1", kind: "Ingress" },
        ]);
    });

    it("rejects host suffixes that overlap another tenant's or cover the platform domain or a platform host", () => {
        const issues = rejectionOf(
            shippedWith("aws-prod", {
                tenants: [
                    { name: "payments" },
                    { name: "storefront", hosts: ["shop.payments.acme.example.com"] },
                    { name: "ops", hosts: ["acme.example.com"] },
                ],
            }),
        );
        expect(issues.join("\n")).to.match(
            /tenants\[1\]\.hosts\[0\]: tenant 'storefront': host suffix 'shop\.payments\.acme\.example\.com' overlaps 'payments\.acme\.example\.com' of tenant 'payments'/,
        );
        expect(issues.join("\n")).to.match(/tenants\[2\]\.hosts\[0\]: tenant 'ops': host suffix 'acme\.example\.com' covers the platform domain/);
        const grafana = rejectionOf(
            shippedWith("aws-dev", {
                tenants: [{ name: "ops", hosts: ["grafana.example.net"] }],
                observability: { metrics: { grafana: { url: "https://grafana.example.net" } } },
            }),
        );
        expect(grafana.join("\n")).to.match(
            /tenants\[0\]\.hosts\[0\]: tenant 'ops': host suffix 'grafana\.example\.net' covers the platform's host 'grafana\.example\.net'/,
        );
    });

    it("without a known domain a tenant gets no host until it lists some", async () => {
        const local = await planShippedStack("local");
        const tenantNs = local.ofType("kubernetes:core/v1:Namespace").filter((n) => (meta(n).labels ?? {})["platform.io/tenant"] !== undefined);
        expect(tenantNs.length).to.be.greaterThan(0);
        // local has no DNS zone: only storefront, which lists its hosts (the golden path's), gets any.
        for (const ns of tenantNs) {
            const listed = (meta(ns).labels ?? {})["platform.io/tenant"] === "storefront" ? "storefront.example.com" : "";
            expect(meta(ns).annotations, meta(ns).name).to.deep.equal({ "platform.io/host-suffixes": listed });
        }
    });
});

describe("prod stacks approve registries", function () {
    this.timeout(300_000);

    it("prod's pack config lists approved registries and makes the rule mandatory; a tenant image from elsewhere is a mandatory violation", async () => {
        const prod = loadPackConfig("prod")["require-approved-registries"] as { enforcementLevel?: string; approvedRegistries?: string[] };
        expect(prod.enforcementLevel).to.equal("mandatory");
        expect(prod.approvedRegistries ?? []).to.have.length.greaterThan(0);
        const foreign = deployment({
            "metadata.namespace": "payments",
            "spec.template.spec.containers.0.image": "docker.io/library/nginx:1.27.0@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        });
        const policy = policies.filter((p) => p.name === "require-approved-registries");
        const violations = await runPolicies(policy, [{ urn: "urn:d", type: foreign.type, name: "d", props: foreign.props }], {
            config: loadPackConfig("prod"),
        });
        expect(violations.map((v) => v.level)).to.deep.equal(["mandatory"]);
    });

    it("every prod stack's Gatekeeper constraint denies images outside the approved registries", async () => {
        for (const stack of ["aws-prod", "azure-prod", "gcp-prod"]) {
            const plan = await planShippedStack(stack);
            const c = plan.ofType("kubernetes:constraints.gatekeeper.sh/v1beta1:K8sRequireApprovedRegistries")[0];
            expect(c, stack).to.not.equal(undefined);
            const spec = c.props.spec as { enforcementAction: string; parameters: { approvedRegistries: string[] } };
            expect(spec.enforcementAction, stack).to.equal("deny");
            expect(spec.parameters.approvedRegistries, stack).to.have.length.greaterThan(0);
            expect(
                plan.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`),
                stack,
            ).to.deep.equal([]);
        }
    });
});
