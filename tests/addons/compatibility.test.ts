import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { HelmAddon } from "../../modules/addons/helm";
import { AddonContext } from "../../modules/addons/context";
import { ChartCoordinates, charts } from "../../modules/addons/versions";
import { createCluster } from "../../modules/cluster";
import type { ClusterHandle } from "../../modules/cluster/contract";
import { ConfigError, shippedStacks, parseStackConfig, stackFilePath } from "../../modules/config";
import { supportedKubernetesVersions } from "../../modules/config/sections/cluster";
import {
    assertChartSupportsCluster,
    checkCharts,
    compareMinor,
    compatibilityMatrix,
    parseMinor,
    supportsKubernetes,
    tableProblems,
} from "../../modules/addons/compatibility";
import { evaluateProgram, PlanReport } from "../../modules/plan";
import { localConfig, rawConfig } from "../harness";
import { skipBecause } from "../skip";

const table: Record<string, ChartCoordinates> = {
    legacy: {
        chart: "legacy",
        repository: "https://charts.example.com",
        version: "1.0.0",
        source: "https://example.com/legacy",
        kubernetes: { min: "1.29", max: "1.33" },
    },
    current: {
        chart: "current",
        repository: "https://charts.example.com",
        version: "2.0.0",
        source: "https://example.com/current",
        kubernetes: { min: "1.32", max: "1.36" },
    },
};

describe("chart compatibility with the cluster's Kubernetes version", () => {
    it("reads Kubernetes versions in the forms clouds report them", () => {
        expect(parseMinor("1.34")).to.deep.equal([1, 34]);
        expect(parseMinor("v1.34.2")).to.deep.equal([1, 34]);
        expect(parseMinor("1.33.5-eks-3025e55")).to.deep.equal([1, 33]);
        expect(() => parseMinor("latest")).to.throw("'latest' is not a Kubernetes version");
    });

    it("orders minor versions numerically, not as text (1.9 < 1.10)", () => {
        expect(compareMinor("1.9", "1.10")).to.be.lessThan(0);
        expect(compareMinor("1.35", "1.35.3")).to.equal(0);
    });

    it("treats the table's range as inclusive at both ends", () => {
        expect(supportsKubernetes({ min: "1.29", max: "1.33" }, "1.29")).to.equal(true);
        expect(supportsKubernetes({ min: "1.29", max: "1.33" }, "1.33")).to.equal(true);
        expect(supportsKubernetes({ min: "1.29", max: "1.33" }, "1.34")).to.equal(false);
        expect(supportsKubernetes({ min: "1.29", max: "1.33" }, "1.28")).to.equal(false);
    });

    it("a chart too old for the cluster is reported naming the chart, its version and the Kubernetes version", () => {
        const [finding, ...rest] = checkCharts("1.34", [{ name: "legacy" }, { name: "current" }], table);
        expect(rest).to.deep.equal([]);
        expect(finding.kind).to.equal("unsupported");
        expect(finding.message).to.include("legacy 1.0.0").and.include("1.29–1.33").and.include("not 1.34");
        expect(finding.message, "tells the operator what to do").to.include("before upgrading the cluster");
    });

    it("a cluster too old for the chart is reported with the minimum it needs", () => {
        const [finding] = checkCharts("1.31", [{ name: "current" }], table);
        expect(finding.message).to.include("current 2.0.0").and.include("not 1.31").and.include("at least 1.32");
    });

    it("a version override the table cannot vouch for is a warning, not a failure", () => {
        const finding = assertChartSupportsCluster("certManager", "1.34", "v9.9.9");
        expect(finding?.kind).to.equal("unverified");
        expect(finding?.message).to.include("v9.9.9").and.include("not in the compatibility table");
    });

    it("an unsupported chart raises a ConfigError at cluster.kubernetesVersion", () => {
        let caught: unknown;
        try {
            assertChartSupportsCluster("legacy" as never, "1.35", undefined, table);
        } catch (e) {
            caught = e;
        }
        expect(caught).to.be.instanceOf(ConfigError);
        expect((caught as ConfigError).issues[0].path).to.equal("cluster.kubernetesVersion");
        expect((caught as ConfigError).message)
            .to.include("legacy 1.0.0")
            .and.include("not 1.35");
    });

    it("an unknown chart key is an error, never a silent pass", () => {
        expect(() => checkCharts("1.34", [{ name: "nope" }], table)).to.throw("'nope' is not a chart");
    });

    it("the versions file's table is well formed (readable versions, min not after max)", () => {
        expect(tableProblems()).to.deep.equal([]);
        expect(tableProblems({ bad: { ...table.legacy, kubernetes: { min: "1.35", max: "1.30" } } })).to.deep.equal([
            "charts.bad.kubernetes: min 1.35 is after max 1.30",
        ]);
    });

    it("every pinned chart supports at least one Kubernetes version the platform supports", () => {
        const unusable = Object.entries(charts)
            .filter(([, c]) => !supportedKubernetesVersions.some((v) => supportsKubernetes(c.kubernetes, v)))
            .map(
                ([name, c]) =>
                    `${name}: ${c.chart} ${c.version} supports ${c.kubernetes.min}–${c.kubernetes.max}, none of ${supportedKubernetesVersions.join(", ")}`,
            );
        expect(unusable).to.deep.equal([]);
    });

    it("the upgrade matrix covers every pinned chart for every supported Kubernetes version", () => {
        const matrix = compatibilityMatrix(supportedKubernetesVersions);
        expect(matrix.map((m) => m.name)).to.deep.equal(Object.keys(charts));
        for (const row of matrix) {
            expect(Object.keys(row.supports)).to.deep.equal([...supportedKubernetesVersions]);
        }
    });
});

