/**
 * The `policy check` part of the benchmark: the real command (`tools/run.js tools/policy.ts check`) on
 * generated multi-document files of 1, 10 and 50 MB of Pods (about 150 bytes each, as in a monorepo of
 * small manifests; each breaks a dozen rules, so the report is large too), written to a temporary folder
 * and removed afterwards. Measured: wall time, objects/s, MB/s, peak RSS (through rss-probe.js) and the
 * report's size; and the start-up of `npm run policy -- check` on one small file.
 */
import { spawnSync } from "child_process";
import { installedBytes, installPack, packTarball, servePack } from "./pack";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.join(__dirname, "..", "..");

export interface PolicyPoint {
    mb: number;
    objects: number;
    wallMs: number;
    objectsPerSec: number;
    mbPerSec: number;
    maxRssMb: number;
    /** CPU time of the command (user + system). */
    cpuMs: number;
    reportMb: number;
    exitCode: number | null;
}

export interface PolicyBench {
    /** `npm run policy -- check` on one small file, best of three (ms). */
    startupMs: number;
    points: PolicyPoint[];
    /** The pack installed from its tarball: Pulumi's loader serving it (best of three), installed sizes. */
    pack?: { loadMs: number; pulumiInstallMb: number; tenantInstallMb: number } | { skipped: string };
}

