/**
 * The Kubernetes fixtures are PSA-style: every passing case is a compliant object that every Kubernetes
 * policy accepts (with the case's config), so each failing case differs from compliance by one change.
 * (That each policy has both kinds of case, and that they pass and fail as labelled, is the pack-wide
 * fixture meta-test's job.)
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { runPolicies } from "../../../policy-pack/lib/engine";
import type { PolicyCases } from "../../../policy-pack/lib/cases";
import { kubernetesPolicies } from "../../../policy-pack/policies/kubernetes";

const dir = path.resolve(__dirname, "../../../policy-pack/fixtures/kubernetes");

describe("Kubernetes fixtures", () => {
    it("has a fixture file for every Kubernetes policy and none for policies that do not exist", () => {
        const files = fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".ts"))
            .map((f) => f.replace(/\.ts$/, ""))
            .sort();
        expect(files).to.deep.equal(kubernetesPolicies.map((p) => p.name).sort());
    });

    for (const policy of kubernetesPolicies) {
        it(`${policy.name}: every passing case is clean under every Kubernetes policy`, async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { cases } = require(path.join(dir, policy.name)) as { cases: PolicyCases };
            for (const c of cases.pass) {
                const resources = c.resources.map((r, i) => ({
                    urn: `urn:pulumi:test::fixtures::${r.type}::${i}`,
                    type: r.type,
                    name: r.name ?? String(i),
                    props: r.props,
                }));
                const violations = await runPolicies(kubernetesPolicies, resources, { config: c.config });
                expect(
                    violations.map((v) => `${v.policy}: ${v.message}`),
                    c.why,
                ).to.deep.equal([]);
            }
        });
    }
});
