/**
 * `npm run policy -- check [--env dev|staging|prod] [--format text|json|ndjson] [--rules g1,g2] <file-or-dir>...`
 *
 * Checks Kubernetes YAML the way the pack checks a stack: every object is treated as the resource Pulumi
 * would register for it, read exactly as kubectl and the API server read it. Objects are read, checked and
 * reported one at a time, so memory stays flat whatever the size of the input, and the report is written
 * as it goes.
 *
 * Exit 0 when clean, 1 on any mandatory violation, 2 on bad arguments, on input that is empty or could not
 * all be read (each broken document and unreadable path is named; every readable object is still checked).
 */
import { parseArgs } from "util";
import type { CheckerOptions, PackConfig, Violation } from "../lib/engine";
import { environments, loadPackConfig, PolicyEnvironment } from "../lib/config";
import type { Source } from "./load";

export const usage =
    "usage: npm run policy -- check [--env dev|staging|prod] [--format text|json|ndjson] [--rules <group>[,<group>]] <file-or-dir>...\n" +
    "       npm run policy -- gatekeeper [--env dev|staging|prod]   (prints ConstraintTemplates and Constraints as YAML)";

/** One violation as pipelines consume it (`item`: the path of a List item, only for List items). */
export interface CheckViolation {
    file: string;
    document: number;
    item?: string;
    kind: string;
    name: string;
    policy: string;
    level: "mandatory" | "advisory";
    message: string;
}

/** A document (or List item) that could not be checked. */
export interface CheckError {
    file: string;
    document: number;
    item?: string;
    line?: number;
    message: string;
}

/** A path that could not be read; `fatal` when it may hold manifests (the check is then incomplete). */
export interface CheckUnreadable {
    file: string;
    message: string;
    fatal: boolean;
}

/** An object no rule of the pack applies to (a custom resource). */
export interface CheckNotChecked {
    file: string;
    document: number;
    item?: string;
    apiVersion: string;
    kind: string;
    name: string;
    reason: string;
}

/** The JSON report (`--format json`); `--format ndjson` writes the same records one per line with a `type`. */
export interface CheckReport {
    checked: number;
    violations: CheckViolation[];
    errors: CheckError[];
    unreadable: CheckUnreadable[];
    notChecked: CheckNotChecked[];
    summary: { mandatory: number; advisory: number; exitCode: 0 | 1 | 2 };
}

/** What the command prints and its exit code (the collected form of {@link runCheckTo}). */
export interface CheckResult {
    code: 0 | 1 | 2;
    stdout: string;
    stderr: string;
}

/** Where output goes: a write that may ask the caller to wait (back-pressure). */
export type Sink = (text: string) => void | Promise<void>;

function fail(message: string): CheckResult {
    return { code: 2, stdout: "", stderr: `${message}\n${usage}\n` };
}

/** The pack config `--env` names ({} without it: each policy's own defaults), or why it cannot be had. */
function envConfig(env: string | undefined): { config: PackConfig } | { error: string } {
    if (env === undefined) {
        return { config: {} };
    }
    if (!(environments as readonly string[]).includes(env)) {
        return { error: `--env: must be one of ${environments.join(", ")}, got ${env}` };
    }
    try {
        return { config: loadPackConfig(env as PolicyEnvironment) };
    } catch (e) {
        return { error: `policy-pack/config/${env}.json: ${(e as Error).message}` };
    }
}

/** Characters a JSON string literal must escape (and lone surrogates, which JSON.stringify escapes). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Collects writes into chunks of about 1 MB before handing them to the sink. */
class Buffered {
    private parts: string[] = [];
    private size = 0;
    constructor(private readonly sink: Sink) {}
    async write(text: string): Promise<void> {
        this.parts.push(text);
        this.size += text.length;
        if (this.size >= 1 << 20) {
            await this.flush();
        }
    }
    async flush(): Promise<void> {
        if (this.parts.length > 0) {
            const text = this.parts.join("");
            this.parts = [];
            this.size = 0;
            await this.sink(text);
        }
    }
}

interface Parsed {
    format: "text" | "json" | "ndjson";
    config: PackConfig;
    groups: string[];
    targets: string[];
}

function parseCheckArgs(argv: readonly string[]): Parsed | CheckResult {
    let values: { env?: string; format?: string; rules?: string; help?: boolean };
    let positionals: string[];
    try {
        ({ values, positionals } = parseArgs({
            args: [...argv],
            options: { env: { type: "string" }, format: { type: "string" }, rules: { type: "string" }, help: { type: "boolean" } },
            allowPositionals: true,
            strict: true,
        }));
    } catch (e) {
        return fail((e as Error).message);
    }
    if (values.help) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { groupNames } = require("./select") as typeof import("./select");
        return { code: 0, stdout: `${usage}\nrule groups: ${groupNames().join(", ")}\n`, stderr: "" };
    }
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json" && format !== "ndjson") {
        return fail(`--format: must be text, json or ndjson, got ${format}`);
    }
    const env = envConfig(values.env);
    if ("error" in env) {
        return fail(env.error);
    }
    if (positionals.length === 0) {
        return fail("give at least one file or folder to check");
    }
    const groups = (values.rules ?? "")
        .split(",")
        .map((g) => g.trim())
        .filter((g) => g !== "");
    return { format, config: env.config, groups, targets: positionals };
}

