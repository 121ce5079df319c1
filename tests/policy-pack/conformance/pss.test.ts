/**
 * Pod Security Standards conformance, through the `policy check` CLI: the upstream v1.37 fixtures of
 * kubernetes/pod-security-admission. Every fail pod is flagged by its level's group and every pass pod is
 * clean under it (exactly the controls of that level, no more).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { runCheck, CheckReport } from "../../../policy-pack/cli/check";
import { corpusDir, formatScore, Score } from "./corpus";
import { skipBecause } from "../../skip";

const root = corpusDir();

async function check(group: string, dir: string): Promise<{ code: number; files: string[]; flagged: Set<string> }> {
    const result = await runCheck(["--rules", group, "--format", "json", dir]);
    expect(result.stderr).to.equal("");
    const report = JSON.parse(result.stdout) as CheckReport;
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(report.checked, "every fixture is one object").to.equal(files.length);
    return { code: result.code, files, flagged: new Set(report.violations.map((v) => path.basename(v.file))) };
}

describe("conformance: Pod Security Standards fixtures (v1.37)", function () {
    const scores: Score[] = [];

    before(function () {
        if (!root) {
            skipBecause(this, "no shared/corpus beside this checkout (set PLATFORM_CORPUS_DIR)");
        }
    });

    after(() => {
        for (const s of scores) {
            console.log(`      score ${formatScore(s)}`);
        }
    });

    for (const [level, kind] of [
        ["baseline", "fail"],
        ["restricted", "fail"],
        ["restricted", "pass"],
        ["baseline", "pass"],
    ] as const) {
        const wantFlag = kind === "fail";
        it(`${wantFlag ? "flags every" : "passes every"} ${level}/${kind} pod under pss-${level}`, async () => {
            const dir = path.join(root as string, "pod-security-admission", level, kind);
            const { code, files, flagged } = await check(`pss-${level}`, dir);
            const wrong = files.filter((f) => flagged.has(f) !== wantFlag);
            scores.push({ corpus: `pod-security-admission/${level}/${kind} (pss-${level})`, passed: files.length - wrong.length, total: files.length, misses: wrong });
            expect(wrong, wantFlag ? "fixtures not flagged" : "fixtures flagged").to.deep.equal([]);
            expect(code, "exit code").to.equal(wantFlag ? 1 : 0);
        });
    }

    it("flags every baseline/fail pod under pss-restricted too (restricted includes baseline)", async () => {
        const dir = path.join(root as string, "pod-security-admission", "baseline", "fail");
        const { files, flagged } = await check("pss-restricted", dir);
        expect(files.filter((f) => !flagged.has(f))).to.deep.equal([]);
    });

    it("keeps pss-baseline narrower than restricted: restricted-only failures pass baseline", async () => {
        // Fixtures of controls only the restricted level has (volume types, non-root, privilege escalation...).
        const dir = path.join(root as string, "pod-security-admission", "restricted", "fail");
        const restrictedOnly = /^(allowprivilegeescalation|capabilities_restricted|procmount_restricted|restrictedvolumes|runasnonroot|runasuser|seccompprofile_restricted)\d/;
        const { flagged } = await check("pss-baseline", dir);
        // Except those that also break a baseline control: a hostPath volume, an explicit Unconfined seccomp profile.
        const alsoBaseline = new Set(["restrictedvolumes19.yaml", "seccompprofile_restricted1.yaml", "seccompprofile_restricted4.yaml"]);
        const wrongly = [...flagged].filter((f) => restrictedOnly.test(f) && !alsoBaseline.has(f));
        expect(wrongly).to.deep.equal([]);
    });
});
