/**
 * `npm run policy -- check [--env dev|staging|prod] [--format text|json] [--rules g1,g2] <file-or-dir>...`
 *
 * Checks Kubernetes YAML the way the pack checks a stack: every object is treated as the resource Pulumi
 * would register for it. Exit 0 when clean, 1 on any mandatory violation, 2 on bad arguments or unreadable
 * or invalid input (file and document named).
 */
import { parseArgs } from "util";
import { stringify } from "yaml";
import { gatekeeperObjects } from "../cel/gatekeeper";
import { kubernetesRules } from "../policies/kubernetes/rules";
import { PackConfig, runPolicies } from "../lib/engine";
import { environments, loadPackConfig, PolicyEnvironment } from "../lib/config";
import { loadObjects, Source } from "./load";
import { groupNames, selectRules } from "./select";

export const usage =
    "usage: npm run policy -- check [--env dev|staging|prod] [--format text|json] [--rules <group>[,<group>]] <file-or-dir>...\n" +
    "       npm run policy -- gatekeeper [--env dev|staging|prod]   (prints ConstraintTemplates and Constraints as YAML)";

/** One violation as pipelines consume it. */
export interface CheckViolation {
    file: string;
    document: number;
    kind: string;
    name: string;
    policy: string;
    level: "mandatory" | "advisory";
    message: string;
}

export interface CheckReport {
    checked: number;
    violations: CheckViolation[];
}

/** What the command prints and its exit code. */
export interface CheckResult {
    code: 0 | 1 | 2;
    stdout: string;
    stderr: string;
}

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

function text(report: CheckReport): string {
    const lines = report.violations.map(
        (v) => `${v.file}:${v.document} ${v.kind}/${v.name || "-"} [${v.level}] ${v.policy}: ${v.message}`,
    );
    const mandatory = report.violations.filter((v) => v.level === "mandatory").length;
    lines.push(
        `${report.checked} object(s) checked: ${mandatory} mandatory and ${report.violations.length - mandatory} advisory violation(s).`,
    );
    return lines.join("\n") + "\n";
}

/** Runs `policy check` with the arguments after `check`; never throws on bad input. */
export async function runCheck(argv: readonly string[]): Promise<CheckResult> {
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
        return { code: 0, stdout: `${usage}\nrule groups: ${groupNames().join(", ")}\n`, stderr: "" };
    }
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json") {
        return fail(`--format: must be text or json, got ${format}`);
    }
    const env = envConfig(values.env);
    if ("error" in env) {
        return fail(env.error);
    }
    if (positionals.length === 0) {
        return fail("give at least one file or folder to check");
    }
    const groups = (values.rules ?? "").split(",").map((g) => g.trim()).filter((g) => g !== "");
    let selection;
    try {
        selection = selectRules(groups, env.config);
    } catch (e) {
        return fail((e as Error).message);
    }

    const loaded = loadObjects(positionals);
    if (loaded.errors.length > 0) {
        const lines = loaded.errors.map((e) => (e.document > 0 ? `${e.file}: document ${e.document}: ${e.message}` : `${e.file}: ${e.message}`));
        return { code: 2, stdout: "", stderr: lines.join("\n") + "\n" };
    }

    const raw = await runPolicies(selection.policies, loaded.resources, { config: selection.config, stackUrn: "urn:pulumi:check::policy-check::pulumi:pulumi:Stack::check" });
    const none: Source = { file: "-", document: 0, kind: "", name: "" };
    const violations: CheckViolation[] = raw.map((v) => {
        const src = loaded.sources.get(v.urn) ?? none;
        return { file: src.file, document: src.document, kind: src.kind, name: src.name, policy: v.policy, level: v.level, message: v.message };
    });
    const report: CheckReport = { checked: loaded.resources.length, violations };
    const code = violations.some((v) => v.level === "mandatory") ? 1 : 0;
    return { code, stdout: format === "json" ? JSON.stringify(report, null, 2) + "\n" : text(report), stderr: "" };
}

/** The `policy` command: `check`, or `gatekeeper` (the same Kubernetes rules as Gatekeeper YAML). */
export async function policyCli(argv: readonly string[]): Promise<CheckResult> {
    const [command, ...rest] = argv;
    if (command === "check") {
        return runCheck(rest);
    }
    if (command === "gatekeeper") {
        return runGatekeeper(rest);
    }
    if (command === undefined || command === "--help" || command === "-h") {
        return { code: command === undefined ? 2 : 0, stdout: "", stderr: `${usage}\n` };
    }
    return fail(`unknown command ${command}`);
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
    let objects;
    try {
        objects = gatekeeperObjects(kubernetesRules, env.config);
    } catch (e) {
        return { code: 2, stdout: "", stderr: `${(e as Error).message}\n` };
    }
    const docs = objects.map((o) => stringify(o, { lineWidth: 0 }));
    return { code: 0, stdout: docs.map((d) => `---\n${d}`).join(""), stderr: "" };
}
