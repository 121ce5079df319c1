/**
 * Turns a stack's raw configuration into one typed, complete `PlatformConfig`, or fails with every
 * problem listed as `key.path: message`. Two sources feed it the same raw shape: the Pulumi runtime
 * (`pulumi up`/`preview`, and the offline plan, which sets the runtime's config from the stack file)
 * and a stack file read directly (modules/config/stack-file.ts).
 */
import { z } from "zod";
import { ConfigError, ConfigIssue, formatPath, suggest } from "./errors";
import { Tier } from "./common";
import { applyContextDefaults, environmentSchema, PlatformConfig, projectName, stackSchema } from "./schema";
import { findSecrets } from "./secret";
import { chartOverrideIssues } from "./chart-overrides";
import { knownKeysAt, variantsWithKey } from "./schema-walk";
import { unselectedSettings } from "./selection";
import { pipelineIssues } from "./sections/pipeline";
import { includeTenantFiles } from "./sections/tenant-files";

/** A stack's configuration as Pulumi holds it: values by full key, and which keys hold secrets. */
export interface RawStackConfig {
    /** The stack name. */
    stack: string;
    /** Values by full key (`platform:cluster`), objects already parsed. */
    values: Record<string, unknown>;
    /** Full keys whose values are (or contain) encrypted `secure:` values. */
    secretKeys: ReadonlySet<string>;
    /** Where the values came from, for messages (a file path). */
    source?: string;
}

const prefix = `${projectName}:`;

/**
 * A check of the whole, schema-valid configuration by a layer above config (the add-on plan: a
 * required add-on switched off, a tenant namespace an add-on uses). Its issues are reported with the
 * schema's, paths relabelled the same way (tenant files by file name).
 */
export type StackCheck = (config: PlatformConfig) => ConfigIssue[];

/**
 * Config namespaces of the providers and tools a stack of this program may configure: their keys are
 * not ours to judge. Any other namespace is looked at: a near miss of `platform` or a platform
 * section under another namespace is a typo that would otherwise be silently ignored.
 */
const otherNamespaces = ["aws", "azure", "azure-native", "azuread", "gcp", "google-beta", "kubernetes", "pulumi", "random", "tls", "command", "std"];

/** A key outside `platform:` that was meant for it, or undefined for another tool's key. */
function misplacedKey(key: string, knownSections: readonly string[]): string | undefined {
    const colon = key.indexOf(":");
    if (colon < 0) {
        const section = suggest(key, knownSections) ?? key;
        return `config keys need the project's namespace: write '${prefix}${section}' (stack file keys are <namespace>:<name>, and the program reads only ${prefix}* keys; \`pulumi config set --path '${section}...'\` adds the namespace itself)`;
    }
    const namespace = key.slice(0, colon);
    const name = key.slice(colon + 1);
    if (otherNamespaces.includes(namespace)) {
        return undefined;
    }
    const section = knownSections.includes(name) ? name : suggest(name, knownSections);
    if (suggest(namespace, [projectName]) || (section !== undefined && knownSections.includes(name))) {
        return `unknown config namespace '${namespace}' (did you mean '${prefix}${section ?? name}'?): the program reads only ${prefix}* keys, so this one would be ignored`;
    }
    return undefined;
}

/** Validates and completes a stack's configuration. Throws `ConfigError` listing every problem. */
export function parseStackConfig(raw: RawStackConfig, checks: readonly StackCheck[] = []): PlatformConfig {
    const issues: ConfigIssue[] = [];
    const sections: Record<string, unknown> = {};
    const knownSections = Object.keys(stackSchema("dev").shape);
    for (const [key, value] of Object.entries(raw.values)) {
        if (!key.startsWith(prefix)) {
            // Provider configuration (aws:region, kubernetes:..., pulumi:...) is not ours to judge;
            // a misspelt namespace or a bare key is.
            const problem = misplacedKey(key, knownSections);
            if (problem) {
                issues.push({ path: key, message: problem });
            }
            continue;
        }
        const section = key.slice(prefix.length);
        if (!knownSections.includes(section)) {
            const hint = suggest(section, knownSections);
            issues.push({ path: section, message: `unknown key${hint ? ` (did you mean '${hint}'?)` : ""}; known keys: ${knownSections.join(", ")}` });
            continue;
        }
        sections[section] = value;
    }

    let tier: Tier = "dev";
    const env = environmentSchema.safeParse(sections.environment);
    if (env.success) {
        tier = env.data;
    } else if (sections.environment === undefined) {
        issues.push({ path: "environment", message: "required: one of dev, staging, prod" });
    }

    // Tenant files (platform:tenancy.directory) join platform:tenants before validation; their issues name the file.
    const tenantFiles = includeTenantFiles(sections);
    issues.push(...tenantFiles.issues);

    const schema = stackSchema(tier);
    const parsed = schema.safeParse(applyContextDefaults(sections));
    if (!parsed.success) {
        issues.push(
            ...toIssues(parsed.error, schema, sections)
                .filter((i) => !(i.path === "environment" && sections.environment === undefined))
                .map((i) => ({ path: tenantFiles.relabel(i.path), message: tenantFiles.relabel(i.message) })),
        );
    }
    if (parsed.success && issues.length === 0) {
        const complete = { ...parsed.data, stack: raw.stack };
        for (const check of checks) {
            issues.push(...check(complete).map((i) => ({ path: tenantFiles.relabel(i.path), message: tenantFiles.relabel(i.message) })));
        }
    }
    if (parsed.success) {
        issues.push(...unselectedSettings(sections, parsed.data as Record<string, unknown>));
        issues.push(...chartOverrideIssues(parsed.data as Record<string, unknown>));
        issues.push(...pipelineIssues(parsed.data));
        for (const path of findSecrets(parsed.data)) {
            const key = `${prefix}${String(path[0])}`;
            if (!raw.secretKeys.has(key)) {
                issues.push({
                    path: formatPath(path),
                    message: `is a secret and must be stored encrypted: pulumi config set --secret --path '${formatPath(path)}' <value>`,
                });
            }
        }
    }
    if (issues.length > 0 || !parsed.success) {
        throw new ConfigError(dedupe(issues), raw.source);
    }
    return { ...parsed.data, stack: raw.stack };
}

