/**
 * Gatekeeper library conformance: for every library template the pack covers, the corresponding policy
 * (with the sample constraint's parameters) passes `example_allowed*` and flags `example_disallowed*`.
 * The few samples where our rule knowingly differs are listed with the reason; the test fails if any other
 * sample misbehaves, or if a listed gap starts passing (so the list stays true).
 */
import { expect } from "chai";
import { corpusDir, formatScore, Score } from "./corpus";
import { TEMPLATE_MAP, templateScore } from "./gatekeeper";
import { skipBecause } from "../../skip";

/** Samples where the pack deliberately or necessarily differs from the library template. */
const KNOWN_GAPS: Record<string, string> = {
    "pod-security-policy/apparmor psp-apparmor/example_allowed_override.yaml":
        "PSS baseline forbids an Unconfined pod-level profile even when every container overrides it",
    "general/containerrequests container-must-have-requests/example_disallowed.yaml":
        "the template also caps request sizes (cpu/memory maxima); W12 requires requests, without maxima",
    "general/containerlimits container-ignore-cpu-limits/example_disallowed.yaml": "limit maxima are not a catalogue rule (W12 requires the limit)",
    "general/containerlimits container-must-have-limits/example_disallowed.yaml": "limit maxima are not a catalogue rule (W12 requires the limit)",
    "general/poddisruptionbudget poddisruptionbudget/example_disallowed_deployment.yaml":
        "needs the PDB matching the Deployment (referential data); W15 checks each PDB on its own",
    "general/replicalimits replicalimits/example_disallowed.yaml": "W15 sets a minimum replica count, not a maximum",
};

describe("conformance: Gatekeeper library samples", function () {
    const root = corpusDir();
    const scores: Score[] = [];
    const extendedScores: Score[] = [];

    before(function () {
        if (!root) {
            skipBecause(this, "no shared/corpus beside this checkout (set PLATFORM_CORPUS_DIR)");
        }
    });

    after(() => {
        const sum = (list: Score[]) => list.reduce((a, s) => ({ passed: a.passed + s.passed, total: a.total + s.total }), { passed: 0, total: 0 });
        for (const s of scores) {
            console.log(`      score ${formatScore(s)}`);
        }
        const all = sum(scores);
        const ext = sum(extendedScores);
        console.log(`      score ${formatScore({ corpus: "gatekeeper-library (example_* samples, covered templates)", ...all, misses: [] })}`);
        console.log(`      score ${formatScore({ corpus: "gatekeeper-library (all named samples, covered templates)", ...ext, misses: [] })}`);
    });

    for (const template of Object.keys(TEMPLATE_MAP)) {
        it(`${template}: allowed samples pass and disallowed samples are flagged`, async () => {
            const score = await templateScore(root as string, template);
            const extended = await templateScore(root as string, template, true);
            scores.push(score);
            extendedScores.push(extended);
            const misses = score.misses.map((m) => `${template} ${m.split(": ")[0]}`);
            const unexpected = misses.filter((m) => !(m in KNOWN_GAPS));
            expect(unexpected, score.misses.join("\n")).to.deep.equal([]);
            const listed = Object.keys(KNOWN_GAPS).filter((k) => k.startsWith(`${template} `));
            expect(listed.filter((k) => !misses.includes(k)), "known gaps that now pass: remove them from KNOWN_GAPS").to.deep.equal([]);
            expect(extended.total, "the template has samples").to.be.greaterThan(0);
            expect(extended.misses.filter((m) => !(`${template} ${m.split(": ")[0]}` in KNOWN_GAPS)), "other named samples").to.deep.equal([]);
        });
    }
});
