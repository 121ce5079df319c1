/**
 * The native rendering (policy-pack/cel/vap.ts): every Kubernetes rule becomes a ValidatingAdmissionPolicy
 * and binding that enforce what the Gatekeeper rendering enforces, with the same CEL, the same parameters
 * per environment, the same levels and exemptions. (That the API server accepts and applies them the way
 * CrossGuard does is the conformance suite's job: docs/conformance.md.)
 */
import { parse, plan, celEnv } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { expect } from "chai";
import { renderRules } from "../../../policy-pack/cel/gatekeeper";
import { toCelInput } from "../../../policy-pack/cel/engine";
import { effectiveValidations, effectiveVariables } from "../../../policy-pack/cel/rule";
import {
    celLiteral,
    nativeAdmissionObjects,
    renderNativeRules,
    resourceOf,
    validatingAdmissionPolicyBinding,
    validationActions,
} from "../../../policy-pack/cel/vap";
import { environments, loadPackConfig } from "../../../policy-pack/lib/config";
import { kubernetesRules } from "../../../policy-pack/policies/kubernetes/rules";

const rule = (name: string) => kubernetesRules.find((r) => r.name === name)!;

/** Evaluates a CEL literal with the pack's own evaluator. */
function evaluate(expression: string): unknown {
    return plan(celEnv({ funcs: strings }), parse(expression))({} as never);
}

