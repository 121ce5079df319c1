import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { shippedStacks, stackFilePath } from "../../modules/config";
import { secretPlaceholder } from "../../modules/config/stack-file";
import { componentGraph, componentMermaid } from "../../modules/delivery/component-graph";
import { readPlanResults, StackPlanResult } from "../../modules/delivery/plan-results";
import { allPlanned, commentMarker, maxCommentLength, renderPlanComment } from "../../modules/delivery/pr-comment";
import type { PlanReport, PlannedResource } from "../../modules/plan";

const root = path.join(__dirname, "..", "..");

/** Runs the same commands as the pull-request workflow's plan job, into a fresh folder. */
function planJob(extraStackFiles: string[] = []) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-"));
    const files = [...shippedStacks().map((s) => stackFilePath(s)), ...extraStackFiles];
    const plan = spawnSync("bash", [path.join(root, "tools", "plan-stacks.sh"), dir, ...files], { cwd: root, encoding: "utf8" });
    const bodyFile = path.join(dir, "comment.md");
    const comment = spawnSync(
        process.execPath,
        [
            path.join(root, "tools", "run.js"),
            "tools/pr-comment.ts",
            "--dir",
            dir,
            "--out",
            bodyFile,
            "--commit",
            "0123456789abcdef0123",
            "--run-url",
            "https://github.example/run/1",
            "--artifact",
            "offline-plan-7-1",
        ],
        { cwd: root, encoding: "utf8" },
    );
    return {
        dir,
        planStatus: plan.status,
        planOutput: plan.stdout + plan.stderr,
        commentStatus: comment.status,
        commentStderr: comment.stderr,
        body: fs.existsSync(bodyFile) ? fs.readFileSync(bodyFile, "utf8") : "",
    };
}

function invalidStackFile(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    const file = path.join(dir, "Pulumi.broken.yaml");
    fs.writeFileSync(file, "config:\n  platform:environment: prod\n  platform:cluster:\n    cloud: existing\n    nmae: typo\n");
    return file;
}

function report(dir: string, stack: string): PlanReport {
    return JSON.parse(fs.readFileSync(path.join(dir, `${stack}.json`), "utf8")) as PlanReport;
}