function where(file: string, document: number, item?: string): string {
    return `${file}: document ${document}${item ? ` ${item}` : ""}`;
}

/**
 * Runs `policy check` with the arguments after `check`, streaming the report to `out` and problems to
 * `err`; resolves to the exit code. Never throws on bad input.
 */
export async function runCheckTo(argv: readonly string[], outSink: Sink, errSink: Sink): Promise<0 | 1 | 2> {
    const parsed = parseCheckArgs(argv);
    if ("code" in parsed) {
        await outSink(parsed.stdout);
        await errSink(parsed.stderr);
        return parsed.code;
    }
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { selectRules } = require("./select") as typeof import("./select");
    const { createChecker } = require("../lib/engine") as typeof import("../lib/engine");
    const { stackPolicyInputs } = require("../policies") as typeof import("../policies");
    const { readInputs } = require("./load") as typeof import("./load");
    /* eslint-enable @typescript-eslint/no-require-imports */
    let selection;
    try {
        selection = selectRules(parsed.groups, parsed.config);
    } catch (e) {
        await errSink(`${(e as Error).message}\n${usage}\n`);
        return 2;
    }
    const options: CheckerOptions = {
        config: selection.config,
        stackUrn: "urn:pulumi:check::policy-check::pulumi:pulumi:Stack::check",
        stackInputs: stackPolicyInputs,
    };
    const checker = createChecker(selection.policies, options);

    const out = new Buffered(outSink);
    const err = new Buffered(errSink);
    const { format } = parsed;
    const report: Omit<CheckReport, "violations" | "summary"> = { checked: 0, errors: [], unreadable: [], notChecked: [] };
    let mandatory = 0;
    let advisory = 0;
    let firstViolation = true;
    const kept = new Map<string, Source>(); // sources of the resources stack policies read

    // A JSON string literal; most texts need no escaping, and checking that is cheaper than escaping.
    const q = (text: string) => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);
    const emit = async (v: Violation, src: Source | undefined) => {
        const s = src ?? { file: "-", document: 0, item: "", kind: "", name: "" };
        if (v.level === "mandatory") mandatory++;
        else advisory++;
        if (format === "text") {
            await out.write(`${s.file}:${s.document}${s.item ? ` ${s.item}` : ""} ${s.kind}/${s.name || "-"} [${v.level}] ${v.policy}: ${v.message}\n`);
        } else {
            // The CheckViolation record, written field by field (the same text JSON.stringify gives).
            const record =
                `{"file":${q(s.file)},"document":${s.document}${s.item ? `,"item":${q(s.item)}` : ""},"kind":${q(s.kind)},` +
                `"name":${q(s.name)},"policy":${q(v.policy)},"level":"${v.level}","message":${q(v.message)}}`;
            await out.write(format === "ndjson" ? `{"type":"violation",${record.slice(1)}\n` : `${firstViolation ? "" : ",\n"}    ${record}`);
        }
        firstViolation = false;
    };

    if (format === "json") {
        await out.write('{\n  "violations": [\n');
    }
    for (const event of readInputs(parsed.targets)) {
        switch (event.type) {
            case "object": {
                report.checked++;
                const found = checker.check(event.resource);
                const violations = Array.isArray(found) ? found : await found;
                for (const v of violations) {
                    await emit(v, event.source);
                }
                if (checker.retains(event.resource.type)) {
                    kept.set(event.resource.urn, event.source);
                }
                break;
            }
            case "error": {
                const record: CheckError = {
                    file: event.file,
                    document: event.document,
                    ...(event.item ? { item: event.item } : {}),
                    ...(event.line ? { line: event.line } : {}),
                    message: event.message,
                };
                report.errors.push(record);
                await err.write(`${where(event.file, event.document, event.item)}${event.line ? ` (from line ${event.line})` : ""}: ${event.message}\n`);
                if (format === "ndjson") await out.write(`${JSON.stringify({ type: "error", ...record })}\n`);
                break;
            }
            case "unreadable": {
                const record: CheckUnreadable = { file: event.file, message: event.message, fatal: event.fatal };
                report.unreadable.push(record);
                await err.write(`${event.file}: ${event.message}${event.fatal ? "" : " (skipped)"}\n`);
                if (format === "ndjson") await out.write(`${JSON.stringify({ type: "unreadable", ...record })}\n`);
                break;
            }
            case "not-checked": {
                const s = event.source;
                const record: CheckNotChecked = {
                    file: s.file,
                    document: s.document,
                    ...(s.item ? { item: s.item } : {}),
                    apiVersion: event.apiVersion,
                    kind: s.kind,
                    name: s.name,
                    reason: event.reason,
                };
                report.notChecked.push(record);
                if (format === "text")
                    await out.write(`${s.file}:${s.document}${s.item ? ` ${s.item}` : ""} ${s.kind}/${s.name || "-"} [not checked] ${event.reason}\n`);
                if (format === "ndjson") await out.write(`${JSON.stringify({ type: "not-checked", ...record })}\n`);
                break;
            }
        }
    }
    for (const v of await checker.finish()) {
        await emit(v, kept.get(v.urn));
    }

    const empty = report.checked === 0 && report.notChecked.length === 0 && report.errors.length === 0;
    const incomplete = report.errors.length > 0 || report.unreadable.some((u) => u.fatal);
    const code: 0 | 1 | 2 = incomplete || empty ? 2 : mandatory > 0 ? 1 : 0;
    if (empty) {
        await err.write(`no Kubernetes objects found in ${parsed.targets.join(", ")}${report.unreadable.length > 0 ? " that could be read" : ""}\n`);
    }
    const summary = { mandatory, advisory, exitCode: code };
    if (format === "text") {
        const lines = [`${report.checked} object(s) checked: ${mandatory} mandatory and ${advisory} advisory violation(s).`];
        if (report.notChecked.length > 0) {
            lines.push(`${report.notChecked.length} object(s) not checked: custom resources no rule of the pack applies to (listed above).`);
        }
        if (report.errors.length > 0 || report.unreadable.length > 0) {
            const fatal = report.unreadable.filter((u) => u.fatal).length;
            lines.push(
                `${report.errors.length} document(s) could not be checked and ${fatal} path(s) could not be read` +
                    `${report.unreadable.length > fatal ? ` (${report.unreadable.length - fatal} skipped)` : ""}: see the messages on stderr.`,
            );
        }
        await out.write(lines.join("\n") + "\n");
    } else if (format === "ndjson") {
        await out.write(
            `${JSON.stringify({ type: "summary", checked: report.checked, notChecked: report.notChecked.length, errors: report.errors.length, unreadable: report.unreadable.length, ...summary })}\n`,
        );
    } else {
        const rest = {
            errors: report.errors,
            unreadable: report.unreadable,
            notChecked: report.notChecked,
            checked: report.checked,
            summary,
        };
        const tail = JSON.stringify(rest, null, 2).slice(1); // the remaining keys, after the violations
        await out.write(`${firstViolation ? "" : "\n"}  ],${tail}\n`);
    }
    await out.flush();
    await err.flush();
    return code;
}