describe("native admission rendering (ValidatingAdmissionPolicy)", () => {
    it("renders one policy and one binding per enabled rule, named after the rule, binding its own policy", () => {
        const objects = nativeAdmissionObjects(kubernetesRules, {});
        const policies = objects.filter((o) => o.kind === "ValidatingAdmissionPolicy");
        const bindings = objects.filter((o) => o.kind === "ValidatingAdmissionPolicyBinding");
        expect(policies.map((p) => p.metadata.name)).to.deep.equal(kubernetesRules.map((r) => r.name));
        expect(bindings.map((b) => (b.kind === "ValidatingAdmissionPolicyBinding" ? b.spec.policyName : ""))).to.deep.equal(kubernetesRules.map((r) => r.name));
        expect(objects.indexOf(bindings[0])).to.equal(policies.length, "policies come before bindings");
        for (const o of objects) {
            expect(o.apiVersion).to.equal("admissionregistration.k8s.io/v1");
            expect(o.metadata.annotations["platform.io/crossguard-policy"]).to.be.a("string");
        }
        const prefixed = renderNativeRules([rule("disallow-bare-pods")], {}, { namePrefix: "team-" })[0];
        expect(prefixed.policy.metadata.name).to.equal("team-disallow-bare-pods");
        expect(prefixed.binding.spec.policyName).to.equal("team-disallow-bare-pods");
    });

    it("carries exactly CrossGuard's and Gatekeeper's variables and validations, after the inlined params", () => {
        for (const r of renderNativeRules(kubernetesRules, {})) {
            const [params, ...rest] = r.policy.spec.variables;
            expect(params.name).to.equal("params");
            expect(rest).to.deep.equal(effectiveVariables(r.rule).map((v) => ({ name: v.name, expression: v.expression })));
            expect(r.policy.spec.validations.map((v) => ({ expression: v.expression, messageExpression: v.messageExpression }))).to.deep.equal(
                effectiveValidations(r.rule),
            );
            expect(r.policy.spec.failurePolicy).to.equal("Fail");
        }
    });

    it("matches the rule's kinds as resources of every version on CREATE and UPDATE", () => {
        const rendered = renderNativeRules([rule("disallow-privileged-containers"), rule("require-https-ingress"), rule("require-pdb-allows-eviction")], {});
        expect(rendered[0].policy.spec.matchConstraints.resourceRules).to.deep.equal([
            { apiGroups: [""], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["pods", "replicationcontrollers"] },
            {
                apiGroups: ["apps"],
                apiVersions: ["*"],
                operations: ["CREATE", "UPDATE"],
                resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
            },
            { apiGroups: ["batch"], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["jobs", "cronjobs"] },
            // Old but valid workload API versions are matched too (the API server serves none of them since 1.16: a no-op there).
            { apiGroups: ["extensions"], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["deployments", "daemonsets", "replicasets"] },
        ]);
        expect(rendered[1].policy.spec.matchConstraints.resourceRules).to.deep.equal([
            { apiGroups: ["networking.k8s.io", "extensions"], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["ingresses"] },
        ]);
        expect(rendered[2].policy.spec.matchConstraints.resourceRules[0].resources).to.deep.equal(["poddisruptionbudgets"]);
        expect(["NetworkPolicy", "ClusterRoleBinding", "Namespace"].map(resourceOf)).to.deep.equal(["networkpolicies", "clusterrolebindings", "namespaces"]);
    });

    it("inlines, per environment, the same complete parameters as the Gatekeeper constraint", () => {
        for (const env of environments) {
            const config = loadPackConfig(env);
            const gatekeeper = new Map(renderRules(kubernetesRules, config).map((r) => [r.constraint.metadata.name, r.constraint.spec.parameters]));
            for (const r of renderNativeRules(kubernetesRules, config)) {
                expect(r.params, `${env} ${r.rule.name}`).to.deep.equal(gatekeeper.get(r.rule.name));
            }
        }
        const custom = renderNativeRules([rule("require-min-replicas")], { "require-min-replicas": { minReplicas: 3 } })[0];
        expect(custom.params).to.deep.equal({ exemptNamespaces: [], minReplicas: 3 });
    });

    it("writes parameters as a CEL literal that evaluates to exactly what CrossGuard binds", () => {
        const values = [
            { exemptNamespaces: [], hostNetwork: false, min: 0, max: 8080, ratio: 1.5, exemptImages: ["ghcr.io/x/*", "it's"] },
            { allowedHostPaths: [{ pathPrefix: "/var/log", readOnly: true }], allowedSubjects: [{ kind: "Group", name: "a\\b\nc" }] },
        ];
        for (const value of values) {
            expect(evaluate(celLiteral(value))).to.deep.equal(toCelInput(value));
        }
        // Homogeneous literals (the API server requires them): every element is dyn().
        expect(celLiteral({ a: [1, "x"], b: true })).to.equal("{'a': dyn([dyn(1), dyn('x')]), 'b': dyn(true)}");
        expect(() => celLiteral({ a: Number.NaN })).to.throw("params.a");
    });

    it("maps levels to validation actions: mandatory follows the stack's enforcement, advisory never denies", () => {
        expect(validationActions("mandatory", "deny")).to.deep.equal(["Deny", "Audit"]);
        expect(validationActions("mandatory", "warn")).to.deep.equal(["Warn", "Audit"]);
        expect(validationActions("mandatory", "dryrun")).to.deep.equal(["Audit"]);
        expect(validationActions("advisory", "deny")).to.deep.equal(["Warn", "Audit"]);
        expect(validationActions("advisory", "dryrun")).to.deep.equal(["Audit"]);
        const levels = renderNativeRules(kubernetesRules, { "require-probes": "mandatory", "disallow-bare-pods": { enforcementLevel: "advisory" } });
        const byName = new Map(levels.map((r) => [r.rule.name, r.binding.spec.validationActions]));
        expect(byName.get("require-probes")).to.deep.equal(["Deny", "Audit"]);
        expect(byName.get("disallow-bare-pods")).to.deep.equal(["Warn", "Audit"]);
        expect(byName.get("require-image-digest"), "advisory by default").to.deep.equal(["Warn", "Audit"]);
    });

    it("leaves disabled rules out, as Gatekeeper does", () => {
        const names = renderNativeRules(kubernetesRules, { "require-probes": "disabled" }).map((r) => r.rule.name);
        expect(names).to.not.include("require-probes");
        expect(names.length).to.equal(kubernetesRules.length - 1);
    });

    it("exempts excluded namespaces in the binding and in the rule's exemptNamespaces, as the platform's constraints do", () => {
        const [r] = renderNativeRules(
            [rule("require-run-as-non-root")],
            { "require-run-as-non-root": { exemptNamespaces: ["legacy"] } },
            {
                excludedNamespaces: ["kube-system", "gatekeeper-system", "kube-system"],
            },
        );
        expect(r.binding.spec.matchResources).to.deep.equal({
            namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["gatekeeper-system", "kube-system"] }] },
        });
        expect(r.params.exemptNamespaces).to.deep.equal(["gatekeeper-system", "kube-system", "legacy"]);
        expect(r.policy.spec.variables[0].expression).to.contain("'exemptNamespaces': dyn([dyn('gatekeeper-system'), dyn('kube-system'), dyn('legacy')])");
        expect(validatingAdmissionPolicyBinding(rule("require-run-as-non-root"), "mandatory").spec.matchResources, "no exclusions, no selector").to.equal(
            undefined,
        );
    });

    it("refuses an invalid config, naming the key, before rendering anything", () => {
        expect(() => renderNativeRules(kubernetesRules, { "disallow-external-ips": { allowedIPs: [1] } })).to.throw(
            "disallow-external-ips.allowedIPs[0]: must be a string",
        );
    });
});
