/**
 * The objects the real admission judges, with the rules and pack config each is judged under:
 * - the Pod Security Standards fixtures (shared/corpus/pod-security-admission), under the pss-baseline and
 *   pss-restricted groups (each group's rules with the group's parameters, as `policy check --rules` runs them);
 * - the Gatekeeper library samples (shared/corpus/gatekeeper-library) of the templates the pack covers with
 *   CEL rules, under the sample constraint's parameters translated as ./gatekeeper-library.ts says;
 * - the pack's own Kubernetes fixtures (policy-pack/fixtures/kubernetes), every case under its config,
 *   judged by every CEL rule.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import type { CelRule } from "../../policy-pack/cel/rule";
import type { PolicyCases } from "../../policy-pack/lib/cases";
import type { PackConfig } from "../../policy-pack/lib/engine";
import { selectRules } from "../../policy-pack/cli/select";
import { kubernetesRules } from "../../policy-pack/policies/kubernetes/rules";
import { pssGroups } from "../../policy-pack/policies/kubernetes";
import { Params, TEMPLATE_MAP, expectation, sampleFiles } from "./gatekeeper-library";
import type { KubeObject } from "./kube";

export interface ParityCase {
    /** Corpus label for the parity table. */
    corpus: string;
    /** Where the case comes from (file, sample, fixture), for messages. */
    id: string;
    objects: KubeObject[];
    rules: readonly CelRule[];
    config: PackConfig;
}

/** The Kubernetes objects of a YAML file (every non-empty mapping document). */
export function readYamlObjects(file: string): KubeObject[] {
    return parseAllDocuments(fs.readFileSync(file, "utf8"))
        .map((d) => d.toJS() as unknown)
        .filter((o): o is KubeObject => o !== null && typeof o === "object" && !Array.isArray(o) && typeof (o as KubeObject).kind === "string")
        .map((o) => ({ ...o, metadata: { ...(o.metadata ?? {}) } }));
}

const ruleByName = new Map(kubernetesRules.map((r) => [r.name, r]));

export const pssLevels = ["baseline", "restricted"] as const;
export type PssLevel = (typeof pssLevels)[number];

/** Fixture files of the PSS corpus: level/verdict folder and file. */
export function pssFixtures(shared: string): { dir: string; file: string }[] {
    const root = path.join(shared, "corpus", "pod-security-admission");
    return pssLevels.flatMap((level) =>
        ["fail", "pass"].flatMap((verdict) => {
            const dir = path.join(root, level, verdict);
            return fs.existsSync(dir)
                ? fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => ({ dir, file: path.join(dir, f) }))
                : [];
        }),
    );
}

/** Each PSS fixture under each level's group. */
export function pssCases(shared: string): ParityCase[] {
    const root = path.join(shared, "corpus", "pod-security-admission");
    return pssLevels.flatMap((level) => {
        const group = `pss-${level}` as const;
        const { config } = selectRules([group], {});
        const rules = pssGroups[group].map((m) => ruleByName.get(m.name)).filter((r): r is CelRule => r !== undefined);
        return pssFixtures(shared).map(({ file }) => ({
            corpus: `pod-security-admission (${group})`,
            id: `${path.relative(root, file)} [${group}]`,
            objects: readYamlObjects(file),
            rules,
            config,
        }));
    });
}

/** The Gatekeeper library samples of every template the pack maps to CEL rules only. */
export function gatekeeperCases(shared: string): ParityCase[] {
    const root = path.join(shared, "corpus", "gatekeeper-library");
    const cases: ParityCase[] = [];
    for (const [template, mapping] of Object.entries(TEMPLATE_MAP)) {
        const samples = path.join(root, template, "samples");
        if (!fs.existsSync(samples)) {
            continue;
        }
        for (const sample of fs.readdirSync(samples).sort()) {
            const dir = path.join(samples, sample);
            const constraintFile = path.join(dir, "constraint.yaml");
            const constraint = fs.existsSync(constraintFile) ? readYamlObjects(constraintFile)[0] : undefined;
            const params = ((constraint?.spec as { parameters?: Params } | undefined)?.parameters ?? {}) as Params;
            const wanted = mapping(params);
            const rules = Object.keys(wanted).map((n) => ruleByName.get(n));
            if (rules.some((r) => r === undefined)) {
                continue; // a template the pack implements in TypeScript (e.g. unique ingress hosts): no CEL to compare
            }
            for (const file of sampleFiles(dir)) {
                if (!expectation(file, true)) {
                    continue;
                }
                cases.push({
                    corpus: "gatekeeper-library",
                    id: `${template}/${sample}/${file}`,
                    objects: readYamlObjects(path.join(dir, file)),
                    rules: rules as CelRule[],
                    config: wanted as PackConfig,
                });
            }
        }
    }
    return cases;
}

/** The pack's own Kubernetes fixtures: every case (pass and fail) under its config, judged by every CEL rule. */
export function fixtureCases(fixturesDir = path.resolve(__dirname, "../../policy-pack/fixtures/kubernetes")): ParityCase[] {
    const cases: ParityCase[] = [];
    for (const file of fs.readdirSync(fixturesDir).filter((f) => f.endsWith(".ts")).sort()) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { cases: fixture } = require(path.join(fixturesDir, file)) as { cases: PolicyCases };
        for (const [kind, list] of [["pass", fixture.pass], ["fail", fixture.fail]] as const) {
            list.forEach((c, i) => {
                const objects = c.resources.flatMap((r): KubeObject[] => {
                    const m = /^kubernetes:([^:/]+)\/([^:/]+):([A-Za-z0-9]+)$/.exec(r.type);
                    if (!m) {
                        return [];
                    }
                    const obj = structuredClone(r.props) as KubeObject;
                    obj.apiVersion ??= m[1] === "core" ? m[2] : `${m[1]}/${m[2]}`;
                    obj.kind ??= m[3];
                    obj.metadata = { ...(obj.metadata ?? {}) };
                    obj.metadata.name ??= r.name ?? `case-${i}`;
                    return [obj];
                });
                cases.push({
                    corpus: "policy-pack fixtures",
                    id: `${file.replace(/\.ts$/, "")} ${kind}[${i}] (${c.why})`,
                    objects,
                    rules: kubernetesRules,
                    config: c.config ?? {},
                });
            });
        }
    }
    return cases;
}
