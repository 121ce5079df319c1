import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readWorkflow, workflowsDir } from "../../modules/delivery/workflows";

/**
 * The drift job's refresh step, run as written with bash (GitHub's default `bash -e`), against a
 * stand-in `pulumi` on PATH that records its arguments and answers as the CLI does with and
 * without drift. What is under test is the step's own logic: the command it runs, that drift
 * fails the job, and what lands in the job summary.
 */
function runRefreshStep(fakeExit: number) {
    const jobs = readWorkflow(path.join(workflowsDir, "drift.yml")).jobs as Record<string, { steps: { name?: string; run?: string }[] }>;
    const step = jobs.drift.steps.find((s) => s.run?.includes("pulumi refresh"));
    if (!step?.run) {
        throw new Error("drift.yml: no step runs pulumi refresh");
    }
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
    const bin = path.join(temp, "bin");
    fs.mkdirSync(bin);
    const argsFile = path.join(temp, "args");
    fs.writeFileSync(
        path.join(bin, "pulumi"),
        `#!/usr/bin/env bash\necho "$@" > "${argsFile}"\nif [ "${fakeExit}" -ne 0 ]; then echo "  ~ aws:s3/bucket:Bucket logs update [diff: ~tags]"; echo "error: no changes were expected for refresh but changes were proposed" >&2; fi\nexit ${fakeExit}\n`,
        { mode: 0o755 },
    );
    const summary = path.join(temp, "summary");
    const r = spawnSync("bash", ["-e", "-c", step.run], {
        encoding: "utf8",
        env: { PATH: `${bin}:${process.env.PATH ?? ""}`, STACK: "acme/aws-prod", RUNNER_TEMP: temp, GITHUB_STEP_SUMMARY: summary },
    });
    return {
        status: r.status,
        stdout: r.stdout,
        args: fs.existsSync(argsFile) ? fs.readFileSync(argsFile, "utf8").trim() : "",
        summary: fs.existsSync(summary) ? fs.readFileSync(summary, "utf8") : "",
    };
}

describe("the drift workflow's refresh step, run as written", () => {
    it("asks Pulumi for a preview-only refresh of the stack that errors on any change", () => {
        const r = runRefreshStep(0);
        expect(r.args.split(" ")).to.include.members(["refresh", "--preview-only", "--expect-no-changes", "--non-interactive", "--stack", "acme/aws-prod"]);
    });

    it("a stack without drift passes and adds nothing to the summary", () => {
        const r = runRefreshStep(0);
        expect(r.status).to.equal(0);
        expect(r.summary).to.equal("");
    });

    it("a drifted stack fails the job and its diff goes to the job summary", () => {
        const r = runRefreshStep(255);
        expect(r.status).to.equal(255);
        expect(r.summary).to.include("### Drift on `acme/aws-prod`").and.include("aws:s3/bucket:Bucket logs update").and.include("no changes were expected");
        expect(r.stdout, "the log shows the diff too").to.include("aws:s3/bucket:Bucket logs update");
    });
});
