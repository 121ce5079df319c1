/**
 * One rule, three enforcement points: every Kubernetes rule of the catalogue exists as a CrossGuard policy
 * and as a Gatekeeper ConstraintTemplate (K8sNativeValidation), with the same CEL and the same parameters,
 * and the template's CEL, read back from YAML, decides every fixture exactly as the policy does.
 */
import { expect } from "chai";
import { runPolicies } from "../../../policy-pack/lib/engine";
import { parse, parseAllDocuments, stringify } from "yaml";
import { runGatekeeper } from "../../../policy-pack/cli/check";
import { compileSource } from "../../../policy-pack/cel/engine";
import { constraint, constraintKind, constraintTemplate, gatekeeperObjects } from "../../../policy-pack/cel/gatekeeper";
import { kubernetesKind, ruleMatches } from "../../../policy-pack/cel/policy";
import { effectiveValidations, effectiveVariables, paramDefaults, catalogueRow } from "../../../policy-pack/cel/rule";
import { configOf } from "../../../policy-pack/lib/engine";
import { kubernetesPolicies, kubernetesRules } from "../../../policy-pack/policies/kubernetes";
import type { PolicyCases } from "../../../policy-pack/lib/cases";

const CATALOGUE_IDS = [...Array.from({ length: 15 }, (_, i) => `W${i + 1}`), "S1", "S2", "S3", "S4", "S5", "N1", "N3", "N4", "N5", "N6", "N7"];

interface TemplateSource {
    variables: { name: string; expression: string }[];
    validations: { expression: string; messageExpression: string }[];
}

/** The CEL source of a rendered template, after a YAML round trip (what Gatekeeper would read). */
function templateSource(rule: (typeof kubernetesRules)[number]): { source: TemplateSource; schema: Record<string, { type: string }> } {
    const t = parse(stringify(constraintTemplate(rule))) as {
        spec: {
            crd: { spec: { validation: { openAPIV3Schema: { properties: Record<string, { type: string }> } } } };
            targets: { target: string; code: { engine: string; source: TemplateSource }[] }[];
        };
    };
    expect(t.spec.targets).to.have.length(1);
    expect(t.spec.targets[0].target).to.equal("admission.k8s.gatekeeper.sh");
    const code = t.spec.targets[0].code.find((c) => c.engine === "K8sNativeValidation");
    expect(code, `${rule.name}: K8sNativeValidation code`).to.not.equal(undefined);
    return { source: (code as { source: TemplateSource }).source, schema: t.spec.crd.spec.validation.openAPIV3Schema.properties };
}

