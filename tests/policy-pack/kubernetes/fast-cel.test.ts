/**
 * The fast CEL evaluator (policy-pack/cel/fast.ts) is an accelerator, never a second opinion: on every
 * fixture, every object of the conformance corpora and generated variants of them, under each rule's
 * defaults and every environment's parameters, it gives exactly the reference interpreter's messages (or
 * hands the object to the reference). And it compiles every rule of the pack.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { compileSourceReference } from "../../../policy-pack/cel/engine";
import { compileFast } from "../../../policy-pack/cel/fast";
import { readsNamespace } from "../../../policy-pack/cel/policy";
import { effectiveValidations, effectiveVariables, paramDefaults } from "../../../policy-pack/cel/rule";
import { environments, loadPackConfig } from "../../../policy-pack/lib/config";
import type { PolicyCases } from "../../../policy-pack/lib/cases";
import { kubernetesRules } from "../../../policy-pack/policies/kubernetes/rules";
import { corpusDir, readObjects } from "../conformance/corpus";

function fixtureObjects(): unknown[] {
    const dir = path.resolve(__dirname, "../../../policy-pack/fixtures/kubernetes");
    return fs.readdirSync(dir).flatMap((f) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { cases } = require(path.join(dir, f)) as { cases: PolicyCases };
        return [...cases.pass, ...cases.fail].flatMap((c) => c.resources.map((r) => r.props));
    });
}

/** Namespaces an object may be judged in (for rules that read `namespaceObject`): none, plain, a tenant's, odd ones. */
function namespaceObjects(): unknown[] {
    const ns = (metadata: unknown) => ({ apiVersion: "v1", kind: "Namespace", metadata });
    return [
        null,
        ns({ name: "plain" }),
        ns({
            name: "payments",
            labels: { "platform.io/tenant": "payments" },
            annotations: { "platform.io/host-suffixes": "payments.example.com,pay.example.org" },
        }),
        ns({ name: "empty", labels: { "platform.io/tenant": "empty" }, annotations: { "platform.io/host-suffixes": "" } }),
        ns({ name: "unannotated", labels: { "platform.io/tenant": "x" } }),
        ns({ name: "odd", labels: { "platform.io/tenant": "x" }, annotations: { "platform.io/host-suffixes": ",,example.com," } }),
        ns(null),
    ];
}

function corpusObjects(): unknown[] {
    const root = corpusDir();
    if (!root) return [];
    const out: unknown[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, e.name);
            if (e.isDirectory()) walk(full);
            else if (/\.ya?ml$/.test(e.name)) out.push(...readObjects(full));
        }
    };
    walk(root);
    return out;
}

/** Variants that reach the error and edge paths: fields of the wrong type, nulls, empty and odd values. */
function variants(o: unknown): unknown[] {
    const out: unknown[] = [];
    const visit = (v: unknown, set: (x: unknown) => unknown) => {
        if (v === null || typeof v !== "object") return;
        for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
            for (const replacement of [null, 7, "x", [], {}, -1]) {
                out.push(set({ ...(v as object), [k]: replacement }));
            }
            visit(child, (x) => set({ ...(v as object), [k]: x }));
        }
    };
    visit(o, (x) => x);
    return out;
}

describe("the fast CEL evaluator gives the reference interpreter's answers", function () {
    this.timeout(600_000);

    it("compiles every rule of the pack (no rule falls back wholesale to the slow interpreter)", () => {
        for (const rule of kubernetesRules) {
            expect(() => compileFast({ variables: effectiveVariables(rule), validations: effectiveValidations(rule) }), rule.name).to.not.throw();
        }
    });

    it("on fixtures, the conformance corpora and generated variants, under defaults and every environment", () => {
        const base = [...fixtureObjects(), ...corpusObjects()];
        // Variants of a spread of objects (every 40th), each field in turn replaced by an odd value.
        const odd = base.filter((_, i) => i % 40 === 0).flatMap(variants);
        const configs = [{}, ...environments.map((e) => loadPackConfig(e))];
        let compared = 0;
        const mismatches: string[] = [];
        for (const rule of kubernetesRules) {
            const source = { variables: effectiveVariables(rule), validations: effectiveValidations(rule) };
            const fast = compileFast(source);
            const reference = compileSourceReference(rule.name, source, rule.description);
            for (const [ci, config] of configs.entries()) {
                const objects = ci === 0 ? [...base, ...odd] : base;
                const entry = (config as Record<string, unknown>)[rule.name];
                const params = { ...paramDefaults(rule), ...(typeof entry === "object" && entry !== null ? entry : {}) };
                delete (params as { enforcementLevel?: unknown }).enforcementLevel;
                const namespaces = readsNamespace(rule) ? namespaceObjects() : [null];
                for (const o of objects) {
                    for (const ns of namespaces) {
                        const f = fast(o, params, ns);
                        if (f === undefined) continue; // handed to the reference
                        compared++;
                        const r = reference(o, params, ns ?? undefined);
                        if (JSON.stringify(f) !== JSON.stringify(r) && mismatches.length < 5) {
                            const where = ns === null ? "" : ` in ${JSON.stringify(ns)}`;
                            mismatches.push(
                                `${rule.name} on ${JSON.stringify(o).slice(0, 300)}${where}:\n  fast ${JSON.stringify(f)}\n  reference ${JSON.stringify(r)}`,
                            );
                        }
                    }
                }
            }
        }
        expect(mismatches).to.deep.equal([]);
        expect(compared).to.be.above(50_000);
    });
});