/** Writes about `mb` MB of Pod documents to `file`; returns how many. Deterministic, varied names and images. */
export function writePods(file: string, mb: number): number {
    const fd = fs.openSync(file, "w");
    let bytes = 0;
    let n = 0;
    try {
        while (bytes < mb * 1_000_000) {
            const parts: string[] = [];
            for (let i = 0; i < 1000; i++, n++) {
                const team = n % 97;
                parts.push(
                    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-${n}\n  namespace: team-${team}\nspec:\n  containers:\n` +
                        `  - name: web\n    image: registry.example.com/team-${team}/web:1.${n % 40}.${n % 7}\n---\n`,
                );
            }
            const chunk = parts.join("");
            fs.writeSync(fd, chunk);
            bytes += Buffer.byteLength(chunk);
        }
    } finally {
        fs.closeSync(fd);
    }
    return n;
}

function run(
    args: string[],
    rssFile: string,
    stdout: number | "ignore",
): { wallMs: number; status: number | null; maxRssMb: number; cpuMs: number; stderr: string } {
    const started = process.hrtime.bigint();
    const r = spawnSync(
        process.execPath,
        ["-r", path.join(__dirname, "rss-probe.js"), path.join(root, "tools", "run.js"), path.join(root, "tools", "policy.ts"), ...args],
        {
            cwd: root,
            env: { ...process.env, BENCH_RSS_FILE: rssFile },
            stdio: ["ignore", stdout, "pipe"],
            encoding: "utf8",
            maxBuffer: 64 << 20,
        },
    );
    const wallMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    const usage = fs.existsSync(rssFile) ? (JSON.parse(fs.readFileSync(rssFile, "utf8")) as { maxRssKb: number; cpuMs: number }) : { maxRssKb: 0, cpuMs: 0 };
    return { wallMs, status: r.status, maxRssMb: Math.round(usage.maxRssKb / 1024), cpuMs: usage.cpuMs, stderr: r.stderr ?? "" };
}

/** The pack as Pulumi and tenants install it: Pulumi's loader serving it, and both installed sizes. */
async function packFigures(dir: string): Promise<NonNullable<PolicyBench["pack"]>> {
    const { tarball } = packTarball(dir);
    const pulumi = installPack(tarball, path.join(dir, "pulumi"), ["dev"]);
    const tenant = installPack(tarball, path.join(dir, "tenant"), ["dev", "optional"]);
    if (!pulumi || !tenant) {
        return { skipped: "the npm registry cannot be reached" };
    }
    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
        const served = await servePack(pulumi);
        served.child.kill();
        loads.push(served.ms);
    }
    const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
    return { loadMs: Math.min(...loads), pulumiInstallMb: mb(installedBytes(pulumi)), tenantInstallMb: mb(installedBytes(tenant)) };
}

export async function policyBench(sizes: readonly number[], log: (line: string) => void): Promise<PolicyBench> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-policy-"));
    try {
        const small = path.join(dir, "small.yaml");
        writePods(small, 0.001);
        const startups: number[] = [];
        for (let i = 0; i < 3; i++) {
            const started = Date.now();
            spawnSync("npm", ["run", "--silent", "policy", "--", "check", small], { cwd: root, stdio: "ignore" });
            startups.push(Date.now() - started);
        }
        const points: PolicyPoint[] = [];
        for (const mb of sizes) {
            const input = path.join(dir, `pods-${mb}mb.yaml`);
            const objects = writePods(input, mb);
            const size = fs.statSync(input).size;
            log(`policy check on ${mb} MB (${objects} Pods)`);
            const reportFile = path.join(dir, "report.ndjson");
            const out = fs.openSync(reportFile, "w");
            let r;
            try {
                r = run(["check", "--format", "ndjson", input], path.join(dir, "rss"), out);
            } finally {
                fs.closeSync(out);
            }
            if (r.status !== 1) {
                throw new Error(`policy check on ${mb} MB exited ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`);
            }
            const reportMb = Math.round(fs.statSync(reportFile).size / 1e5) / 10;
            fs.rmSync(input);
            fs.rmSync(reportFile);
            points.push({
                mb,
                objects,
                wallMs: r.wallMs,
                objectsPerSec: Math.round(objects / (r.wallMs / 1000)),
                mbPerSec: Math.round((size / 1e6 / (r.wallMs / 1000)) * 100) / 100,
                maxRssMb: r.maxRssMb,
                cpuMs: r.cpuMs,
                reportMb,
                exitCode: r.status,
            });
        }
        log("policy pack: npm pack, install in a fresh folder, serve with Pulumi's loader");
        return { startupMs: Math.min(...startups), points, pack: await packFigures(dir) };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The policy check's targets, as met or not. */
export function policyTargets(p: PolicyBench): { name: string; met: boolean; detail: string }[] {
    const targets = [
        { name: "policy check start-up (npm run policy -- check, one small file) under 1 s", met: p.startupMs < 1000, detail: `${p.startupMs} ms` },
    ];
    if (p.pack && "loadMs" in p.pack) {
        targets.push({
            name: "policy pack served by Pulumi's loader from a fresh install in under 3 s",
            met: p.pack.loadMs < 3000,
            detail: `${p.pack.loadMs} ms`,
        });
        targets.push({
            name: "policy pack for tenants (no Pulumi SDKs) under 60 MB installed",
            met: p.pack.tenantInstallMb < 60,
            detail: `${p.pack.tenantInstallMb} MB`,
        });
    }
    const at50 = p.points.find((x) => x.mb === 50);
    if (at50) {
        targets.push({
            name: "policy check of 50 MB of Pods under 60 s",
            met: at50.wallMs < 60_000,
            detail: `${Math.round(at50.wallMs / 100) / 10} s wall, ${Math.round(at50.cpuMs / 100) / 10} s CPU, ${at50.objects} objects`,
        });
        targets.push({ name: "policy check of 50 MB of Pods under 1 GB peak RSS", met: at50.maxRssMb < 1024, detail: `${at50.maxRssMb} MB` });
    }
    return targets;
}

/** The series as a table, for people. */
export function policyTable(p: PolicyBench): string {
    const lines = [
        `policy check: start-up ${p.startupMs} ms (npm run policy -- check, one small file)`,
        "     MB   objects   wall s    CPU s   objects/s   MB/s   peak MB   report MB",
    ];
    for (const x of p.points) {
        lines.push(
            `${String(x.mb).padStart(7)} ${String(x.objects).padStart(9)} ${String(Math.round(x.wallMs / 100) / 10).padStart(8)} ${String(Math.round(x.cpuMs / 100) / 10).padStart(8)} ${String(x.objectsPerSec).padStart(11)} ${String(x.mbPerSec).padStart(6)} ${String(x.maxRssMb).padStart(9)} ${String(x.reportMb).padStart(11)}`,
        );
    }
    if (p.pack) {
        lines.push(
            "loadMs" in p.pack
                ? `policy pack from a fresh install: served by Pulumi's loader in ${p.pack.loadMs} ms; installed ${p.pack.pulumiInstallMb} MB with the Pulumi SDKs, ${p.pack.tenantInstallMb} MB for tenants`
                : `policy pack install: skipped (${p.pack.skipped})`,
        );
    }
    return lines.join("\n");
}
