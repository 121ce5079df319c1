/**
 * The benchmark: every measurement in its own process, then the targets checked against the figures.
 * - per shipped stack: resources, evaluation wall time, peak RSS, cloud SDKs loaded, critical path
 *   against its structural minimum;
 * - a scale series (0, 100, 500, 1000 tenants on one stack) against the SDK floor: the same
 *   registrations replayed flat as plain resources through the same mock runtime (floor.ts);
 * - the test type-check (`npm run typecheck`): wall time and the memory the compiler reports.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { shippedStacks } from "../config";
import { PolicyBench, policyBench, policyTable, policyTargets } from "./policy";
import type { WorkerResult } from "./worker";

const root = path.join(__dirname, "..", "..");

export interface SeriesPoint {
    tenants: number;
    resources: number;
    evalMs: number;
    maxRssMb: number;
    floorMs: number;
    floorRssMb: number;
    msPerResource: number;
    floorMsPerResource: number;
    /** Program time over floor time for the same number of resources. */
    ratio: number;
}

export interface BenchReport {
    machine: { node: string; cpus: number; platform: string };
    stacks: (WorkerResult & { stack: string })[];
    series: { stack: string; points: SeriesPoint[] };
    typecheck: { command: string; compiler: string; wallMs: number; memoryMb: number; files: number; ok: boolean };
    /** `policy check` throughput on generated inputs (./policy.ts). */
    policy?: PolicyBench;
    targets: { name: string; met: boolean; detail: string }[];
}

function worker(args: string[]): Promise<WorkerResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            ["--max-old-space-size=4096", path.join(root, "tools", "run.js"), path.join(root, "modules", "bench", "worker.ts"), ...args],
            { cwd: root },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            if (code !== 0) {
                reject(new Error(`bench worker ${args.join(" ")} failed: ${stderr.trim().split("\n").slice(-3).join(" / ")}`));
                return;
            }
            resolve(JSON.parse(stdout.trim().split("\n").pop() as string) as WorkerResult);
        });
    });
}

/** Runs `jobs` with at most `width` at a time, results in order. */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
    const results: T[] = new Array<T>(jobs.length);
    let next = 0;
    const lane = async () => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await jobs[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(width, jobs.length)) }, lane));
    return results;
}

/**
 * Runs the project's type-check, the command of package.json's `typecheck` script (what `npm test`
 * runs), with `--extendedDiagnostics`, and reads the compiler's own figures. Memory is what the
 * compiler reports using: TypeScript 7 is a native binary that its Node launcher starts as a child
 * (or execs into), so the launcher's own peak RSS would not measure it.
 */
