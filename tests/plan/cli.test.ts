import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.join(__dirname, "..", "..");

/** Runs `npm run plan -- <args>` as a user would, in a fresh process. */
function plan(args: string[]) {
    const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), path.join(root, "tools", "plan.ts"), ...args], {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the offline plan command", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cli-"));

    it("plans the local stack: exit 0, a summary, and a JSON report with every documented field", () => {
        const json = path.join(dir, "out.json");
        const graph = path.join(dir, "out.mmd");
        const r = plan(["--stack", "local", "--json", json, "--graph", graph]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout).to.match(/Plan for stack 'local'/);
        expect(r.stdout).to.match(/Resources by component/);
        expect(r.stdout).to.match(/Critical path/);
        const report = JSON.parse(fs.readFileSync(json, "utf8"));
        expect(report).to.include.keys("stack", "environment", "cloud", "resources", "policy", "stats");
        expect(report.stack).to.equal("local");
        for (const r of report.resources) {
            expect(r).to.include.keys("urn", "type", "name", "parent", "custom", "protect", "dependencies", "inputs");
        }
        expect(report.policy.violations).to.be.an("array");
        expect(report.stats).to.include.keys("resourceCount", "evalMs", "criticalPath", "criticalPathMinutes");
        expect(report.stats.resourceCount).to.equal(report.resources.length);
        const mermaid = fs.readFileSync(graph, "utf8");
        expect(mermaid).to.match(/^flowchart LR/);
        expect(mermaid).to.contain("subgraph");
    });

    it("planning the local stack loads no cloud SDK at all", () => {
        const json = path.join(dir, "sdk.json");
        expect(plan(["--stack", "local", "--json", json]).code).to.equal(0);
        expect(JSON.parse(fs.readFileSync(json, "utf8")).stats.loadedSdks).to.deep.equal([]);
    });

    it("exits 2 on a stack file with a typo'd key, a wrong type and a bad CIDR, naming each key path, with no stack trace", () => {
        const bad = path.join(dir, "Pulumi.bad.yaml");
        fs.writeFileSync(
            bad,
            [
                "config:",
                "  platform:environment: dev",
                "  platform:cluster:",
                "    cloud: aws",
                "    name: core",
                "    regoin: eu-west-1",
                "    network: { cidr: 10.0.0.0/33 }",
                "    nodePools: { system: { autoscaling: { min: two, max: 3 } } }",
                "",
            ].join("\n"),
        );
        const r = plan(["--config-file", bad]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain("cluster.regoin: unknown key (did you mean 'region'?)");
        expect(r.stderr).to.contain("cluster.network.cidr: ");
        expect(r.stderr).to.contain("cluster.nodePools.system.autoscaling.min: ");
        expect(r.stderr + r.stdout).not.to.match(/\n\s+at .*\(/);
    });

    it("exits 2 when the stack file does not exist", () => {
        const r = plan(["--config-file", path.join(dir, "missing.yaml")]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.match(/cannot read/);
    });

    it("--stack finds an example stack in examples/stacks/", () => {
        const json = path.join(dir, "example.json");
        const r = plan(["--stack", "aws-dev", "--json", json]);
        expect(r.code, r.stderr).to.equal(0);
        expect(JSON.parse(fs.readFileSync(json, "utf8")).stack).to.equal("aws-dev");
    });

    it("an unknown --stack exits 2 and lists the stacks in stacks/ and examples/stacks/", () => {
        const r = plan(["--stack", "aws-dve"]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.include("no stack 'aws-dve'").and.include("stacks/:").and.include("local").and.include("examples/stacks/:").and.include("aws-dev");
        expect(r.stderr).to.include("npm run new-stack");
    });

    it("--json and --graph without a path write into the gitignored out/ folder", () => {
        const r = plan(["--stack", "local", "--json", "--graph"]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout)
            .to.include(path.join("out", "plan", "local.json"))
            .and.include(path.join("out", "plan", "local.mmd"));
        expect(JSON.parse(fs.readFileSync(path.join(root, "out", "plan", "local.json"), "utf8")).stack).to.equal("local");
        expect(fs.readFileSync(path.join(root, ".gitignore"), "utf8").split("\n")).to.include("/out/");
    });

    it("the local stack's plan is quiet: no warning and no advisory", () => {
        const r = plan(["--stack", "local"]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stderr, "no warning on stderr").to.not.match(/warning/i);
        // The platform's own objects raise no advisory: the roles that read Secrets by design are the
        // environment configs' reviewed exceptions, the snapshot images pinned by tag theirs too.
        expect(r.stdout.split("\n").filter((l) => l.includes("[advisory]"))).to.deep.equal([]);
    });

    it("prints no progress line when its output is not a terminal (CI logs stay the summary)", () => {
        const r = plan(["--stack", "local"]);
        expect(r.stderr + r.stdout)
            .to.not.include("\r")
            .and.not.include("\x1b[");
    });

    it("exits 2 on bad arguments", () => {
        expect(plan(["--stak", "local"]).code).to.equal(2);
        expect(plan([]).code).to.equal(2);
    });
});
