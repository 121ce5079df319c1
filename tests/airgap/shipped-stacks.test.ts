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
            const r = spawnSync(
                process.execPath,
                [path.join(root, "tools", "run.js"), path.join(root, "tools", "plan.ts"), "--config-file", file, "--json", json],
                { cwd: root, encoding: "utf8", timeout: 180_000 },
            );
            const report = JSON.parse(fs.readFileSync(json, "utf8")) as PlanReport;
            expect(report.policy.violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy} ${v.name}: ${v.message}`)).to.deep.equal([]);
            expect(r.status, r.stderr).to.equal(0);

            const releases = report.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release");
            expect(releases.length).to.be.greaterThan(0);
            for (const release of releases) {
                const chart = String(release.inputs.chart);
                const repo = (release.inputs.repositoryOpts as { repo?: string } | undefined)?.repo;
                expect(chartMirror.startsWith("oci://") ? chart : repo, `${release.name} chart source`).to.satisfy((s: string) => s.startsWith(chartMirror));
                expect(
                    publicReferences(release.inputs.values, [imageRegistry, chartMirror]).map((p) => `${release.name} ${p.path}: ${p.value}`),
                    "values naming a public host",
                ).to.deep.equal([]);
            }

            const bom = buildBom(stack, parseStackConfig(readStackFile(file)), report.resources);
            expect(bom.charts).to.have.length(releases.length);
            expect(
                bom.images.filter((x) => x.deployed.registry !== imageRegistry).map((x) => `${x.release}/${x.image}: ${x.deployed.reference}`),
            ).to.deep.equal([]);
            // No start-up download is left on (Falco's falcoctl and Grafana's plugin preinstall are off in
            // air-gap mode, per the charts' tables), and nothing else keeps the stack from running air-gapped.
            expect(
                bom.downloads.map((d) => `${d.release}/${d.name}: ${d.what}`),
                "start-up downloads",
            ).to.deep.equal([]);
            expect(bom.problems).to.deep.equal([]);
        });
    });
});