describe("the PR comment for the offline plan, from real plan output", function () {
    this.timeout(240000);
    const shipped = shippedStacks();
    let run: ReturnType<typeof planJob>;

    before(() => {
        run = planJob([invalidStackFile()]);
    });

    const exitOf = (stack: string) => Number(fs.readFileSync(path.join(run.dir, `${stack}.exit`), "utf8").trim());

    it("the plan job plans every stack and reports failure when one stack's config is invalid", () => {
        expect(run.planStatus, run.planOutput).to.equal(1);
        for (const stack of shipped) {
            expect([0, 1], `${stack} planned (clean, or with a mandatory violation the comment reports)`).to.include(exitOf(stack));
            expect(fs.existsSync(path.join(run.dir, `${stack}.json`)), `${stack}.json artifact`).to.equal(true);
            expect(fs.existsSync(path.join(run.dir, `${stack}.mmd`)), `${stack}.mmd artifact`).to.equal(true);
        }
        expect(fs.readFileSync(path.join(run.dir, "broken.exit"), "utf8").trim()).to.equal("2");
    });

    it("the comment script renders one body that starts with the marker the workflow updates by", () => {
        expect(run.commentStatus, run.commentStderr).to.equal(0);
        expect(run.body.startsWith(`${commentMarker}\n`)).to.equal(true);
        expect(run.body.split(commentMarker)).to.have.length(2);
    });

    it("the title counts the failed stacks", () => {
        const total = shipped.length + 1;
        const failed = 1 + shipped.filter((s) => exitOf(s) !== 0).length;
        expect(run.body).to.include(`### ❌ Offline plan: ${failed} of ${total} stacks failed`);
    });

    it("each planned stack has a table row with the report's environment, cloud, resource and violation counts", () => {
        for (const stack of shipped) {
            const rep = report(run.dir, stack);
            const mandatory = rep.policy.violations.filter((v) => v.level === "mandatory").length;
            const advisory = rep.policy.violations.length - mandatory;
            expect(run.body).to.include(
                `| \`${stack}\` | ${rep.environment} | ${rep.cloud} | ${rep.stats.resourceCount} | ${mandatory} / ${advisory} | ~${rep.stats.criticalPathMinutes} min | ${exitOf(stack) === 0 ? "✅ planned" : "❌ mandatory policy violation"} |`,
            );
            for (const v of rep.policy.violations) {
                expect(run.body, "every violation is listed").to.include(`[${v.level}] ${v.policy}:`);
            }
        }
    });

    it("each planned stack has its summary and a Mermaid graph of its components", () => {
        for (const stack of shipped) {
            const rep = report(run.dir, stack);
            expect(run.body).to.include(`Plan for stack '${stack}' (${rep.environment}, ${rep.cloud}): ${rep.stats.resourceCount} resources`);
            const graph = componentMermaid(componentGraph(rep.resources));
            if (run.body.includes("Graph left out to keep this comment under GitHub's size limit")) {
                continue; // many large stacks: graphs are dropped first (see the size rule below); the artifact has them
            }
            expect(run.body).to.include(`\`\`\`mermaid\n${graph}\n\`\`\``);
            for (const node of componentGraph(rep.resources).nodes) {
                expect(graph).to.include(node.name === "(stack)" ? "(stack)" : node.name);
            }
        }
    });

    it("a stack with invalid configuration shows the key path and message, not a stack trace", () => {
        expect(run.body).to.include("| `broken` | – | – | – | – | – | ❌ invalid configuration |");
        expect(run.body).to.include("cluster.nmae: unknown key (did you mean 'name'?)");
        expect(run.body).to.not.match(/\n\s+at .+\(.+:\d+:\d+\)/);
    });

    it("links the commit, the run and the artifact with the JSON reports", () => {
        expect(run.body)
            .to.include("commit `0123456789ab`")
            .and.include("[workflow run](https://github.example/run/1)")
            .and.include("artifact `offline-plan-7-1`");
    });

    it("never prints a secret placeholder or a resource's inputs", () => {
        expect(run.body).to.not.include(secretPlaceholder);
        expect(run.body).to.not.include('kubeconfig":');
    });

    it("fits GitHub's comment size limit", () => {
        expect(run.body.length).to.be.at.most(maxCommentLength);
    });
});

