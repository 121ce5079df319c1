import { expect } from "chai";
import {
    AdmissionPolicy,
    enforcementFor,
    excludedNamespaces,
    gatekeeperValues,
    platformConstraint,
    platformTemplate,
} from "../../../modules/addons/admission/gatekeeper";
import { withAlertReceiver } from "../../harness";
import { at, runOnCloud, valuesOf } from "./fixtures";

/** A rendered rule in the shape the policy pack produces (template + constraint). */
function policy(name: string, kind: string, level: "mandatory" | "advisory"): AdmissionPolicy {
    return {
        level,
        template: {
            apiVersion: "templates.gatekeeper.sh/v1",
            kind: "ConstraintTemplate",
            metadata: { name: kind.toLowerCase() },
            spec: {
                crd: { spec: { names: { kind } } },
                targets: [
                    {
                        target: "admission.k8s.gatekeeper.sh",
                        code: [{ engine: "K8sNativeValidation", source: { validations: [{ expression: "true", messageExpression: "'ok'" }] } }],
                    },
                ],
            },
        },
        constraint: {
            apiVersion: "constraints.gatekeeper.sh/v1beta1",
            kind,
            metadata: { name },
            spec: { enforcementAction: "deny", match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] }, parameters: { exemptNamespaces: ["already-exempt"] } },
        },
    };
}

const rules = [
    policy("disallow-privileged-containers", "K8sDisallowPrivilegedContainers", "mandatory"),
    policy("require-read-only-root-filesystem", "K8sRequireReadOnlyRootFilesystem", "advisory"),
];

describe("Gatekeeper", () => {
    it("mandatory rules deny in prod and warn in dev; advisory rules never deny", () => {
        expect(enforcementFor("mandatory", "deny")).to.equal("deny");
        expect(enforcementFor("mandatory", "warn")).to.equal("warn");
        expect(enforcementFor("advisory", "deny")).to.equal("warn");
        expect(enforcementFor("advisory", "dryrun")).to.equal("dryrun");
    });

    it("system namespaces, Gatekeeper's own and the platform's are excluded from every constraint, on top of what the rule had", () => {
        const excluded = excludedNamespaces(["vault", "falco"], ["legacy"]);
        for (const ns of ["kube-system", "kube-public", "kube-node-lease", "gatekeeper-system", "vault", "falco", "legacy"]) {
            expect(excluded).to.include(ns);
        }
        const c = platformConstraint(rules[0], { enforcement: "deny", excludedNamespaces: excluded });
        expect(c.spec.match?.excludedNamespaces).to.include.members(["kube-system", "vault"]);
        expect(c.spec.parameters?.exemptNamespaces).to.include.members(["already-exempt", "kube-system"]);
    });

    it("templates make Pulumi wait until Gatekeeper created the constraint CRD", () => {
        expect(platformTemplate(rules[0]).metadata.annotations?.["pulumi.com/waitFor"]).to.equal("jsonpath={.status.created}=true");
    });

    it("a constraint whose kind differs from its template's is refused", () => {
        const bad = { ...rules[0], constraint: { ...rules[0].constraint, kind: "Other" } };
        expect(() => platformConstraint(bad, { enforcement: "deny", excludedNamespaces: [] })).to.throw(/does not match/);
    });

    it("audit is on, the CEL engine is on, and the webhook fails closed only when denying", () => {
        const prod = gatekeeperValues({ replicas: 3, auditIntervalSeconds: 60, enforcement: "deny", exemptNamespaces: ["kube-system"], image: (r) => r });
        const dev = gatekeeperValues({ replicas: 1, auditIntervalSeconds: 60, enforcement: "warn", exemptNamespaces: ["kube-system"], image: (r) => r });
        expect(prod.disableAudit).to.equal(false);
        expect(prod.auditInterval).to.equal(60);
        expect(prod.enableK8sNativeValidation).to.equal(true);
        expect(prod.validatingWebhookFailurePolicy).to.equal("Fail");
        expect(dev.validatingWebhookFailurePolicy).to.equal("Ignore");
        expect(at(dev, "pdb.controllerManager.minAvailable"), "a single replica never blocks a drain").to.equal(0);
    });

    for (const [environment, action] of [
        ["prod", "deny"],
        ["dev", "warn"],
    ] as const) {
        it(`${environment}: constraints ${action}, each after its template, each template after the Gatekeeper release`, async () => {
            const run = await runOnCloud("aws", withAlertReceiver({ environment }), rules);
            const release = run.release("gatekeeper");
            expect(at(valuesOf(release), "replicas")).to.equal(environment === "prod" ? 3 : 1);
            const mandatory = run.one("kubernetes:constraints.gatekeeper.sh/v1beta1:K8sDisallowPrivilegedContainers");
            const advisory = run.one("kubernetes:constraints.gatekeeper.sh/v1beta1:K8sRequireReadOnlyRootFilesystem");
            expect(at(mandatory.props, "spec.enforcementAction")).to.equal(action);
            expect(at(advisory.props, "spec.enforcementAction")).to.equal("warn");
            const template = run.one("kubernetes:templates.gatekeeper.sh/v1:ConstraintTemplate", "gatekeeper-k8sdisallowprivilegedcontainers");
            expect(mandatory.dependencies).to.include(template.urn);
            expect(template.dependencies).to.include(release.urn);
            const others = run.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.urn !== release.urn);
            for (const o of others) {
                expect(release.dependencies, `gatekeeper after ${o.name}`).to.include(o.urn);
            }
        });
    }
});
