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
import { knownKeysAt } from "./schema-walk";
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

/** Validates and completes a stack's configuration. Throws `ConfigError` listing every problem. */
export function parseStackConfig(raw: RawStackConfig, checks: readonly StackCheck[] = []): PlatformConfig {
    const issues: ConfigIssue[] = [];
    const sections: Record<string, unknown> = {};
    const knownSections = Object.keys(stackSchema("dev").shape);
    for (const [key, value] of Object.entries(raw.values)) {
        if (!key.startsWith(prefix)) {
            continue; // provider configuration (aws:region, kubernetes:..., pulumi:...) is not ours to judge
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
                const hint = suggest(key, known);
                out.push({
                    path: formatPath([...issue.path, key]),
                    message: `unknown key${hint ? ` (did you mean '${hint}'?)` : ""}${known.length > 0 ? `; known keys here: ${known.join(", ")}` : ""}`,
                });
            }
            continue;
        }
        const branches = issue.code === "invalid_union" ? (issue as { errors?: z.core.$ZodIssue[][] }).errors : undefined;
        if (branches && branches.length > 0 && !/Expected/.test(issue.message)) {
            // A union without a discriminator: report the problems of the closest variant.
            const closest = [...branches].sort((a, b) => a.length - b.length)[0];
            const nested = new z.ZodError(closest.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
            out.push(...toIssues(nested, schema, input));
            continue;
        }
        out.push({ path: formatPath(issue.path), message: describeIssue(issue) });
    }
    return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "invalid_type":
            return /received undefined$/.test(issue.message) ? `required (${issue.expected})` : `expected ${issue.expected}${/received (\w+)$/.exec(issue.message) ? `, got ${/received (\w+)$/.exec(issue.message)?.[1]}` : ""}`;
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
