/** The offline plan's report: the JSON document (`--json`) and the readable summary. */
import type { Violation } from "../../policy-pack/lib/engine";
import { CriticalPath } from "./critical-path";
import { PlannedResource, RecordedResource } from "./model";

export interface PlanReport {
    stack: string;
    environment: string;
    cloud: string;
    resources: PlannedResource[];
    policy: { violations: Violation[] };
    stats: {
        resourceCount: number;
        evalMs: number;
        criticalPath: string[];
        criticalPathMinutes: number;
        /** Cloud SDK packages loaded by this process when the plan finished (a fresh process shows only the selected cloud's). */
        loadedSdks: string[];
    };
}

/** Drops what policies saw (it may hold secrets): the report keeps only redacted inputs. */
export function publicResource(r: RecordedResource): PlannedResource {
    const { props: _props, ...rest } = r;
    void _props;
    return rest;
}

const typeName = (urn: string) => urn.split("::").slice(-2).join("::");

export function mandatoryViolations(report: PlanReport): Violation[] {
    return report.policy.violations.filter((v) => v.level === "mandatory");
}

/** A readable summary: resources per component and type, violations, and the critical path. */
export function summarize(report: PlanReport, path: CriticalPath): string {
    const lines: string[] = [];
    lines.push(
        `Plan for stack '${report.stack}' (${report.environment}, ${report.cloud}): ${report.stats.resourceCount} resources, evaluated in ${Math.round(report.stats.evalMs)} ms`,
    );
    const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
    const componentOf = (r: PlannedResource): string => {
        let p = byUrn.get(r.parent);
        while (p && p.custom) {
            p = byUrn.get(p.parent);
        }
        return p && p.type !== "pulumi:pulumi:Stack" ? `${p.type} ${p.name}` : "(stack)";
    };
    const groups = new Map<string, Map<string, number>>();
    for (const r of report.resources) {
        if (!r.custom) {
            continue;
        }
        const c = componentOf(r);
        const types = groups.get(c) ?? new Map<string, number>();
        types.set(r.type, (types.get(r.type) ?? 0) + 1);
        groups.set(c, types);
    }
    lines.push("", "Resources by component:");
    for (const [component, types] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const total = [...types.values()].reduce((a, b) => a + b, 0);
        lines.push(`  ${component} (${total})`);
        for (const [type, n] of [...types.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            lines.push(`    ${String(n).padStart(4)}  ${type}`);
        }
    }
    const mandatory = mandatoryViolations(report);
    const advisory = report.policy.violations.filter((v) => v.level === "advisory");
    lines.push("", `Policy: ${mandatory.length} mandatory, ${advisory.length} advisory violation(s)`);
    for (const v of [...mandatory, ...advisory]) {
        lines.push(`  [${v.level}] ${v.policy}: ${v.name ?? typeName(v.urn)}: ${v.message}`);
    }
    lines.push("", `Critical path: ~${path.minutes} min over ${path.urns.length} resources`);
    for (const urn of path.urns) {
        const r = byUrn.get(urn);
        if (r?.custom) {
            lines.push(`  -> ${r.type} ${r.name}`);
        }
    }
    return lines.join("\n");
}