describe("PR comment rendering rules", () => {
    let real: StackPlanResult[];

    before(function () {
        this.timeout(120000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-one-"));
        const stack = shippedStacks()[0];
        spawnSync("bash", [path.join(root, "tools", "plan-stacks.sh"), dir, stackFilePath(stack)], { cwd: root, encoding: "utf8" });
        // A clean run of a real report, whatever that stack's own outcome: rendering is under test here.
        const [result] = readPlanResults(dir);
        expect(result.report, result.log).to.not.equal(undefined);
        real = [{ ...result, exitCode: 0, report: { ...(result.report as PlanReport), policy: { violations: [] } } }];
    });

    it("a mandatory policy violation fails the stack's row and is listed with the policy name and message", () => {
        const base = real[0].report as PlanReport;
        const violated: StackPlanResult = {
            stack: "bad",
            exitCode: 1,
            log: "",
            report: {
                ...base,
                stack: "bad",
                policy: {
                    violations: [
                        {
                            policy: "require-exact-chart-version",
                            level: "mandatory",
                            urn: base.resources[0].urn,
                            name: "ingress",
                            message: "chart version ^4 is a range: pin it",
                        },
                    ],
                },
            },
        };
        const body = renderPlanComment([real[0], violated]);
        expect(body).to.include("### ❌ Offline plan: 1 of 2 stacks failed");
        expect(body).to.include("| 1 / 0 |").and.include("❌ mandatory policy violation");
        expect(body).to.include("[mandatory] require-exact-chart-version: ingress: chart version ^4 is a range: pin it");
        expect(allPlanned([real[0], violated])).to.equal(false);
        expect(allPlanned(real)).to.equal(true);
    });

    it("with many large stacks the body stays under the limit, keeps every stack's row and drops graphs first", () => {
        const base = real[0].report as PlanReport;
        const stackUrn = base.resources[0].urn;
        const template = base.resources[base.resources.length - 1];
        // 300 components of one resource each, every one waiting for the previous: a large graph.
        const many = Array.from({ length: 300 }, (_, i): PlannedResource[] => [
            { ...template, urn: `urn:component-${i}`, type: "platform:addons:Thing", name: `thing-${i}`, parent: stackUrn, custom: false, dependencies: [] },
            {
                ...template,
                urn: `urn:resource-${i}`,
                name: `resource-${i}`,
                parent: `urn:component-${i}`,
                dependencies: i > 0 ? [`urn:resource-${i - 1}`] : [],
            },
        ]).flat();
        const big = { ...base, resources: [...base.resources, ...many], stats: { ...base.stats, resourceCount: base.resources.length + many.length } };
        const results: StackPlanResult[] = Array.from({ length: 30 }, (_, i) => ({ stack: `s${i}`, exitCode: 0, log: "", report: { ...big, stack: `s${i}` } }));
        const body = renderPlanComment(results);
        expect(body.length).to.be.at.most(maxCommentLength);
        for (let i = 0; i < 30; i++) {
            expect(body).to.include(`| \`s${i}\` |`);
        }
        expect(body).to.include("Graph left out to keep this comment under GitHub's size limit");
    });

    it("no stack files is a warning, not a green check", () => {
        expect(renderPlanComment([])).to.include("⚠️ Offline plan: no stack files found");
        expect(allPlanned([])).to.equal(false);
    });

    it("text from a log cannot break out of its code block", () => {
        const body = renderPlanComment([{ stack: "x", exitCode: 2, log: "bad\n```\n<script>\n```" }]);
        const fences = body.match(/^```/gm) ?? [];
        expect(fences.length % 2).to.equal(0);
        expect(body.split("```text")[1].split("\n```")[0]).to.include("<script>");
    });

    it("a malformed exit file is an error naming the file", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-bad-"));
        fs.writeFileSync(path.join(dir, "x.exit"), "oops");
        expect(() => readPlanResults(dir)).to.throw(`${path.join(dir, "x.exit")}: expected an exit code`);
    });
});

describe("component graph", () => {
    const r = (urn: string, parent: string, custom: boolean, dependencies: string[] = []): PlannedResource => ({
        urn,
        type: custom ? "kubernetes:core/v1:Namespace" : urn.startsWith("stack") ? "pulumi:pulumi:Stack" : "platform:addons:Thing",
        name: urn,
        parent,
        custom,
        protect: false,
        retainOnDelete: false,
        dependencies,
        inputs: {},
    });

    it("lifts resource dependencies to edges between their components and counts each component's resources", () => {
        const resources = [
            r("stack", "", false),
            r("cluster", "stack", false),
            r("cluster-eks", "cluster", true),
            r("certManager", "stack", false),
            r("cm-ns", "certManager", true, ["cluster-eks"]),
            r("cm-release", "certManager", true, ["cm-ns", "cluster-eks"]),
            r("gatekeeper", "stack", false),
            r("gk-release", "gatekeeper", true, ["cm-release"]),
        ];
        const g = componentGraph(resources);
        expect(g.nodes.map((n) => [n.name, n.resources])).to.deep.equal([
            ["cluster", 1],
            ["certManager", 2],
            ["gatekeeper", 1],
        ]);
        expect(g.edges).to.deep.equal([
            ["cluster", "certManager"],
            ["certManager", "gatekeeper"],
        ]);
        expect(componentMermaid(g)).to.include("c0 --> c1").and.include("c1 --> c2");
    });
});