/** Runs `policy check` with the arguments after `check` and collects what it prints; never throws on bad input. */
export async function runCheck(argv: readonly string[]): Promise<CheckResult> {
    let stdout = "";
    let stderr = "";
    const code = await runCheckTo(
        argv,
        (t) => {
            stdout += t;
        },
        (t) => {
            stderr += t;
        },
    );
    return { code, stdout, stderr };
}

/** The `policy` command: `check`, or `gatekeeper` (the same Kubernetes rules as Gatekeeper YAML). */
export async function policyCli(argv: readonly string[], out: Sink, err: Sink): Promise<0 | 1 | 2> {
    const [command, ...rest] = argv;
    if (command === "check") {
        return runCheckTo(rest, out, err);
    }
    let result: CheckResult;
    if (command === "gatekeeper") {
        result = runGatekeeper(rest);
    } else if (command === undefined || command === "--help" || command === "-h") {
        result = { code: command === undefined ? 2 : 0, stdout: "", stderr: `${usage}\n` };
    } else {
        result = fail(`unknown command ${command}`);
    }
    await out(result.stdout);
    await err(result.stderr);
    return result.code;
}

/** `policy gatekeeper [--env e]`: the Kubernetes rules as Gatekeeper ConstraintTemplates and Constraints (YAML). */
export function runGatekeeper(argv: readonly string[]): CheckResult {
    let values: { env?: string };
    try {
        ({ values } = parseArgs({ args: [...argv], options: { env: { type: "string" } }, strict: true }));
    } catch (e) {
        return fail((e as Error).message);
    }
    const env = envConfig(values.env);
    if ("error" in env) {
        return fail(env.error);
    }
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { gatekeeperObjects } = require("../cel/gatekeeper") as typeof import("../cel/gatekeeper");
    const { kubernetesRules } = require("../policies/kubernetes/rules") as typeof import("../policies/kubernetes/rules");
    const { stringify } = require("yaml") as typeof import("yaml");
    /* eslint-enable @typescript-eslint/no-require-imports */
    let objects;
    try {
        objects = gatekeeperObjects(kubernetesRules, env.config);
    } catch (e) {
        return { code: 2, stdout: "", stderr: `${(e as Error).message}\n` };
    }
    const docs = objects.map((o) => stringify(o, { lineWidth: 0 }));
    return { code: 0, stdout: docs.map((d) => `---\n${d}`).join(""), stderr: "" };
}
