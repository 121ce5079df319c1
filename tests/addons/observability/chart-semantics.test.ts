/**
 * Chart semantics read at the pinned tags: scrape switches follow the monitoring CRDs' presence
 * (the collector's ServiceMonitor template does not check for the CRD), switches are booleans
 * (Helm treats the string "false" as true), the collector's processor has its current name, Grafana
 * downloads nothing at start in air-gap mode, and every observability release runs with the
 * platform's PriorityClass at the values paths its chart reads.
 */
import { expect } from "chai";
import { chartNameOf, scrapeOffValues, scrapeRegistry } from "../../../modules/addons/observability/metrics/scrape";
import { kpsPriorityPaths } from "../../../modules/addons/observability/metrics/values";
import { fluentBitPriorityPaths, fluentdPriorityPaths } from "../../../modules/addons/observability/logging/values";
import { thanosPriorityPaths } from "../../../modules/addons/observability/long-term/values";
import { lokiPriorityPaths } from "../../../modules/addons/observability/loki/values";
import { collectorPriorityPaths } from "../../../modules/addons/observability/tracing/values";
import { platformPriorityClass } from "../../../modules/addons/priority";
import { ChartName, charts } from "../../../modules/addons/versions";
import { at } from "../../fakes/cluster";
import { localConfig, PlanResult, planConfig, rejectionOf, TestConfig } from "../../harness";
import { planObservabilityOn, releaseValues } from "./on-cloud";

/** Every key path of a values tree whose key is a switch (`enabled`, `create`) and whose value is a string. */
function stringSwitches(values: unknown, path = ""): string[] {
    if (values === null || typeof values !== "object") {
        return [];
    }
    return Object.entries(values as Record<string, unknown>).flatMap(([k, v]) => {
        const here = path ? `${path}.${k}` : k;
        return (k === "enabled" || k === "create") && typeof v === "string" ? [here] : stringSwitches(v, here);
    });
}

const email = { type: "email", name: "oncall", to: "oncall@example.com", from: "am@example.com", smarthost: "smtp.example.com:587" };

