/**
 * npm run conformance [-- --kubeconfig PATH [--context NAME]] [--stack NAME]... [--timeout-minutes N]
 *
 * The platform judged by a real kube-apiserver (docs/conformance.md). Without --kubeconfig it builds (if
 * the pins changed) and starts the local control plane. Skips with one line, exit 0, when ../shared (or
 * PLATFORM_SHARED_DIR) or Go is missing. Exit 1 when any check fails, 2 on bad arguments. Logic:
 * modules/conformance.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { parseArgs } from "util";
import { binDir, missingBinaries, repoRoot, sharedDir } from "../modules/conformance/paths";
import { runSuite } from "../modules/conformance/suite";

const usage = "usage: npm run conformance [-- --kubeconfig PATH [--context NAME]] [--stack NAME]... [--timeout-minutes N]";

function hasGo(): boolean {
    return spawnSync("go", ["version"], { stdio: "ignore", timeout: 30_000 }).status === 0;
}

async function main(): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                kubeconfig: { type: "string" },
                context: { type: "string" },
                stack: { type: "string", multiple: true },
                "timeout-minutes": { type: "string" },
                help: { type: "boolean" },
            },
            strict: true,
        }));
    } catch (e) {
        console.error(`${(e as Error).message}\n${usage}`);
        return 2;
    }
    if (values.help) {
        console.log(usage);
        return 0;
    }
    const timeoutMinutes = Number(values["timeout-minutes"] ?? "30");
    if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0) {
        console.error(`--timeout-minutes: must be a positive number\n${usage}`);
        return 2;
    }
    const shared = sharedDir();
    if (!shared) {
        console.log("conformance: skipped, no shared folder (../shared beside the repository, or PLATFORM_SHARED_DIR) with crds/ and corpus/");
        return 0;
    }
    if (!values.kubeconfig) {
        if (!hasGo()) {
            console.log("conformance: skipped, Go is not installed (needed to build the local kube-apiserver; or pass --kubeconfig)");
            return 0;
        }
        const build = spawnSync("bash", [path.join(repoRoot, "conformance", "build.sh")], { stdio: "inherit", timeout: 60 * 60_000 });
        if (build.status !== 0) {
            console.error(`conformance: the control plane build failed (exit ${build.status ?? build.signal})`);
            return 1;
        }
        const missing = missingBinaries();
        if (missing.length > 0) {
            console.error(`conformance: ${missing.join(", ")} missing from ${binDir()} after the build`);
            return 1;
        }
    }
    // Never hangs: the whole run is bounded (the timer also keeps the process alive, so a lost promise
    // cannot end it silently); the exit hook stops the control plane.
    const watchdog = setTimeout(() => {
        console.error(`conformance: did not finish within ${timeoutMinutes} minutes; stopping`);
        process.exit(1);
    }, timeoutMinutes * 60_000);
    const report = await runSuite({
        shared,
        kubeconfig: values.kubeconfig,
        context: values.context,
        stacks: values.stack,
        log: (line) => console.log(line),
    });
    clearTimeout(watchdog);
    const failed = report.failures.length;
    console.log(
        `\nconformance against ${report.mode === "local" ? "the local control plane" : report.server} (${report.version}) in ${(report.ms / 1000).toFixed(1)} s`,
    );
    report.failures.forEach((f) => console.log(`FAILED: ${f}`));
    console.log(`conformance: ${report.passed} passed, ${failed} failed`);
    return failed > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(`conformance: ${(e as Error).message}`);
        process.exit(1);
    },
);
