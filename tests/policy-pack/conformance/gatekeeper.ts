/**
 * Runs the Gatekeeper library samples (gatekeeper-library/<group>/<template>/samples/<case>/) through the
 * pack: for every template the pack covers, the corresponding policy runs with the constraint's parameters
 * (translated to the policy's parameter names where they differ); `example_allowed*` must pass and
 * `example_disallowed*` must be flagged. `example_inventory*` objects are the cluster's existing objects
 * for referential templates.
 */
import * as fs from "fs";
import * as path from "path";
import { EngineResource, runPolicies } from "../../../policy-pack/lib/engine";
import { policies } from "../../../policy-pack/policies";
import { pulumiType } from "../../../policy-pack/cli/load";
import { readObjects, Score } from "./corpus";
import { TEMPLATE_MAP, expectation, sampleFiles } from "../../../modules/conformance/gatekeeper-library";

type Params = Record<string, unknown>;

export { TEMPLATE_MAP };

function toResources(objects: Record<string, unknown>[], prefix: string): EngineResource[] {
    return objects.map((o, i) => {
        const type = pulumiType(String(o.apiVersion), String(o.kind));
        const name = (o.metadata as { name?: string } | undefined)?.name ?? `${prefix}-${i}`;
        return { urn: `urn:pulumi:gk::conformance::${type}::${prefix}-${i}`, type, name, props: o };
    });
}

/** The score of one template's samples (every case folder under samples/). */
export async function templateScore(corpus: string, template: string, extended = false): Promise<Score> {
    const score: Score = { corpus: `gatekeeper-library/${template}`, passed: 0, total: 0, misses: [] };
    const mapping = TEMPLATE_MAP[template];
    const samples = path.join(corpus, "gatekeeper-library", template, "samples");
    for (const sample of fs.readdirSync(samples).sort()) {
        const dir = path.join(samples, sample);
        const constraintFile = path.join(dir, "constraint.yaml");
        const constraintObj = fs.existsSync(constraintFile) ? readObjects(constraintFile)[0] : undefined;
        const params = ((constraintObj?.spec as { parameters?: Params } | undefined)?.parameters ?? {}) as Params;
        const wanted = mapping(params);
        const selected = policies.filter((p) => p.name in wanted);
        const files = sampleFiles(dir);
        const inventory = files.filter((f) => f.startsWith("example_inventory")).flatMap((f) => readObjects(path.join(dir, f)));
        for (const file of files) {
            const expected = expectation(file, extended);
            if (!expected) continue;
            const resources = [...toResources(inventory, "inventory"), ...toResources(readObjects(path.join(dir, file)), "case")];
            const caseUrns = new Set(resources.filter((r) => r.urn.includes("::case-")).map((r) => r.urn));
            const violations = await runPolicies(selected, resources, { config: wanted as never });
            const flagged = violations.some((v) => caseUrns.has(v.urn));
            score.total++;
            if (flagged === (expected === "flag")) {
                score.passed++;
            } else {
                score.misses.push(`${sample}/${file}: ${expected === "flag" ? "not flagged" : `flagged: ${violations.map((v) => v.message).join(" | ")}`}`);
            }
        }
    }
    return score;
}
