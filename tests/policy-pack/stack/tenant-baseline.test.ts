/**
 * N2 across the graph: the tenant baseline is found through dependencies when a resource's namespace
 * is only known after apply, violations point at the tenant's Namespace, and a stack without tenants
 * is not held to the rule.
 */
import { expect } from "chai";
import { requireTenantNamespaceBaseline } from "../../../policy-pack/policies/stack/require-tenant-namespace-baseline";
import { EngineResource, runPolicies } from "../../../policy-pack/lib/engine";

const urn = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;
const nsType = "kubernetes:core/v1:Namespace";
const namespace: EngineResource = {
    urn: urn(nsType, "team-a"),
    type: nsType,
    name: "team-a",
    props: { metadata: { name: "team-a", labels: { "platform.io/tenant": "team-a" } } },
};

/** A namespaced resource whose metadata.namespace comes from the Namespace's output (unknown in a preview). */
function inTenant(type: string, name: string, spec: Record<string, unknown>): EngineResource {
    return { urn: urn(type, name), type, name, props: { metadata: { name, namespace: undefined }, spec }, dependencies: [namespace.urn] };
}

const baseline = [
    inTenant("kubernetes:networking.k8s.io/v1:NetworkPolicy", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    inTenant("kubernetes:core/v1:ResourceQuota", "quota", { hard: { pods: "20" } }),
    inTenant("kubernetes:core/v1:LimitRange", "limits", { limits: [{ type: "Container", default: { cpu: "500m" } }] }),
];

const run = (resources: EngineResource[]) =>
    runPolicies([requireTenantNamespaceBaseline], resources, { stackUrn: "urn:pulumi:test::platform::pulumi:pulumi:Stack::platform-test" });

describe("tenant namespace baseline (N2) over a stack", () => {
    it("finds the baseline through dependencies when namespaces are known only after apply", async () => {
        expect(await run([namespace, ...baseline])).to.deep.equal([]);
    });

    it("reports each missing piece against the tenant's Namespace", async () => {
        const violations = await run([namespace, baseline[0]]);
        expect(violations.map((v) => v.urn)).to.deep.equal([namespace.urn, namespace.urn]);
        expect(violations.map((v) => v.message).join("\n"))
            .to.match(/ResourceQuota/)
            .and.to.match(/LimitRange/);
    });

    it("does not apply to namespaces without the tenant label or to stacks without tenants", async () => {
        const platformNs: EngineResource = {
            ...namespace,
            urn: urn(nsType, "monitoring"),
            props: { metadata: { name: "monitoring", labels: { "platform.io/namespace": "monitoring" } } },
        };
        expect(await run([platformNs])).to.deep.equal([]);
    });

    it("follows the tenant label an environment configures", async () => {
        const custom = { ...namespace, props: { metadata: { name: "team-a", labels: { "example.com/tenant": "a" } } } };
        const violations = await runPolicies([requireTenantNamespaceBaseline], [custom], {
            config: { "require-tenant-namespace-baseline": { tenantLabel: "example.com/tenant" } },
        });
        expect(violations).to.have.length(3);
    });
});
