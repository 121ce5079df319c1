import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readWorkflow, workflowsDir } from "../../modules/delivery/workflows";

const root = path.join(__dirname, "..", "..");

/** The reusable policy workflow's check step, run as GitHub would run it (bash, same env names). */
function runCheckStep(paths: string, manifests: Record<string, string>) {
    const jobs = readWorkflow(path.join(workflowsDir, "policy.yml")).jobs as Record<
        string,
        { steps: { id?: string; run?: string; "working-directory"?: string }[] }
    >;
    const step = jobs.check.steps.find((s) => s.id === "check");
    if (!step?.run) {
        throw new Error("policy.yml: no step with id 'check'");
    }
    // The step runs in the platform checkout (`platform/...`): here, this repository.
    const cwd = path.join(root, (step["working-directory"] ?? "platform").replace(/^platform\/?/, ""));
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "workspace-"));
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "runner-temp-"));
    for (const [file, text] of Object.entries(manifests)) {
        fs.mkdirSync(path.dirname(path.join(workspace, "tenant", file)), { recursive: true });
        fs.writeFileSync(path.join(workspace, "tenant", file), text);
    }
    const output = path.join(temp, "output");
    const summary = path.join(temp, "summary");
    // GitHub runs `run:` with `bash -e {0}`, in the step's working directory.
    const r = spawnSync("bash", ["-e", "-c", step.run], {
        cwd,
        encoding: "utf8",
        env: {
            ...process.env,
            PATHS: paths,
            POLICY_ENV: "prod",
            RULES: "",
            GITHUB_WORKSPACE: workspace,
            RUNNER_TEMP: temp,
            GITHUB_OUTPUT: output,
            GITHUB_STEP_SUMMARY: summary,
        },
    });
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "");
    return {
        status: r.status,
        stdout: r.stdout,
        stderr: r.stderr,
        output: read(output),
        summary: read(summary),
        json: read(path.join(temp, "policy.json")),
        workspace,
    };
}

const privilegedPod = `apiVersion: v1
kind: Pod
metadata:
  name: escape
  namespace: payments
spec:
  containers:
    - name: app
      image: registry.example.com/payments/app:1.4.2
      securityContext:
        privileged: true
`;

describe("the reusable policy workflow's check, run as written", function () {
    this.timeout(180000);

    before(() => {
        // The workflow's install step builds the pack (npm run build in policy-pack/); do the same here.
        const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: path.join(root, "policy-pack"), encoding: "utf8" });
        expect(build.status, build.stderr).to.equal(0);
    });

    it("installs the pack as its own package, without the Pulumi SDKs, and runs its bin", () => {
        const jobs = readWorkflow(path.join(workflowsDir, "policy.yml")).jobs as Record<
            string,
            { steps: { run?: string; "working-directory"?: string; with?: Record<string, string> }[] }
        >;
        const steps = jobs.check.steps;
        const install = steps.find((s) => s.run?.includes("npm ci"));
        expect(install?.["working-directory"]).to.equal("platform/policy-pack");
        expect(install?.run).to.include("--omit=optional");
        expect(steps.some((s) => s.with?.["cache-dependency-path"] === "platform/policy-pack/package-lock.json")).to.equal(true);
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "policy-pack", "package.json"), "utf8")) as { bin: Record<string, string> };
        expect(steps.find((s) => s.run?.includes("check"))?.run).to.include(`node ${pkg.bin["platform-policy"]} check`);
    });

    it("a tenant manifest with a privileged pod fails the job, with the findings in the summary and the JSON report", () => {
        const r = runCheckStep("k8s/", { "k8s/pod.yaml": privilegedPod });
        expect(r.status, r.stdout + r.stderr).to.equal(1);
        expect(r.output).to.include("result=violations");
        expect(r.summary).to.include("### Platform policy check: violations");
        expect(r.summary, "paths are shown relative to the tenant's repository").to.not.include(r.workspace);
        const report = JSON.parse(r.json) as { violations: { file: string; level: string; policy: string }[] };
        expect(report.violations.some((v) => v.level === "mandatory")).to.equal(true);
    });

    it("a path that does not exist is invalid input (exit 2), not a pass", () => {
        const r = runCheckStep("missing/", { "k8s/pod.yaml": privilegedPod });
        expect(r.status, r.stdout + r.stderr).to.equal(2);
        expect(r.output).to.include("result=invalid-input");
    });
});
