/**
 * The CEL engine behaves as Kubernetes does and fails safe: integers are CEL ints, a broken expression is
 * caught at load naming the rule, an evaluation error is reported (never silently passed), exempt
 * namespaces are honoured, and values unknown at preview never produce a false violation.
 */
import { expect } from "chai";
import type { CelList, CelMap } from "@bufbuild/cel";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { CelCompileError, compileRule, toCelInput } from "../../../policy-pack/cel/engine";
import { celResourcePolicy, evaluateResource, kubernetesKind, plainProps } from "../../../policy-pack/cel/policy";
import { CelRule } from "../../../policy-pack/cel/rule";
import { kubernetesRules } from "../../../policy-pack/policies/kubernetes";
import { deployment, deploymentWith, namespace } from "../../../policy-pack/lib/kubernetes-objects";

const rule = (name: string): CelRule => kubernetesRules.find((r) => r.name === name) as CelRule;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the Pulumi engine's unknown-value sentinel

function args(r: { type: string; props: Record<string, unknown> }, config: Record<string, unknown> = {}) {
    return {
        type: r.type,
        props: r.props,
        urn: "urn:pulumi:test::p::t::n",
        name: "n",
        getConfig: () => config,
        notApplicable: (): never => {
            throw new Error("n/a");
        },
    } as never;
}

describe("CEL engine", () => {
    it("passes JSON integers to CEL as ints, as the API server does", () => {
        const input = toCelInput({ a: 0, b: 1.5, c: [2], d: undefined }) as CelMap;
        expect([input.get("a"), input.get("b"), (input.get("c") as CelList).get(0), input.has("d")]).to.deep.equal([0n, 1.5, 2n, false]);
        const violations = compileRule(rule("require-run-as-non-root")).evaluate(deploymentWith({ "securityContext.runAsUser": 0 }).props);
        expect(violations.join()).to.contain("runAsUser is 0");
    });

    it("rejects a rule whose CEL does not compile, naming the rule", () => {
        const broken: CelRule = {
            ...rule("disallow-nodeport-services"),
            name: "disallow-broken",
            checks: [{ expression: "object.spec.type ==", detail: "'x'", fix: "y" }],
        };
        expect(() => compileRule(broken)).to.throw(CelCompileError, /disallow-broken: validation 1 does not compile/);
    });

    it("rejects a rule whose variable would shadow another", () => {
        const base = rule("disallow-privileged-containers");
        expect(() => compileRule({ ...base, variables: [...base.variables, { name: "exempt", expression: "false" }] })).to.throw(
            CelCompileError,
            /variable exempt is defined twice/,
        );
    });

    it("reports a rule that cannot evaluate an object instead of passing it", () => {
        const fragile: CelRule = { ...rule("disallow-nodeport-services"), checks: [{ expression: "object.spec.missing == 'x'", detail: "'x'", fix: "y" }] };
        const out = compileRule(fragile).evaluate({ kind: "Service", metadata: { name: "s" }, spec: {} });
        expect(out).to.have.length(1);
        expect(out[0]).to.match(/^could not evaluate the rule on this object/);
    });

    it("exempts objects in exemptNamespaces, and a Namespace by its own name", () => {
        const privileged = compileRule(rule("disallow-privileged-containers"));
        const bad = deploymentWith({ "containers.0.securityContext.privileged": true }).props;
        expect(privileged.evaluate(bad)).to.have.length(1);
        expect(privileged.evaluate(bad, { exemptNamespaces: ["team-a"] })).to.deep.equal([]);
        const labels = compileRule(rule("require-pod-security-labels"));
        const unlabeled = namespace({ "metadata.labels": {} }).props;
        expect(labels.evaluate(unlabeled)).to.have.length(1);
        expect(labels.evaluate(unlabeled, { exemptNamespaces: ["team-a"] })).to.deep.equal([]);
    });

    it("maps Pulumi type tokens to group and kind (core is the empty group)", () => {
        expect(kubernetesKind("kubernetes:core/v1:Pod")).to.deep.equal({ group: "", version: "v1", kind: "Pod" });
        expect(kubernetesKind("kubernetes:apps/v1:Deployment")).to.deep.equal({ group: "apps", version: "v1", kind: "Deployment" });
        expect(kubernetesKind("aws:eks/cluster:Cluster")).to.equal(undefined);
    });

    it("ignores resources of other types", () => {
        const compiled = compileRule(rule("disallow-nodeport-services"));
        expect(evaluateResource(compiled, args({ type: "kubernetes:apps/v1:Deployment", props: { spec: { type: "NodePort" } } }))).to.deep.equal([]);
    });

    describe("values unknown at preview", () => {
        it("leaves unknown values out of the object CEL sees", () => {
            const props = unknownCheckingProxy({ metadata: { name: UNKNOWN, namespace: "a" }, spec: { ports: [UNKNOWN, 1] } });
            const { value, unknown } = plainProps(props);
            expect(value).to.deep.equal({ metadata: { namespace: "a" }, spec: { ports: [1] } });
            expect(unknown).to.be.instanceOf(UnknownValueError);
        });

        it("passes a compliant object whose name is unknown", () => {
            const compiled = compileRule(rule("disallow-privileged-containers"));
            const d = deployment();
            const props = unknownCheckingProxy({ ...d.props, metadata: { name: UNKNOWN, namespace: "team-a" } });
            expect(evaluateResource(compiled, args({ type: d.type, props }))).to.deep.equal([]);
        });

        it("defers (throws UnknownValueError, reported as advisory by CrossGuard) when a violation may depend on an unknown", () => {
            const compiled = compileRule(rule("disallow-privilege-escalation"));
            const d = deploymentWith({ "containers.0.securityContext.allowPrivilegeEscalation": UNKNOWN });
            expect(() => evaluateResource(compiled, args({ type: d.type, props: unknownCheckingProxy(d.props) }))).to.throw(UnknownValueError);
        });

        it("reports violations of fully known objects through reportViolation", async () => {
            const policy = celResourcePolicy(rule("disallow-privileged-containers"));
            const d = deploymentWith({ "containers.0.securityContext.privileged": true });
            const reported: string[] = [];
            await (policy.validateResource as (a: unknown, r: (m: string) => void) => void)(args(d), (m) => reported.push(m));
            expect(reported).to.have.length(1);
            expect(reported[0]).to.match(/^privileged containers: web\. Containers must not run privileged\. Fix: /);
        });
    });
});
