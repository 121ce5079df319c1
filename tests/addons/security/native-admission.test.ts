import { expect } from "chai";
import { kubernetesRules } from "../../../policy-pack/policies/kubernetes";
import { localConfig, planConfig, PlanResult, withAlertReceiver } from "../../harness";
import { at } from "./fixtures";

const vapType = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const bindingType = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";

function bindingsByPolicy(plan: PlanResult) {
    return new Map(plan.ofType(bindingType).map((b) => [String(at(b.props, "spec.policyName")), b]));
}

describe("native admission (security.admission.engine: native)", () => {
    it("installs one ValidatingAdmissionPolicy and binding per enabled rule and no Gatekeeper: no webhook, no pods", async () => {
        const plan = await planConfig(
            withAlertReceiver(localConfig({ environment: "prod", ingress: { controller: "envoyGateway" }, security: { admission: { engine: "native" } } })),
        );
        expect(plan.releases("gatekeeper")).to.deep.equal([]);
        expect(plan.ofType("kubernetes:core/v1:Namespace").map((n) => at(n.props, "metadata.name"))).to.not.include("gatekeeper-system");
        expect(plan.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration")).to.deep.equal([]);
        const policies = plan.ofType(vapType);
        expect(policies.length, "every rule the prod pack config enables").to.be.greaterThan(30).and.at.most(kubernetesRules.length);
        const bindings = bindingsByPolicy(plan);
        for (const p of policies) {
            const binding = bindings.get(String(at(p.props, "metadata.name")));
            expect(binding, `binding of ${p.name}`).to.not.equal(undefined);
            expect(binding?.dependencies, "the binding waits for its policy").to.include(p.urn);
        }
        expect(plan.mandatoryViolations).to.deep.equal([]);
    });

    it("prod denies on mandatory rules and only warns on advisory ones; dev warns; both audit", async () => {
        const actions = async (environment: string) => {
            const plan = await planConfig(
                withAlertReceiver(localConfig({ environment, ingress: { controller: "envoyGateway" }, security: { admission: { engine: "native" } } })),
            );
            const of = (name: string) => at(bindingsByPolicy(plan).get(name)?.props, "spec.validationActions");
            return { mandatory: of("disallow-privileged-containers"), advisory: of("require-read-only-root-filesystem") };
        };
        expect(await actions("prod")).to.deep.equal({ mandatory: ["Deny", "Audit"], advisory: ["Warn", "Audit"] });
        expect(await actions("dev")).to.deep.equal({ mandatory: ["Warn", "Audit"], advisory: ["Warn", "Audit"] });
    });

    it("exempts exactly what Gatekeeper exempts: Kubernetes' own namespaces, every platform namespace, and the configured ones", async () => {
        const config = { security: { admission: { exemptNamespaces: ["legacy"] } } };
        const native = await planConfig(localConfig({ ...config, security: { admission: { engine: "native", exemptNamespaces: ["legacy"] } } }));
        const gatekeeper = await planConfig(localConfig(config));
        const nativeExcluded = (at(native.ofType(bindingType)[0].props, "spec.matchResources.namespaceSelector.matchExpressions.0.values") as string[]).slice();
        const gatekeeperExcluded = (
            at(gatekeeper.ofType("kubernetes:config.gatekeeper.sh/v1alpha1:Config")[0].props, "spec.match.0.excludedNamespaces") as string[]
        ).filter((n) => n !== "gatekeeper-system");
        expect(nativeExcluded).to.deep.equal(gatekeeperExcluded);
        expect(nativeExcluded).to.include.members(["kube-system", "legacy", "cert-manager", "vault", "monitoring"]);
        expect(nativeExcluded, "default is judged like a tenant namespace").to.not.include("default");
    });

    it("the platform admin group is allowed cluster-admin by both engines", async () => {
        const native = await planConfig(localConfig({ rbac: { platformAdminGroup: "platform-admins" }, security: { admission: { engine: "native" } } }));
        const vap = native.ofType(vapType).find((p) => at(p.props, "metadata.name") === "restrict-cluster-admin-bindings");
        const params = (at(vap?.props, "spec.variables") as { name: string; expression: string }[]).find((v) => v.name === "params")?.expression;
        expect(params).to.contain("'platform-admins'");
    });
});