describe("observability: chart semantics", function () {
    this.timeout(300000);

    describe("without the monitoring CRDs (metrics off)", () => {
        let plan: PlanResult;
        before(async () => {
            plan = await planConfig(localConfig({ observability: { metrics: { enabled: false } } }));
        });

        it("no monitoring CRDs are installed", () => {
            expect(plan.releases(charts.prometheusOperatorCrds.chart)).to.deep.equal([]);
        });

        it("every release's ServiceMonitor switches are set explicitly off (a template without a CRD check would fail the install)", () => {
            const checked: string[] = [];
            for (const r of plan.releases()) {
                const chart = chartNameOf(String(r.props.chart), charts) as ChartName;
                const off = scrapeOffValues(chart);
                const leaves = (v: unknown, p: string[] = []): string[][] =>
                    v !== null && typeof v === "object" ? Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => leaves(x, [...p, k])) : [p];
                // The switches that render a monitoring.coreos.com object (a metrics port may stay open: no CRD needed).
                for (const path of leaves(off).filter((p) => p.some((k) => /monitor/i.test(k)))) {
                    expect(at(r.props.values, path.join(".")), `${String(r.props.name)}: ${path.join(".")}`).to.equal(false);
                }
                if (scrapeRegistry[chart].mode === "chart") {
                    checked.push(chart);
                }
            }
            expect(checked, "charts with scrape switches in this plan").to.include.members(["otelCollector", "fluentBit", "certManager", "falco"]);
        });

        it("the collector renders no ServiceMonitor, and the log agent no dashboard", () => {
            expect(at(releaseValues(plan, "otel-collector"), "serviceMonitor.enabled")).to.equal(false);
            expect(at(releaseValues(plan, "fluent-bit"), "serviceMonitor.enabled")).to.equal(false);
            expect(at(releaseValues(plan, "fluent-bit"), "dashboards.enabled")).to.equal(false);
        });
    });

    it("with the CRDs, the switches are on and the releases wait for the CRD release", async () => {
        const plan = await planObservabilityOn("aws", { observability: { logging: { aggregator: "fluentd", backend: { type: "cloudwatch" } } } });
        expect(at(releaseValues(plan, "otel-collector"), "serviceMonitor.enabled")).to.equal(true);
        expect(at(releaseValues(plan, "fluentd"), "metrics.serviceMonitor.enabled")).to.equal(true);
        const crds = plan.releases(charts.prometheusOperatorCrds.chart)[0];
        for (const name of ["otel-collector", "fluentd", "fluent-bit"]) {
            const r = plan.releases().find((x) => x.props.name === name)!;
            expect(plan.transitiveDependencies(r.urn).has(crds.urn), name).to.equal(true);
        }
    });

    it('no release of the area sets a switch (enabled, create) as a string: Helm takes "false" as true', async () => {
        for (const metrics of [true, false]) {
            const plan = await planObservabilityOn("aws", {
                observability: { metrics: { enabled: metrics }, logging: { aggregator: "fluentd", backend: { type: "cloudwatch" } } },
            });
            for (const r of plan.releases()) {
                expect(stringSwitches(r.props.values), String(r.props.name)).to.deep.equal([]);
            }
            expect(typeof at(releaseValues(plan, "fluentd"), "dashboards.enabled")).to.equal("boolean");
            expect(at(releaseValues(plan, "fluentd"), "dashboards.enabled"), "fluentd's dashboards only with metrics").to.equal(metrics);
        }
    });

    it("the collector's traces pipeline uses the k8s_attributes processor (not the deprecated k8sattributes)", async () => {
        const plan = await planObservabilityOn("gcp", {});
        const processors = at(releaseValues(plan, "otel-collector"), "config.service.pipelines.traces.processors") as string[];
        expect(processors).to.include("k8s_attributes");
        expect(JSON.stringify(releaseValues(plan, "otel-collector"))).to.not.match(/k8sattributes/);
    });

    describe("air-gap mode: Grafana downloads nothing at start", () => {
        const airgap = { imageRegistry: "mirror.example.com/platform", chartMirror: "oci://mirror.example.com/charts" };

        it("plugin preinstall (grafana.com) and signing-key retrieval are off; the sidecars' images come from the mirror", async () => {
            const plan = await planObservabilityOn("azure", { airgap });
            const grafana = releaseValues(plan, "kube-prometheus-stack").grafana as Record<string, unknown>;
            expect(at(grafana, "grafana\\.ini")).to.equal(undefined);
            const ini = (grafana as Record<string, Record<string, unknown>>)["grafana.ini"];
            expect(ini.plugins).to.deep.equal({ preinstall_disabled: true, public_key_retrieval_disabled: true });
            expect(ini.analytics).to.include({ check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false });
            expect(at(releaseValues(plan, "kube-prometheus-stack"), "global.imageRegistry")).to.equal(airgap.imageRegistry);
        });

        it("without air-gap, Grafana keeps its plugin preinstall (updates of the bundled data sources)", async () => {
            const plan = await planObservabilityOn("azure", {});
            const ini = (releaseValues(plan, "kube-prometheus-stack").grafana as Record<string, Record<string, unknown>>)["grafana.ini"];
            expect(ini.plugins).to.equal(undefined);
        });

        it("plugins and dashboards that Grafana would download are refused, naming the key", () => {
            const values = {
                grafana: { plugins: ["grafana-piechart-panel"], dashboards: { default: { nodes: { gnetId: 1860, revision: 37 }, inline: { json: "{}" } } } },
            };
            const issues = rejectionOf(localConfig({ airgap, observability: { metrics: { values } } }));
            expect(issues.some((i) => i.startsWith("observability.metrics.values.grafana.plugins: Grafana downloads these plugins"))).to.equal(true);
            expect(issues.find((i) => i.startsWith("observability.metrics.values.grafana.dashboards: ")))
                .to.match(/default\.nodes/)
                .and.not.match(/default\.inline/);
        });
    });

    describe("the platform PriorityClass on every observability release", () => {
        /** The values paths where each chart reads priorityClassName (verified in its templates at the pinned tag). */
        const paths: Partial<Record<string, readonly string[]>> = {
            "kube-prometheus-stack": kpsPriorityPaths,
            thanos: thanosPriorityPaths,
            "fluent-bit": fluentBitPriorityPaths,
            fluentd: fluentdPriorityPaths,
            "otel-collector": collectorPriorityPaths,
            loki: lokiPriorityPaths,
        };

        async function check(config: TestConfig, plan: (c: TestConfig) => Promise<PlanResult>, expected: string[]) {
            const result = await plan(config);
            const seen: string[] = [];
            for (const r of result.releases()) {
                const name = String(r.props.name);
                const at_ = paths[name];
                if (!at_) {
                    continue;
                }
                seen.push(name);
                for (const p of at_) {
                    expect(at(r.props.values, p), `${name}: ${p}`).to.equal(platformPriorityClass.name);
                }
                expect(result.transitiveDependencies(r.urn).size, name).to.be.greaterThan(0);
            }
            expect(seen.sort()).to.deep.equal([...expected].sort());
        }

        it("prod on a cloud: kube-prometheus-stack (every component), Thanos, Fluent Bit, Fluentd, the collector", async () => {
            await check(
                {
                    environment: "prod",
                    observability: { logging: { aggregator: "fluentd", backend: { type: "cloudwatch" } }, metrics: { alertmanager: { receivers: [email] } } },
                },
                (c) => planObservabilityOn("aws", c),
                ["kube-prometheus-stack", "thanos", "fluent-bit", "fluentd", "otel-collector"],
            );
        });

        it("an existing cluster: Loki too", async () => {
            await check(localConfig({ observability: { metrics: { alertmanager: { criticalReceiver: "none" } } } }), (c) => planConfig(c), [
                "kube-prometheus-stack",
                "fluent-bit",
                "otel-collector",
                "loki",
            ]);
        });
    });
});