function typecheck(): BenchReport["typecheck"] {
    const command = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.typecheck;
    const [program, ...args] = command.split(/\s+/);
    const run = (extra: string[]) =>
        spawnSync(program === "node" ? process.execPath : program, [...args, ...extra], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const compiler = run(["--version"]).stdout.trim();
    const started = Date.now();
    const r = run(["--extendedDiagnostics"]);
    const wallMs = Date.now() - started;
    const figure = (label: string) => new RegExp(`^${label}:\\s+(\\d+)`, "m").exec(r.stdout)?.[1];
    const memoryK = figure("Memory used");
    const files = figure("Files");
    if (memoryK === undefined || files === undefined) {
        throw new Error(`type-check (${command}) printed no diagnostics: ${(r.stdout + r.stderr).slice(-500)}`);
    }
    return { command, compiler, wallMs, memoryMb: Math.round(Number(memoryK) / 1024), files: Number(files), ok: r.status === 0 };
}

function expectedSdks(stack: string, result: WorkerResult): boolean {
    const cloud = stack.split("-")[0];
    const wanted = { aws: ["@pulumi/aws"], azure: ["@pulumi/azure-native"], gcp: ["@pulumi/gcp"] }[cloud] ?? [];
    return JSON.stringify(result.loadedSdks) === JSON.stringify(wanted);
}

export interface BenchOptions {
    /** The stack the scale series runs on. Default: local. */
    seriesStack?: string;
    /** Tenant counts of the scale series. Default: 0, 100, 500, 1000. */
    tenantCounts?: number[];
    /** Progress lines go here. */
    log?: (line: string) => void;
    /** Input sizes (MB) of the policy check series. Default: 1, 10, 50. */
    policySizes?: number[];
    /** Measure only the policy check (skip stacks, scale series and type-check). */
    policyOnly?: boolean;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
    const log = options.log ?? (() => undefined);
    const policy = await policyBench(options.policySizes ?? [1, 10, 50], log);
    if (options.policyOnly) {
        return {
            machine: { node: process.version, cpus: os.cpus().length, platform: `${process.platform}-${process.arch}` },
            stacks: [],
            series: { stack: "-", points: [] },
            typecheck: { command: "-", compiler: "-", wallMs: 0, memoryMb: 0, files: 0, ok: true },
            policy,
            targets: policyTargets(policy),
        };
    }
    const seriesStack = options.seriesStack ?? "local";
    const counts = options.tenantCounts ?? [0, 100, 500, 1000];
    // Shipped stacks run one per core: their figures that are checked (critical path, SDKs loaded)
    // do not depend on timing. The scale series, whose ratio is checked, runs one process at a time.
    const stacks = await pool(
        shippedStacks().map((stack) => async () => {
            log(`stack ${stack}`);
            return { stack, ...(await worker(["stack", stack])) };
        }),
        os.cpus().length,
    );
    const points: SeriesPoint[] = [];
    for (const tenants of counts) {
        log(`series ${seriesStack} with ${tenants} tenants`);
        const record = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "registrations.json");
        let program: WorkerResult;
        let floor: WorkerResult;
        try {
            program = await worker(["tenants", seriesStack, String(tenants), record]);
            floor = await worker(["floor", record]);
        } finally {
            fs.rmSync(path.dirname(record), { recursive: true, force: true });
        }
        points.push({
            tenants,
            resources: program.resources,
            evalMs: program.evalMs,
            maxRssMb: program.maxRssMb,
            floorMs: floor.evalMs,
            floorRssMb: floor.maxRssMb,
            msPerResource: Math.round((program.evalMs / program.resources) * 1000) / 1000,
            floorMsPerResource: Math.round((floor.evalMs / floor.resources) * 1000) / 1000,
            ratio: Math.round((program.evalMs / Math.max(floor.evalMs, 1)) * 100) / 100,
        });
    }
    log("type-check");
    const tc = typecheck();
    const at = (n: number) => points.find((p) => p.tenants === n);
    const p100 = at(100);
    const p1000 = at(1000);
    const targets: BenchReport["targets"] = [];
    if (p1000) {
        targets.push({ name: "overhead at 1000 tenants within 1.3x of the SDK floor", met: p1000.ratio <= 1.3, detail: `ratio ${p1000.ratio}` });
        targets.push({ name: "peak RSS at 1000 tenants under 2 GB", met: p1000.maxRssMb < 2048, detail: `${p1000.maxRssMb} MB` });
    }
    if (p100 && p1000) {
        const drift = p1000.ratio / p100.ratio;
        targets.push({
            name: "linear in tenants: ratio at 1000 within 10% of the ratio at 100",
            met: drift <= 1.1,
            detail: `${p1000.ratio} vs ${p100.ratio} (x${Math.round(drift * 100) / 100})`,
        });
    }
    for (const s of stacks) {
        const cp = s.criticalPath;
        if (cp) {
            targets.push({
                name: `${s.stack}: critical path equals the structural minimum`,
                met: cp.minutes <= cp.structuralMinutes + 0.01,
                detail: `${cp.minutes} min vs ${cp.structuralMinutes} min`,
            });
        }
        targets.push({ name: `${s.stack}: only the selected cloud's SDK is loaded`, met: expectedSdks(s.stack, s), detail: s.loadedSdks.join(", ") || "none" });
    }
    targets.push({
        name: "type-check within 10 s",
        met: tc.ok && tc.wallMs <= 10_000,
        detail: `${tc.wallMs} ms, ${tc.memoryMb} MB, ${tc.compiler}${tc.ok ? "" : ", FAILED"}`,
    });
    targets.push(...policyTargets(policy));
    return {
        machine: { node: process.version, cpus: os.cpus().length, platform: `${process.platform}-${process.arch}` },
        stacks,
        series: { stack: seriesStack, points },
        typecheck: tc,
        policy,
        targets,
    };
}

/** A short table of the report, for people. */
export function benchTable(report: BenchReport): string {
    const lines: string[] = [];
    if (report.policy) {
        lines.push(policyTable(report.policy), "");
    }
    if (report.stacks.length > 0) {
        lines.push("stack            resources  eval ms  policy ms  peak MB  critical path (structural)  SDKs");
        for (const s of report.stacks) {
            const cp = s.criticalPath;
            lines.push(
                `${s.stack.padEnd(16)} ${String(s.resources).padStart(9)} ${String(s.evalMs).padStart(8)} ${String(s.policyMs ?? "").padStart(10)} ${String(s.maxRssMb).padStart(8)}  ${cp ? `${cp.minutes} min / ${cp.resources} res (${cp.structuralMinutes})`.padEnd(26) : "".padEnd(26)}  ${s.loadedSdks.join(",") || "-"}`,
            );
        }
    }
    if (report.series.points.length > 0) {
        lines.push("", `scale series on '${report.series.stack}': tenants  resources  eval ms  floor ms  ms/res  floor ms/res  ratio  peak MB`);
        for (const p of report.series.points) {
            lines.push(
                `${String(p.tenants).padStart(43)} ${String(p.resources).padStart(10)} ${String(p.evalMs).padStart(8)} ${String(p.floorMs).padStart(9)} ${String(p.msPerResource).padStart(7)} ${String(p.floorMsPerResource).padStart(13)} ${String(p.ratio).padStart(6)} ${String(p.maxRssMb).padStart(8)}`,
            );
        }
    }
    if (report.typecheck.files > 0) {
        lines.push(
            "",
            `type-check (${report.typecheck.compiler}, ${report.typecheck.files} files): ${report.typecheck.wallMs} ms, ${report.typecheck.memoryMb} MB`,
        );
    }
    lines.push("", "targets:");
    for (const t of report.targets) {
        lines.push(`  [${t.met ? "met" : "MISSED"}] ${t.name}: ${t.detail}`);
    }
    return lines.join("\n");
}