describe("Kubernetes rules: one CEL definition, CrossGuard and Gatekeeper forms", () => {
    it("covers every Kubernetes-object rule of the catalogue (W1-W15, S1-S5, N1, N3-N7)", () => {
        const covered = new Set(kubernetesRules.map(catalogueRow));
        expect(CATALOGUE_IDS.filter((id) => !covered.has(id))).to.deep.equal([]);
    });

    it("gives every rule its own id: the catalogue row, with a letter for each further rule of the row", () => {
        const ids = kubernetesRules.map((r) => r.id);
        expect(
            ids.filter((id, i) => ids.indexOf(id) !== i),
            "duplicated ids",
        ).to.deep.equal([]);
        for (const id of ids) {
            expect(id).to.match(/^[A-Z]+\d+[b-z]?$/);
        }
        expect(kubernetesRules.find((r) => r.name === "require-image-digest")?.id, "W10's advisory digest rule is not W10 itself").to.equal("W10b");
    });

    it("names every policy in kebab-case starting with what it demands, uniquely", () => {
        const names = kubernetesPolicies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        for (const name of names) {
            expect(name).to.match(/^(require|disallow|restrict)-[a-z0-9]+(-[a-z0-9]+)*$/);
        }
    });

    for (const rule of kubernetesRules) {
        describe(rule.name, () => {
            const policy = kubernetesPolicies.find((p) => p.name === rule.name);

            it("exists as a CrossGuard policy with the rule's level and parameters", () => {
                expect(policy, "policy").to.not.equal(undefined);
                expect(policy?.enforcementLevel).to.equal(rule.level);
                expect(configOf(policy!, {})).to.deep.equal(paramDefaults(rule));
            });

            it("exists as a Gatekeeper template with the same CEL and the same parameter names and types", () => {
                const { source, schema } = templateSource(rule);
                expect(source.variables).to.deep.equal(effectiveVariables(rule));
                expect(source.validations).to.deep.equal(effectiveValidations(rule));
                const crossguard = policy?.configSchema?.properties ?? {};
                expect(Object.keys(schema).sort()).to.deep.equal(Object.keys(crossguard).sort());
                for (const [key, prop] of Object.entries(schema)) {
                    expect(prop.type, key).to.equal((crossguard[key] as { type: string }).type);
                }
            });

            it("instantiates a Constraint over the rule's kinds with every parameter set", () => {
                const c = constraint(rule) as { kind: string; spec: { match: { kinds: unknown }; parameters: unknown; enforcementAction: string } };
                expect(c.kind).to.equal(constraintKind(rule));
                expect(c.spec.match.kinds).to.deep.equal(rule.match);
                expect(c.spec.parameters).to.deep.equal(paramDefaults(rule));
                expect(c.spec.enforcementAction).to.equal(rule.level === "mandatory" ? "deny" : "warn");
            });

            it("decides every fixture the same way from the template's YAML as the policy does", async () => {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const { cases } = require(`../../../policy-pack/fixtures/kubernetes/${rule.name}`) as { cases: PolicyCases };
                const evaluate = compileSource(rule.name, templateSource(rule).source, rule.description);
                for (const c of [...cases.pass, ...cases.fail]) {
                    const params = configOf(policy!, c.config ?? {});
                    // Rules that read `namespaceObject` get the case's Namespace of the object, as admission binds it.
                    const namespaces = new Map(
                        c.resources
                            .filter((r) => r.type === "kubernetes:core/v1:Namespace")
                            .map((r) => [(r.props.metadata as { name: string }).name, { apiVersion: "v1", kind: "Namespace", ...r.props }]),
                    );
                    const resources = c.resources.map((r, i) => ({ urn: `urn:${i}`, type: r.type, name: r.name ?? String(i), props: r.props }));
                    const stackViolations =
                        policy && "validateStack" in policy
                            ? await runPolicies([policy], resources, { config: { [rule.name]: "mandatory", ...c.config } })
                            : [];
                    for (const [i, r] of c.resources.entries()) {
                        const kk = kubernetesKind(r.type);
                        if (!kk || !ruleMatches(rule, kk.group, kk.kind)) {
                            continue;
                        }
                        const ns = (r.props.metadata as { namespace?: string } | undefined)?.namespace;
                        const viaTemplate = evaluate(r.props, params, ns === undefined ? undefined : namespaces.get(ns));
                        const violations: string[] = [];
                        if (policy && "validateStack" in policy) {
                            violations.push(...stackViolations.filter((v) => v.urn === `urn:${i}`).map((v) => v.message));
                        } else {
                            await (policy as { validateResource: (a: unknown, report: (m: string) => void) => void }).validateResource(
                                { type: r.type, props: r.props, urn: "urn", name: r.name, getConfig: () => params, notApplicable: () => undefined },
                                (m) => violations.push(m),
                            );
                        }
                        expect(viaTemplate, c.why).to.deep.equal(violations);
                    }
                }
            });
        });
    }
});

describe("Gatekeeper objects for an environment", () => {
    it("renders a template per rule and a constraint per enabled rule with the environment's level and parameters", () => {
        const objects = gatekeeperObjects(kubernetesRules, {
            "require-probes": "disabled",
            "require-min-replicas": { enforcementLevel: "mandatory", minReplicas: 3 },
            "disallow-privileged-containers": { exemptNamespaces: ["falco"] },
        }) as { kind: string; metadata: { name: string }; spec: { enforcementAction?: string; parameters?: Record<string, unknown> } }[];
        const templates = objects.filter((o) => o.kind === "ConstraintTemplate");
        const constraints = objects.filter((o) => o.kind !== "ConstraintTemplate");
        expect(templates).to.have.length(kubernetesRules.length);
        expect(objects.indexOf(constraints[0])).to.equal(templates.length, "templates come before constraints");
        expect(constraints.map((c) => c.metadata.name)).to.not.include("require-probes");
        const replicas = constraints.find((c) => c.metadata.name === "require-min-replicas");
        expect(replicas?.spec).to.deep.include({ enforcementAction: "deny", parameters: { exemptNamespaces: [], minReplicas: 3 } });
        const privileged = constraints.find((c) => c.metadata.name === "disallow-privileged-containers");
        expect(privileged?.spec.parameters).to.deep.equal({ exemptNamespaces: ["falco"], exemptImages: [] });
        expect(constraints.find((c) => c.metadata.name === "require-read-only-root-filesystem")?.spec.enforcementAction).to.equal("warn");
    });

    it("prints them as YAML with `policy gatekeeper`", () => {
        const result = runGatekeeper([]);
        expect(result.code).to.equal(0);
        const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as { kind: string });
        expect(docs.filter((d) => d.kind === "ConstraintTemplate")).to.have.length(kubernetesRules.length);
        expect(runGatekeeper(["--env", "qa"]).code).to.equal(2);
    });
});
