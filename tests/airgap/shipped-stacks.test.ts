/**
 * One setting, a clean plan: every shipped stack (stacks/ and examples/stacks/) with both air-gap
 * settings plans as a user runs it (`npm run plan -- --config-file ...`): exit 0, no mandatory
 * violation; every chart comes from the chart mirror, every image the stack deploys (per the chart
 * image tables) through the image registry, and no value of any release names a public registry or
 * download host.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { parseStackConfig, readStackFile, shippedStacks, stackFilePath } from "../../modules/config";
import { buildBom, publicReferences } from "../../modules/delivery/bom";
import type { PlanReport } from "../../modules/plan";

const root = path.join(__dirname, "..", "..");
const imageRegistry = "registry.airgap.example/platform";
const mirrors = ["oci://registry.airgap.example/charts", "https://charts.airgap.example/platform"];

/**
 * Start-up downloads that the areas owning those charts switch off in air-gap mode on their own
 * branches (area-security: Falco's falcoctl; area-observability: Grafana's plugin preinstall). Each
 * entry must still occur (a test below fails once its fix has landed: then remove the entry).
 */
const fixedOnOtherBranches = [
    { problem: /release falco\/falco: falcoctl's init container downloads/, by: "area-security: falcoctl off in air-gap mode" },
    { problem: /release falco\/falco: falcoctl's sidecar polls/, by: "area-security: falcoctl off in air-gap mode" },
    { problem: /release monitoring\/kube-prometheus-stack: Grafana 12 and later install its preinstalled plugin apps/, by: "area-observability: Grafana without downloads in air-gap mode" },
];
const seen = new Set<number>();

/** The stack file with `platform:airgap` set, written where the plan command reads it. */
function airgapped(stack: string, chartMirror: string): string {
    const doc = parse(fs.readFileSync(stackFilePath(stack), "utf8")) as { config: Record<string, unknown> };
    doc.config["platform:airgap"] = { ...((doc.config["platform:airgap"] as object) ?? {}), chartMirror, imageRegistry };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "airgap-stack-"));
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, stringify(doc));
    return file;
}

describe("every shipped stack with both air-gap settings", () => {
    shippedStacks().forEach((stack, i) => {
        const chartMirror = mirrors[i % mirrors.length];
        it(`${stack} (${chartMirror.split(":")[0]} chart mirror): plan exits 0 with no mandatory violation, everything from the mirrors, no public host in any value`, () => {
            const file = airgapped(stack, chartMirror);
            const json = path.join(path.dirname(file), "plan.json");
            const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), path.join(root, "tools", "plan.ts"), "--config-file", file, "--json", json], { cwd: root, encoding: "utf8", timeout: 180_000 });
            const report = JSON.parse(fs.readFileSync(json, "utf8")) as PlanReport;
            expect(report.policy.violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy} ${v.name}: ${v.message}`)).to.deep.equal([]);
            expect(r.status, r.stderr).to.equal(0);

            const releases = report.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release");
            expect(releases.length).to.be.greaterThan(0);
            for (const release of releases) {
                const chart = String(release.inputs.chart);
                const repo = (release.inputs.repositoryOpts as { repo?: string } | undefined)?.repo;
                expect(chartMirror.startsWith("oci://") ? chart : repo, `${release.name} chart source`).to.satisfy((s: string) => s.startsWith(chartMirror));
                expect(publicReferences(release.inputs.values, [imageRegistry, chartMirror]).map((p) => `${release.name} ${p.path}: ${p.value}`), "values naming a public host").to.deep.equal([]);
            }

            const bom = buildBom(stack, parseStackConfig(readStackFile(file)), report.resources);
            expect(bom.charts).to.have.length(releases.length);
            expect(bom.images.filter((x) => x.deployed.registry !== imageRegistry).map((x) => `${x.release}/${x.image}: ${x.deployed.reference}`)).to.deep.equal([]);
            const open = bom.problems.filter((p) => {
                const known = fixedOnOtherBranches.findIndex((k) => k.problem.test(p));
                if (known >= 0) {
                    seen.add(known);
                }
                return known < 0;
            });
            expect(open).to.deep.equal([]);
        });
    });

    it("each start-up download left to another area's branch still occurs (remove an entry once its fix is merged)", () => {
        expect(fixedOnOtherBranches.filter((_, i) => !seen.has(i)).map((k) => `${k.problem.source} (${k.by}) no longer occurs`)).to.deep.equal([]);
    });
});
