/** The "every platform add-on that exposes metrics is scraped" rule, as a reusable check over a plan. */
import { isDeepStrictEqual } from "util";
import { chartNameOf, missingSwitches, scrapeRegistry } from "../../../modules/addons/observability/metrics/scrape";
import { monitorSpec } from "../../../modules/addons/observability/monitors";
import { charts } from "../../../modules/addons/versions";
import type { PlanResult } from "../../harness";

/** Every way a plan's releases escape scraping (empty when all are scraped). */
export function scrapeProblems(plan: PlanResult): string[] {
    const problems: string[] = [];
    const releases = plan.ofType("kubernetes:helm.sh/v3:Release");
    const crds = releases.find((r) => String(r.props.chart).split("/").pop() === charts.prometheusOperatorCrds.chart);
    if (!crds) {
        return ["no prometheus-operator-crds release"];
    }
    const monitors = [...plan.ofType("kubernetes:monitoring.coreos.com/v1:ServiceMonitor"), ...plan.ofType("kubernetes:monitoring.coreos.com/v1:PodMonitor")];
    for (const r of releases) {
        const name = String(r.props.name);
        const chart = chartNameOf(String(r.props.chart), charts);
        if (!chart) {
            problems.push(`${name}: chart ${String(r.props.chart)} is not pinned in versions.ts`);
            continue;
        }
        const entry = scrapeRegistry[chart];
        if (entry.mode === "none") {
            continue;
        }
        for (const path of missingSwitches(entry.values ?? {}, r.props.values)) {
            problems.push(`${name}: scrape switch ${path} not set`);
        }
        if (entry.mode === "chart" && !plan.transitiveDependencies(r.urn).has(crds.urn)) {
            problems.push(`${name}: renders a ServiceMonitor but does not wait for the monitoring CRDs`);
        }
        if (
            entry.mode === "monitor" &&
            !monitors.some((m) => m.type.endsWith(`:${entry.monitor.kind}`) && isDeepStrictEqual(m.props.spec, monitorSpec(entry.monitor)))
        ) {
            problems.push(`${name}: no ${entry.monitor.kind} selects it`);
        }
    }
    return problems;
}
