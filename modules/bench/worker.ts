/**
 * One benchmark measurement, in a fresh process (so peak RSS and loaded SDKs are this run's own).
 * Prints one JSON line. Modes:
 *   stack <name>                 plan a shipped stack (program evaluation, then policies)
 *   tenants <stack> <count> <record>   evaluate a shipped stack with <count> synthetic tenants added;
 *                                      write its registrations to <record> for the floor
 *   floor <record>                     replay those registrations as plain resources (floor.ts)
 *                                      through the same mock runtime, monitor and mocks
 */
import { readStackFile, stackFilePath } from "../config";
import { evaluateProgram } from "../plan/run";
import { planStack } from "../plan";
import { loadedCloudSdks } from "../plan/sdk-usage";
import { floorProgram, readFloorRecord, writeFloorRecord } from "./floor";
import { syntheticTenants } from "./tenants";

export interface WorkerResult {
    mode: string;
    resources: number;
    evalMs: number;
    policyMs?: number;
    maxRssMb: number;
    loadedSdks: string[];
    criticalPath?: { resources: number; minutes: number; structuralMinutes: number; urns: string[] };
}

function rssMb(): number {
    return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function main(): Promise<WorkerResult> {
    const [mode, a, b, c] = process.argv.slice(2);
    if (mode === "stack") {
        const raw = readStackFile(stackFilePath(a));
        const started = Date.now();
        const { report, run, path } = await planStack(raw);
        const { structuralMinimum } = await import("./critical-path");
        return {
            mode: `stack ${a}`,
            resources: report.stats.resourceCount,
            evalMs: Math.round(run.evalMs),
            policyMs: Math.round(Date.now() - started - run.evalMs),
            maxRssMb: rssMb(),
            loadedSdks: loadedCloudSdks(),
            criticalPath: { resources: path.urns.length, minutes: path.minutes, structuralMinutes: structuralMinimum(report.resources), urns: path.urns },
        };
    }
    if (mode === "tenants") {
        const raw = readStackFile(stackFilePath(a));
        const count = Number(b);
        const existing = (raw.values["platform:tenants"] as unknown[] | undefined) ?? [];
        raw.values["platform:tenants"] = [...existing, ...syntheticTenants(count)];
        const run = await evaluateProgram(raw);
        writeFloorRecord(c, run.resources);
        return {
            mode: `tenants ${a} ${count}`,
            resources: run.resources.length,
            evalMs: Math.round(run.evalMs),
            maxRssMb: rssMb(),
            loadedSdks: loadedCloudSdks(),
        };
    }
    if (mode === "floor") {
        const records = readFloorRecord(a);
        const raw = readStackFile(stackFilePath("local"));
        // The same runtime, monitor, mocks and config (evaluateProgram registers the stack itself,
        // as for the program); only the program is the floor's replay.
        const run = await evaluateProgram(raw, floorProgram(records));
        return {
            mode: `floor ${records.length + 1}`,
            resources: run.resources.length,
            evalMs: Math.round(run.evalMs),
            maxRssMb: rssMb(),
            loadedSdks: loadedCloudSdks(),
        };
    }
    throw new Error(`unknown bench mode '${mode}'`);
}

main().then(
    (r) => {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        process.exit(0);
    },
    (e: unknown) => {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    },
);
