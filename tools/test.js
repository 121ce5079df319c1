#!/usr/bin/env node
// The unit and plan test suite, in two parts, each timed:
// - pure tests: files that never run the program under the mock runtime nor start a tool process
//   (config schema, values functions, policy rules and their corpora, docs freshness). They run in
//   one process and are the edit loop: `npm run test:fast` runs only them (target: under 30 s).
// - plan tests: files that plan a config or a shipped stack (the real program under mocks) or run a
//   CLI. They run in parallel, one mocha worker per core (each worker plans a shipped stack once).
// Prints the pure, plan and total wall times, then exits non-zero when either part failed.
// With --checks (what `npm test` runs) the type-check runs first and the lint step (ESLint and
// Prettier) beside the pure tests, one per core, before the plan tests take every core.
// Usage: node tools/test.js [--checks] [--pure | --plan] [--jobs N]
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(__dirname, "..");

/** What makes a test file a plan test: it calls one of these (the harness's and the fakes' entry points) or starts a process. */
const planEntryPoints =
    /\b(planConfig|planShippedStack|planCluster|planAddonsOn|runOnCloud|planRouting|planStack|evaluateProgram|createPlatform|spawnSync|execFileSync|spawn|execFile|fork|run)\s*\(/;

function testFiles(dir) {
    const out = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            out.push(...testFiles(full));
        } else if (entry.name.endsWith(".test.ts")) {
            out.push(full);
        }
    }
    return out.sort();
}

/** Splits the suite's files into pure and plan tests (see planEntryPoints). */
function classify(files) {
    const pure = [];
    const plan = [];
    for (const f of files) {
        (planEntryPoints.test(fs.readFileSync(f, "utf8")) ? plan : pure).push(f);
    }
    return { pure, plan };
}

function parseArgs(argv) {
    const o = { part: "all", checks: false, jobs: Math.max(1, os.availableParallelism ? os.availableParallelism() : os.cpus().length) };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--pure" || a === "--plan") {
            o.part = a.slice(2);
        } else if (a === "--checks") {
            o.checks = true;
        } else if (a === "--jobs" && /^\d+$/.test(argv[i + 1] ?? "")) {
            o.jobs = Math.max(1, Number(argv[++i]));
        } else {
            console.error(`tools/test.js: unknown argument '${a}' (use --checks, --pure, --plan, --jobs N)`);
            process.exit(2);
        }
    }
    return o;
}

function mocha(files, extra) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [require.resolve("mocha/bin/mocha.js", { paths: [root] }), ...extra, ...files.map((f) => path.relative(root, f))], {
        cwd: root,
        stdio: "inherit",
    });
    return { ok: r.status === 0, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** An npm script run in the background with its output kept, so it does not interleave with the tests'. */
function background(script) {
    const start = process.hrtime.bigint();
    const child = spawn(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "--silent", script], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    return new Promise((resolve) => child.on("close", (code) => resolve({ ok: code === 0, output, seconds: Number(process.hrtime.bigint() - start) / 1e9 })));
}

function npmRun(script) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "--silent", script], { cwd: root, stdio: "inherit" });
    return { ok: r.status === 0, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function main() {
    const o = parseArgs(process.argv.slice(2));
    const { pure, plan } = classify(testFiles(path.join(root, "tests")));
    const started = process.hrtime.bigint();
    const lines = [];
    let ok = true;
    let lint;
    if (o.checks) {
        const t = npmRun("typecheck");
        lines.push(`typecheck: ${t.seconds.toFixed(1)} s${t.ok ? "" : " (FAILED)"}`);
        if (!t.ok) {
            console.log(`\n${lines.join("\n")}`);
            process.exit(1);
        }
        lint = background("lint");
    }
    if (o.part !== "plan") {
        const r = mocha(pure, []);
        ok &&= r.ok;
        lines.push(`pure tests: ${pure.length} files in ${r.seconds.toFixed(1)} s${r.ok ? "" : " (FAILED)"}`);
    }
    if (lint) {
        const l = await lint;
        process.stdout.write(l.output.trim() ? `\n${l.output.trim()}\n` : "");
        lines.push(`lint (ESLint, Prettier): ${l.seconds.toFixed(1)} s, beside the pure tests${l.ok ? "" : " (FAILED)"}`);
        ok &&= l.ok;
    }
    if (o.part !== "pure") {
        const r = mocha(plan, o.jobs > 1 ? ["--parallel", "--jobs", String(o.jobs)] : []);
        ok &&= r.ok;
        lines.push(`plan tests: ${plan.length} files in ${r.seconds.toFixed(1)} s on ${o.jobs} worker(s)${r.ok ? "" : " (FAILED)"}`);
    }
    lines.push(`total: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
    console.log(`\n${lines.join("\n")}`);
    process.exit(ok ? 0 : 1);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
