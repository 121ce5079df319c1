/**
 * Policy config for the Kubernetes rules is checked against each rule's parameter schema: a mistake is
 * refused with `<policy>.<key path>: message`, before any object is evaluated.
 */
import { expect } from "chai";
import { configProblems, paramProblems } from "../../../policy-pack/cel/params";
import { gatekeeperObjects } from "../../../policy-pack/cel/gatekeeper";
import { paramDefaults } from "../../../policy-pack/cel/rule";
import { environments, loadPackConfig } from "../../../policy-pack/lib/config";
import { kubernetesRules } from "../../../policy-pack/policies/kubernetes/rules";
import { selectRules } from "../../../policy-pack/cli/select";

const rule = (name: string) => kubernetesRules.find((r) => r.name === name)!;

describe("Kubernetes rule parameters", () => {
    it("accepts each rule's defaults and a level-only entry", () => {
        expect(kubernetesRules.flatMap((r) => paramProblems(r, paramDefaults(r)))).to.deep.equal([]);
        expect(configProblems(kubernetesRules, { "require-probes": "disabled" })).to.deep.equal([]);
        expect(
            paramProblems(rule("restrict-cluster-admin-bindings"), { allowedSubjects: [{ kind: "Group", name: "admins" }], enforcementLevel: "mandatory" }),
        ).to.deep.equal([]);
    });

    it("names the key path of every mistake", () => {
        expect(paramProblems(rule("require-approved-registries"), { approvedRegistries: "ghcr.io" })).to.deep.equal([
            "require-approved-registries.approvedRegistries: must be a list",
        ]);
        expect(paramProblems(rule("restrict-cluster-admin-bindings"), { allowedSubjects: [{ kind: "Group", nam: "x" }] })).to.deep.equal([
            "restrict-cluster-admin-bindings.allowedSubjects[0].nam: unknown field (known: kind, name, namespace)",
        ]);
        expect(paramProblems(rule("require-min-replicas"), { minReplicas: 0, replicas: 2 })).to.deep.equal([
            "require-min-replicas.minReplicas: must be at least 1",
            "require-min-replicas.replicas: unknown parameter (known: exemptNamespaces, minReplicas)",
        ]);
        expect(paramProblems(rule("require-pod-security-labels"), { level: "strict" })).to.deep.equal([
            "require-pod-security-labels.level: must be one of baseline, restricted, got strict",
        ]);
    });

    it("refuses invalid config in policy check and in Gatekeeper objects", () => {
        const bad = { "disallow-external-ips": { allowedIPs: [1] } };
        expect(() => selectRules([], bad)).to.throw("disallow-external-ips.allowedIPs[0]: must be a string");
        expect(() => gatekeeperObjects(kubernetesRules, bad)).to.throw("disallow-external-ips.allowedIPs[0]: must be a string");
    });

    for (const env of environments) {
        it(`the shipped ${env} config is valid for every Kubernetes rule`, () => {
            expect(configProblems(kubernetesRules, loadPackConfig(env))).to.deep.equal([]);
        });
    }
});
