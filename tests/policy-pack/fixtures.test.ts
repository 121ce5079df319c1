/**
 * Every policy has fixtures (policy-pack/fixtures/<group>/<policy>.ts) with at least one passing case
 * and at least one failing case, and each case behaves: passing cases raise nothing from that policy,
 * failing cases raise at least one violation from it.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy-pack/policies";
import { runPolicies } from "../../policy-pack/lib/engine";
import type { PolicyCase, PolicyCases } from "../../policy-pack/lib/cases";

const fixturesDir = path.join(__dirname, "..", "..", "policy-pack", "fixtures");

function fixtureFiles(dir: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            fixtureFiles(full).forEach((v, k) => out.set(k, v));
        } else if (entry.name.endsWith(".ts")) {
            out.set(entry.name.replace(/\.ts$/, ""), full);
        }
    }
    return out;
}

const files = fixtureFiles(fixturesDir);

async function violationsFor(policyName: string, c: PolicyCase) {
    const policy = policies.find((p) => p.name === policyName);
    if (!policy) {
        throw new Error(`no policy named ${policyName}`);
    }
    const urnOf = (r: { type: string; name?: string }, i: number) => `urn:pulumi:test::platform::${r.type}::${r.name ?? `r${i}`}`;
    const resources = c.resources.map((r, i) => ({
        urn: urnOf(r, i),
        type: r.type,
        name: r.name ?? `r${i}`,
        props: r.props,
        dependencies: (r.dependsOn ?? []).flatMap((name) => c.resources.flatMap((d, j) => (d.name === name ? [urnOf(d, j)] : []))),
    }));
    const levelOverride = {
        [policyName]: { enforcementLevel: "mandatory" as const, ...(typeof c.config?.[policyName] === "object" ? c.config[policyName] : {}) },
    };
    return runPolicies([policy], resources, { config: { ...c.config, ...levelOverride } });
}

describe("policy fixtures", () => {
    it("policy names are unique kebab-case and start with what they demand", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size, "duplicate policy names").to.equal(names.length);
        for (const name of names) {
            expect(name).to.match(/^(require|disallow|restrict|limit)-[a-z0-9]+(-[a-z0-9]+)*$/);
        }
    });

    it("every policy has a description and a violation-level", () => {
        for (const p of policies) {
            expect(p.description, p.name).to.be.a("string").with.length.greaterThan(20);
            expect(["advisory", "mandatory"], p.name).to.include(p.enforcementLevel);
        }
    });

    it("every policy has fixtures with at least one passing and one failing case", () => {
        const missing = policies
            .map((p) => p.name)
            .filter((name) => {
                const file = files.get(name);
                if (!file) {
                    return true;
                }
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const { cases } = require(file) as { cases: PolicyCases };
                return !(cases?.pass?.length > 0 && cases?.fail?.length > 0);
            });
        expect(missing, "policies without both a passing and a failing fixture").to.deep.equal([]);
    });

    it("every fixture file belongs to a policy in the pack", () => {
        const names = new Set(policies.map((p) => p.name));
        expect([...files.keys()].filter((f) => !names.has(f))).to.deep.equal([]);
    });

    for (const policy of policies) {
        const file = files.get(policy.name);
        if (!file) {
            continue;
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { cases } = require(file) as { cases: PolicyCases };
        describe(policy.name, () => {
            for (const c of cases.pass) {
                it(`passes: ${c.why}`, async () => {
                    const v = await violationsFor(policy.name, c);
                    expect(v.map((x) => x.message)).to.deep.equal([]);
                });
            }
            for (const c of cases.fail) {
                it(`flags: ${c.why}`, async () => {
                    const v = await violationsFor(policy.name, c);
                    expect(v.length, "violations").to.be.greaterThan(0);
                    for (const x of v) {
                        expect(x.message.length, "a violation message states the rule and the fix").to.be.greaterThan(20);
                    }
                });
            }
        });
    }
});