function toIssues(error: z.ZodError, schema: z.core.$ZodType, input: unknown): ConfigIssue[] {
    const out: ConfigIssue[] = [];
    for (const issue of error.issues) {
        if (issue.code === "unrecognized_keys") {
            const known = knownKeysAt(schema, issue.path, input);
            for (const key of issue.keys) {
                const variants = variantsWithKey(schema, issue.path, input, key);
                if (variants.length > 0) {
                    const selected = variants[0].split(": ")[0];
                    const current = valueAt(input, [...issue.path, selected]);
                    out.push({
                        path: formatPath([...issue.path, key]),
                        message: `is a setting of ${variants.map((v) => `'${v}'`).join(" or ")}, but this stack has ${current === undefined ? `no ${selected} set (the default)` : `'${selected}: ${String(current)}'`}: remove it, or switch to ${variants[0]}`,
                    });
                    continue;
                }
                const hint = suggest(key, known);
                out.push({
                    path: formatPath([...issue.path, key]),
                    message: `unknown key${hint ? ` (did you mean '${hint}'?)` : ""}${known.length > 0 ? `; known keys here: ${known.join(", ")}` : ""}`,
                });
            }
            continue;
        }
        const branches = issue.code === "invalid_union" ? (issue as { errors?: z.core.$ZodIssue[][] }).errors : undefined;
        // A union of literals (Vault's replicas: 1 | 3 | 5): every branch rejects the value; list them all.
        const literals = branches?.every((b) => b.length === 1 && b[0].code === "invalid_value" && b[0].path.length === 0)
            ? branches.flatMap((b) => (b[0] as { values: unknown[] }).values)
            : undefined;
        if (literals && literals.length > 0) {
            out.push({
                path: formatPath(issue.path),
                message: `must be one of ${literals.map((v) => JSON.stringify(v)).join(", ")}${numberHint(valueAt(input, issue.path), literals, issue.path)}`,
            });
            continue;
        }
        if (branches && branches.length > 0 && !/Expected/.test(issue.message)) {
            // A union without a discriminator: report the problems of the closest variant.
            const closest = [...branches].sort((a, b) => a.length - b.length)[0];
            const nested = new z.ZodError(closest.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
            out.push(...toIssues(nested, schema, input));
            continue;
        }
        const wanted = issue.code === "invalid_value" ? issue.values : issue.code === "invalid_type" && issue.expected === "string" ? [""] : [];
        out.push({ path: formatPath(issue.path), message: `${describeIssue(issue)}${numberHint(valueAt(input, issue.path), wanted, issue.path)}` });
    }
    return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
    let v = input;
    for (const part of path) {
        v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[part as string] : undefined;
    }
    return v;
}

/**
 * YAML reads an unquoted `1.30` as the number 1.3 (and `1.2` as a number, while `1.2.3` stays text):
 * where text was expected and a number came, say so and show the quoted form.
 */
function numberHint(value: unknown, expected: readonly unknown[], path: readonly PropertyKey[]): string {
    if (typeof value !== "number" || !expected.some((e) => typeof e === "string")) {
        return "";
    }
    const text = String(value);
    const strings = expected.filter((e): e is string => typeof e === "string" && e !== "");
    const example = strings.find((e) => Number(e) === value) ?? strings[0] ?? text;
    const zeros = text.includes(".") ? ` (an unquoted ${text}0 is the same number: YAML drops trailing zeros)` : "";
    const key = path.length > 0 ? `${String(path[path.length - 1])}: ` : "";
    return `; YAML read it as the number ${text}${zeros}: quote it, e.g. ${key}"${example}"`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "invalid_type":
            return /received undefined$/.test(issue.message)
                ? `required (${issue.expected})`
                : `expected ${issue.expected}${/received (\w+)$/.exec(issue.message) ? `, got ${/received (\w+)$/.exec(issue.message)?.[1]}` : ""}`;
        case "invalid_value":
            return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "invalid_union": {
            const options = /Expected (.*)$/.exec(issue.message);
            if (options) {
                return `must be one of ${options[1].replace(/'/g, "").split(" | ").join(", ")}`;
            }
            return issue.message === "Invalid input" ? "does not match any allowed form" : issue.message;
        }
        default:
            return issue.message;
    }
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
    const seen = new Set<string>();
    return issues.filter((i) => {
        const key = `${i.path}\u0000${i.message}`;
        if (seen.has(key)) {
            return false;
        }
        seen.add(key);
        return true;
    });
}

/** Reads the current stack's configuration from the Pulumi runtime (`pulumi up`, `preview`, the plan). */
export function loadStackConfig(checks: readonly StackCheck[] = []): PlatformConfig {
    // Imported here so the config layer stays free of Pulumi for everything else.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };
    const all = pulumi.runtime.allConfig();
    const values: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [key, text] of Object.entries(all)) {
        values[key] = parseConfigText(text);
        if (runtimeConfig.isConfigSecret(key)) {
            secretKeys.add(key);
        }
    }
    return parseStackConfig({ stack: pulumi.getStack(), values, secretKeys }, checks);
}

/** Pulumi passes structured values as JSON text and plain ones as strings. */
export function parseConfigText(text: string): unknown {
    const trimmed = text.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return text;
        }
    }
    return text;
}
