import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deployableStacks, parseStackConfig, readStackFile, shippedStacks, stackFilePath, stacksIn } from "../../modules/config";
import { exampleStacksDir } from "../../modules/config/stack-file";
import { githubHostedLabel } from "../../modules/config/sections/pipeline";
import { ciProblems, ciStackOf, ciStacks, managedStacks } from "../../modules/delivery/stacks";
import { readWorkflow, workflowFiles, workflowsDir } from "../../modules/delivery/workflows";
import { rejectionOf } from "../harness";

const root = path.join(__dirname, "..", "..");

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string; env?: Record<string, string>; name?: string };
type Job = { "runs-on"?: unknown; environment?: unknown; steps?: Step[] };
const job = (file: string, id: string) => (readWorkflow(path.join(workflowsDir, file)).jobs as Record<string, Job>)[id];

/** The jobs that talk to a cloud for one stack: previews, deployments, drift checks. */
const cloudJobs: [string, string, string][] = [
    ["pull-request.yml", "preview", "${{ matrix.previewEnvironment }}"],
    ["pulumi-up.yml", "up", "${{ matrix.deployEnvironment }}"],
    ["drift.yml", "drift", "${{ matrix.previewEnvironment }}"],
];

describe("CI stack selection: the organization's stacks, never the examples", () => {
    it("deploy, preview and drift cover stacks/ only: no example stack is ever selected", () => {
        const selected = ciStacks().map((s) => s.stack);
        expect(selected).to.deep.equal(deployableStacks());
        for (const example of stacksIn(exampleStacksDir)) {
            expect(selected, example).to.not.include(example);
        }
    });

    it("the examples are still shipped (planned by the tests, the bench and the conformance suite)", () => {
        expect(shippedStacks()).to.include.members(["local", ...stacksIn(exampleStacksDir)]);
        expect(stacksIn(exampleStacksDir).length).to.be.greaterThan(0);
    });

    it("the workflow's selection tool, run as CI runs it, prints no example stack", () => {
        const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), "tools/ci-stacks.ts"], { cwd: root, encoding: "utf8" });
        expect(r.status, r.stderr).to.equal(0);
        for (const example of stacksIn(exampleStacksDir)) {
            expect(r.stdout).to.not.include(`"stack":"${example}"`);
        }
    });

    it("the same example stacks copied into stacks/ would be selected (so the exclusion is by folder, not by content)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
        for (const s of stacksIn(exampleStacksDir)) {
            fs.copyFileSync(stackFilePath(s), path.join(dir, `Pulumi.${s}.yaml`));
        }
        expect(managedStacks(ciStacks(dir)).map((s) => s.stack)).to.deep.equal(stacksIn(exampleStacksDir));
    });
});

describe("runners per stack: a private cluster never runs on a GitHub-hosted runner", () => {
    for (const stack of shippedStacks()) {
        const config = parseStackConfig(readStackFile(stackFilePath(stack)));
        if (config.cluster.cloud === "existing" || !config.cluster.endpoint.private) {
            continue;
        }
        it(`${stack} (private endpoint) runs its jobs on its own runner, not ubuntu-latest`, () => {
            const entry = ciStackOf(config);
            const labels = Array.isArray(entry.runner) ? entry.runner : (entry.runner.labels ?? []);
            expect(labels.filter((l) => githubHostedLabel.test(l))).to.deep.equal([]);
            expect(labels.length + (Array.isArray(entry.runner) ? 0 : 1)).to.be.greaterThan(0);
        });
    }

    it("a private prod stack with no runner is refused by CI stack selection (exit 2), naming the file and the key", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
        fs.writeFileSync(
            path.join(dir, "Pulumi.core-prod.yaml"),
            "config:\n  platform:environment: prod\n  platform:cluster:\n    cloud: aws\n    name: core\n    region: eu-west-1\n",
        );
        expect(ciProblems(ciStacks(dir), dir).join("\n"))
            .to.include("pipeline.runner")
            .and.include("Pulumi.core-prod.yaml");
        const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), "tools/ci-stacks.ts", "--dir", dir], { cwd: root, encoding: "utf8" });
        expect(r.status).to.equal(2);
        expect(r.stderr).to.include("platform:pipeline.runner");
        expect(r.stdout, "no matrix is printed").to.equal("");
    });

    it("a private cluster's runner set to ubuntu-latest is a config error naming pipeline.runner", () => {
        const issues = rejectionOf({
            environment: "prod",
            cluster: { cloud: "gcp", name: "core", project: "acme-prod-1", region: "europe-west1" },
            pipeline: { runner: "ubuntu-latest" },
        });
        expect(issues.join("\n")).to.include("pipeline.runner: 'ubuntu-latest' is a GitHub-hosted runner");
    });

    it("a public dev stack defaults to ubuntu-latest, and each stack gets its own GitHub Environments", () => {
        const config = parseStackConfig(readStackFile(stackFilePath("aws-dev")));
        const entry = ciStackOf(config);
        expect(entry.runner).to.deep.equal(["ubuntu-latest"]);
        expect(entry.deployEnvironment).to.equal("aws-dev");
        expect(entry.previewEnvironment).to.equal("aws-dev-preview");
    });

    it("the preview identity must be one the cluster's cloud can grant", () => {
        const issues = rejectionOf({
            environment: "dev",
            cluster: { cloud: "azure", name: "core", region: "westeurope", endpoint: { private: true } },
            pipeline: { previewIdentity: { type: "awsRole", arn: "arn:aws:iam::111122223333:role/preview" } },
        });
        expect(issues.join("\n")).to.include(
            "pipeline.previewIdentity.type: 'awsRole' is not an identity a azure cluster can grant; use entraServicePrincipal or entraGroup",
        );
    });

    for (const [file, id, environment] of cloudJobs) {
        it(`${file} ${id}: runs on the stack's runner, in the stack's own GitHub Environment`, () => {
            expect(job(file, id)["runs-on"]).to.equal("${{ matrix.runner }}");
            expect(job(file, id).environment).to.equal(environment);
        });
    }
});

