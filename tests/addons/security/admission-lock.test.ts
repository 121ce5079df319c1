/**
 * Admission can't lock the cluster (issue 17): Gatekeeper's webhook is never called for the exempt
 * namespaces (so kube-system keeps working while Gatekeeper is down), `default` is no longer exempt
 * and enforces the restricted Pod Security level, and the cluster-admin rule judges the program's
 * own binding of the platform admin group alike in CrossGuard and Gatekeeper.
 */
import { expect } from "chai";
import { admissionPolicies, defaultNamespaceLabels } from "../../../modules/addons/admission";
import { admissionExemptSystemNamespaces, excludedNamespaces } from "../../../modules/addons/admission/gatekeeper";
import { podSecurityLabels } from "../../../modules/addons/namespace";
import { parseStackConfig } from "../../../modules/config";
import { compileSource } from "../../../policy-pack/cel/engine";
import { paramDefaults } from "../../../policy-pack/cel/rule";
import { loadPackConfig, withPlatformAdminGroup } from "../../../policy-pack/lib/config";
import { runPolicies } from "../../../policy-pack/lib/engine";
import { binding } from "../../../policy-pack/lib/kubernetes-objects";
import { kubernetesPolicies, kubernetesRules } from "../../../policy-pack/policies/kubernetes";
import { localConfig, planConfig, planShippedStack, PlanResult, rawConfig, withAlertReceiver } from "../../harness";
import { at, valuesOf } from "./fixtures";

describe("admission can't lock the cluster", () => {
    let prod: PlanResult;
    before(async function () {
        this.timeout(120_000);
        prod = await planShippedStack("aws-prod");
    });

    it("the webhooks are never called for kube-system, Gatekeeper's own and the platform's namespaces (failurePolicy Fail in prod), and are called for default", () => {
        const values = valuesOf(prod.releases("gatekeeper")[0]);
        expect(values.validatingWebhookFailurePolicy).to.equal("Fail");
        const exempt = at(values, "validatingWebhookExemptNamespacesLabels") as Record<string, string[]>;
        const names = exempt["kubernetes.io/metadata.name"];
        for (const ns of ["kube-system", "kube-public", "kube-node-lease", "gatekeeper-system", "vault", "cert-manager", "falco", "monitoring"]) {
            expect(names, ns).to.include(ns);
        }
        expect(names).to.not.include("default");
        expect(at(values, "mutatingWebhookExemptNamespacesLabels")).to.deep.equal(exempt);
        // The webhook skips exactly what the constraints exclude.
        const constraint =
            prod.ofType("kubernetes:constraints.gatekeeper.sh/v1beta1:K8sDisallowPrivilegedContainers")[0] ??
            prod.resources.find((r) => r.type.startsWith("kubernetes:constraints.gatekeeper.sh/"));
        expect(at(constraint?.props, "spec.match.excludedNamespaces")).to.deep.equal(names);
    });

    it("default is not exempt from any constraint and is labelled with the restricted Pod Security level by server-side apply", () => {
        expect(admissionExemptSystemNamespaces).to.not.include("default");
        expect(excludedNamespaces([], [])).to.not.include("default");
        const patch = prod.one("kubernetes:core/v1:NamespacePatch", "default-namespace-pod-security");
        expect(at(patch.props, "metadata.name")).to.equal("default");
        expect(at(patch.props, "metadata.labels")).to.deep.equal(podSecurityLabels("restricted")).and.deep.equal(defaultNamespaceLabels());
        expect(at(patch.props, "metadata.annotations")).to.deep.equal({ "pulumi.com/patchForce": "true" });
        const config = prod.one("kubernetes:config.gatekeeper.sh/v1alpha1:Config");
        expect((at(config.props, "spec.match") as { excludedNamespaces: string[] }[])[0].excludedNamespaces).to.not.include("default");
    });

    describe("the cluster-admin binding rule agrees between CrossGuard and Gatekeeper", () => {
        const adminGroup = "ops-admins@corp.example";

        it("a stack binding its platform admin group without rbac-manager plans with no mandatory violation", async () => {
            const plan = await planConfig(
                withAlertReceiver(localConfig({ environment: "prod", rbac: { platformAdminGroup: adminGroup, rbacManager: { enabled: false } } })),
            );
            const crb = plan.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").find((b) => at(b.props, "roleRef.name") === "cluster-admin");
            expect(crb, "the program's own cluster-admin binding").to.not.equal(undefined);
            expect(plan.mandatoryViolations.filter((v) => v.policy === "restrict-cluster-admin-bindings")).to.deep.equal([]);
        });

        it("both enforcement points allow exactly the stack's admin group and flag any other subject", async () => {
            const config = parseStackConfig(rawConfig(withAlertReceiver(localConfig({ environment: "prod", rbac: { platformAdminGroup: adminGroup } }))));
            const pack = withPlatformAdminGroup(loadPackConfig("prod"), adminGroup);
            // Gatekeeper: the constraint's parameters.
            const gk = admissionPolicies(config).find((p) => p.constraint.metadata.name === "restrict-cluster-admin-bindings");
            const allowed = at(gk?.constraint.spec, "parameters.allowedSubjects") as { kind: string; name: string }[];
            expect(allowed).to.deep.include({ kind: "Group", name: adminGroup });
            // CrossGuard: the same parameters decide the same objects.
            const policy = kubernetesPolicies.filter((p) => p.name === "restrict-cluster-admin-bindings");
            const rule = kubernetesRules.find((r) => r.name === "restrict-cluster-admin-bindings");
            if (!rule || !gk) {
                throw new Error("rule missing");
            }
            // Gatekeeper: the rendered template's CEL with the constraint's parameters.
            const targets = gk.template.spec.targets as { code: { engine: string; source: Parameters<typeof compileSource>[1] }[] }[];
            const source = targets[0].code.find((c) => c.engine === "K8sNativeValidation")?.source;
            if (!source) {
                throw new Error("no K8sNativeValidation code");
            }
            const evaluate = compileSource(rule.name, source, rule.description);
            const params = { ...paramDefaults(rule), ...(at(gk.constraint.spec, "parameters") as Record<string, unknown>) };
            const celOf = (object: unknown) => evaluate(object, params).length === 0;
            const cases = [
                { subject: adminGroup, kind: "ClusterRoleBinding" as const, roleKind: "ClusterRole", ok: true },
                { subject: "team-a-developers", kind: "ClusterRoleBinding" as const, roleKind: "ClusterRole", ok: false },
                { subject: "team-a-developers", kind: "RoleBinding" as const, roleKind: "Role", ok: false },
            ];
            for (const c of cases) {
                const r = binding(
                    {
                        "roleRef.kind": c.roleKind,
                        "roleRef.name": "cluster-admin",
                        subjects: [{ kind: "Group", name: c.subject, apiGroup: "rbac.authorization.k8s.io" }],
                    },
                    c.kind,
                );
                const violations = await runPolicies(policy, [r as never], { config: pack });
                expect(violations.length === 0, `CrossGuard: ${c.kind} to ${c.roleKind} cluster-admin for ${c.subject}`).to.equal(c.ok);
                expect(celOf(at(r, "props")), `Gatekeeper CEL: ${c.kind} to ${c.roleKind} cluster-admin for ${c.subject}`).to.equal(c.ok);
            }
        });
    });
});