describe("npm run compat", () => {
    const root = path.join(__dirname, "..", "..");
    const compat = (...args: string[]) =>
        spawnSync(process.execPath, [path.join(root, "tools", "run.js"), "tools/compat.ts", ...args], { cwd: root, encoding: "utf8" });

    it("lists every pinned chart and fails for a Kubernetes version some chart does not support", () => {
        for (const version of ["1.31", "1.34", "1.36"]) {
            const r = compat("--kubernetes", version);
            const blocked = checkCharts(
                version,
                Object.keys(charts).map((name) => ({ name })),
            );
            expect(r.status, `${version}: ${r.stdout}${r.stderr}`).to.equal(blocked.length > 0 ? 1 : 0);
            for (const f of blocked) {
                expect(r.stdout).to.match(new RegExp(`${f.chart} ${f.version.replace(/\./g, "\\.")}\\s+NO`));
            }
        }
    });

    it("rejects a version it cannot read", () => {
        const r = compat("--kubernetes", "latest");
        expect(r.status).to.equal(2);
        expect(r.stderr).to.include("'latest' is not a Kubernetes version");
    });
});

describe("the plan fails for a chart that does not support the cluster's Kubernetes version", () => {
    /** The pinned charts that do not support `version`, and one that does. */
    function pick(version: string) {
        const entries = Object.entries(charts) as [keyof typeof charts, ChartCoordinates][];
        return {
            unsupported: entries.find(([, c]) => !supportsKubernetes(c.kubernetes, version)),
            supported: entries.find(([, c]) => supportsKubernetes(c.kubernetes, version)),
        };
    }

    const cluster135 = { cloud: "existing", name: "test", kubeconfig: "/tmp/kubeconfig", kubernetesVersion: "1.35" };

    /** A program that installs one pinned chart through the platform's real Helm add-on base. */
    function installing(chart: keyof typeof charts, raw: ReturnType<typeof rawConfig>) {
        return async () => {
            const config = parseStackConfig(raw);
            const cluster: ClusterHandle = await createCluster(config);
            const context = new AddonContext(config, cluster, { id: "probe", area: "security" });
            new HelmAddon("probe", {
                context,
                settings: { enabled: true, values: {} },
                chart,
                namespace: { name: "probe", podSecurity: "restricted" },
                values: {},
                defaultTimeoutSeconds: 300,
                crds: "none",
                traffic: {},
            });
            return {};
        };
    }

    it("an adopted cluster's Kubernetes version is taken from config and reaches the handle", async () => {
        const raw = rawConfig(localConfig({ cluster: cluster135 }));
        let seen: string | undefined;
        await evaluateProgram(raw, async () => {
            seen = (await createCluster(parseStackConfig(raw))).kubernetesVersion;
            return {};
        });
        expect(seen).to.equal("1.35");
    });

    it("installing a chart whose table range excludes 1.35 on a 1.35 cluster fails, naming chart and version", async function () {
        const { unsupported } = pick("1.35");
        if (!unsupported) {
            skipBecause(this, "every pinned chart supports 1.35: nothing to demonstrate with the real table");
        }
        const [name, coords] = unsupported;
        const raw = rawConfig(localConfig({ cluster: cluster135 }));
        let caught: unknown;
        try {
            await evaluateProgram(raw, installing(name, raw));
        } catch (e) {
            caught = e;
        }
        expect(caught, "the plan must fail").to.be.instanceOf(ConfigError);
        const message = (caught as Error).message;
        expect(message).to.include("cluster.kubernetesVersion").and.include(`${coords.chart} ${coords.version}`).and.include("not 1.35");
    });

    it("installing a chart that supports the cluster's version plans a Helm release", async () => {
        const { supported } = pick("1.35");
        expect(supported, "at least one pinned chart supports 1.35").to.not.equal(undefined);
        const raw = rawConfig(localConfig({ cluster: cluster135 }));
        const run = await evaluateProgram(raw, installing((supported as [keyof typeof charts, ChartCoordinates])[0], raw));
        expect(run.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release")).to.have.length(1);
    });
});

describe("npm run plan on a stack whose chart does not support its Kubernetes version", function () {
    this.timeout(240000);
    const root = path.join(__dirname, "..", "..");
    const plan = (file: string, json?: string) =>
        spawnSync(process.execPath, [path.join(root, "tools", "run.js"), "tools/plan.ts", "--config-file", file, ...(json ? ["--json", json] : [])], {
            cwd: root,
            encoding: "utf8",
        });

    /** Charts (versions-file keys) a plan report installs, from its Helm releases' chart and version inputs. */
    function installed(report: PlanReport): (keyof typeof charts)[] {
        const byChart = new Map<string, keyof typeof charts>(Object.entries(charts).map(([key, c]) => [c.chart as string, key as keyof typeof charts]));
        return report.resources
            .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
            .map((r) => byChart.get(String(r.inputs.chart).split("/").pop() as string))
            .filter((k): k is keyof typeof charts => k !== undefined);
    }

    // Adopted clusters declare their version in the stack file, so any supported version can be tried.
    const adopted = shippedStacks().filter((s) => {
        const cluster = parseDocument(fs.readFileSync(stackFilePath(s), "utf8")).toJS()?.config?.["platform:cluster"];
        return cluster?.cloud === "existing";
    });

    for (const stack of adopted) {
        it(`stack ${stack} on a Kubernetes version one of its charts does not support exits 2 naming the chart and the version`, function () {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compat-"));
            const baseline = plan(stackFilePath(stack), path.join(dir, "base.json"));
            expect(baseline.status, baseline.stdout + baseline.stderr).to.be.oneOf([0, 1]);
            const keys = installed(JSON.parse(fs.readFileSync(path.join(dir, "base.json"), "utf8")) as PlanReport);
            const target = supportedKubernetesVersions.find((v) => keys.some((k) => !supportsKubernetes(charts[k].kubernetes, v)));
            if (!target) {
                skipBecause(this, "every chart this stack installs supports every platform version");
            }
            const doc = parseDocument(fs.readFileSync(stackFilePath(stack), "utf8"));
            doc.setIn(["config", "platform:cluster", "kubernetesVersion"], target);
            const file = path.join(dir, `Pulumi.${stack}.yaml`);
            fs.writeFileSync(file, doc.toString());
            const r = plan(file);
            expect(r.status, r.stdout + r.stderr).to.equal(2);
            // The program stops at the first chart it would install that does not support the version.
            const blocking = keys.filter((k) => !supportsKubernetes(charts[k].kubernetes, target as string));
            const named = blocking.filter((k) =>
                r.stderr.includes(`cluster.kubernetesVersion: chart ${charts[k].chart} ${charts[k].version} supports Kubernetes`),
            );
            expect(named, r.stderr).to.have.length.greaterThan(0);
            expect(r.stderr).to.include(`not ${target}`).and.include(`npm run compat -- --kubernetes ${target}`);
            expect(r.stderr, "no stack trace").to.not.match(/\n\s+at .+:\d+:\d+/);
        });
    }
});