describe("the cloud jobs can reach the cluster and the state", () => {
    for (const [file, id] of cloudJobs) {
        const steps = job(file, id).steps ?? [];

        it(`${file} ${id}: installs the stack's Kubernetes auth plugin (kubelogin on azure, gke-gcloud-auth-plugin on gcp, the aws CLI on aws)`, () => {
            const kubelogin = steps.find((s) => s.uses?.startsWith("Azure/use-kubelogin@"));
            expect(kubelogin?.if, "kubelogin for azure stacks").to.include("matrix.cloud == 'azure'");
            const gcloud = steps.find((s) => s.uses?.startsWith("google-github-actions/setup-gcloud@"));
            expect(gcloud?.if, "gcloud for gcp stacks").to.include("matrix.cloud == 'gcp'");
            expect(gcloud?.with?.install_components).to.include("gke-gcloud-auth-plugin");
            const check = steps.find((s) => s.run?.includes("kube-auth-plugin.sh"));
            expect(check, "the plugin check (installs the aws CLI when missing)").to.not.equal(undefined);
            const pulumi = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") || s.run?.includes("pulumi refresh"));
            expect(steps.indexOf(check as Step), "before Pulumi talks to the cluster").to.be.lessThan(pulumi);
        });

        it(`${file} ${id}: passes the state backend's variables to Pulumi (AZURE_STORAGE_ACCOUNT for azblob://)`, () => {
            const pulumiSteps = steps.filter((s) => (s.uses?.startsWith("pulumi/actions@") && s.with?.command) || s.run?.includes("pulumi refresh"));
            expect(pulumiSteps.length).to.be.greaterThan(0);
            for (const s of pulumiSteps) {
                expect(s.env).to.include.keys("PULUMI_BACKEND_URL", "PULUMI_ACCESS_TOKEN", "AZURE_STORAGE_ACCOUNT");
            }
        });

        it(`${file} ${id}: logs in to the state backend's cloud as well as the stack's`, () => {
            const logins = steps.filter((s) =>
                ["aws-actions/configure-aws-credentials@", "Azure/login@", "google-github-actions/auth@"].some((a) => s.uses?.startsWith(a)),
            );
            expect(logins.map((s) => s.if)).to.deep.equal([
                "steps.creds.outputs.aws == 'true'",
                "steps.creds.outputs.azure == 'true'",
                "steps.creds.outputs.gcp == 'true'",
            ]);
        });
    }

    it("kube-auth-plugin.sh fails an azure job without kubelogin, naming it", () => {
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "bin-"));
        fs.writeFileSync(path.join(bin, "az"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const r = spawnSync("/bin/bash", [path.join(root, ".github/scripts/kube-auth-plugin.sh"), "azure"], {
            env: { PATH: `${bin}:/usr/bin:/bin` },
            encoding: "utf8",
        });
        expect(r.status).to.equal(1);
        expect(r.stdout).to.include("kubelogin");
    });

    it("kube-auth-plugin.sh passes a gcp job whose plugin is on PATH", () => {
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "bin-"));
        fs.writeFileSync(path.join(bin, "gke-gcloud-auth-plugin"), "#!/bin/sh\necho v0.5\n", { mode: 0o755 });
        const r = spawnSync("/bin/bash", [path.join(root, ".github/scripts/kube-auth-plugin.sh"), "gcp"], {
            env: { PATH: `${bin}:/usr/bin:/bin` },
            encoding: "utf8",
        });
        expect(r.status, r.stdout + r.stderr).to.equal(0);
    });
});

describe("docs/operations.md: one table of every secret and variable the workflows read", () => {
    const doc = fs.readFileSync(path.join(root, "docs", "operations.md"), "utf8");
    const used = new Set<string>();
    for (const file of workflowFiles()) {
        for (const m of fs.readFileSync(file, "utf8").matchAll(/\b(vars|secrets)\.([A-Z][A-Z0-9_]*)/g)) {
            used.add(`${m[1]}.${m[2]}`);
        }
    }

    it("names every `vars.*` and `secrets.*` of every workflow in the table, with its kind", () => {
        const section = doc.slice(doc.indexOf("## Secrets and variables"));
        expect(section.length, "the section exists").to.be.greaterThan(100);
        const table = section.split("\n").filter((l) => l.startsWith("|"));
        for (const ref of used) {
            const [kind, name] = ref.split(".");
            const row = table.find((l) => l.includes(`\`${name}\``));
            expect(row, `${name} is in the table`).to.not.equal(undefined);
            expect(row, `${name} is a ${kind === "vars" ? "variable" : "secret"}`).to.match(kind === "vars" ? /variable/i : /secret/i);
        }
        expect(used.size).to.be.greaterThan(8);
    });
});
