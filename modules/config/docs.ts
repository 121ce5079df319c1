/**
 * Renders the config reference (docs/config.md) from the schema itself, so it cannot drift: every
 * key path, its type, whether it is required, its default in each tier, and its description.
 */
import { z } from "zod";
import { Tier, tiers } from "./common";
import { projectName, stackSchema } from "./schema";

interface JsonSchema {
    type?: string | string[];
    description?: string;
    default?: unknown;
    properties?: Record<string, JsonSchema>;
    required?: string[];
    items?: JsonSchema;
    additionalProperties?: boolean | JsonSchema;
    oneOf?: JsonSchema[];
    anyOf?: JsonSchema[];
    enum?: unknown[];
    const?: unknown;
    secret?: boolean;
}

interface Row {
    path: string;
    type: string;
    required: boolean;
    description: string;
    defaults: Partial<Record<Tier, unknown>>;
}

function typeOf(s: JsonSchema): string {
    if (s.secret) {
        return "secret string";
    }
    if (s.const !== undefined) {
        return JSON.stringify(s.const);
    }
    if (s.enum) {
        return s.enum.map((e) => JSON.stringify(e)).join(" \\| ");
    }
    if (s.type === "array") {
        return `list of ${s.items ? typeOf(s.items) : "any"}`;
    }
    if (s.type === "object" && !s.properties) {
        return "map";
    }
    return Array.isArray(s.type) ? s.type.join(" \\| ") : (s.type ?? "any");
}

function walk(s: JsonSchema, path: string, required: boolean, tier: Tier, rows: Map<string, Row>): void {
    const variants = s.oneOf ?? s.anyOf;
    if (variants) {
        for (const v of variants) {
            const discriminator = Object.entries(v.properties ?? {}).find(([, p]) => p.const !== undefined);
            const label = discriminator ? `${path} (${discriminator[0]}: ${String(discriminator[1].const)})` : path;
            walk({ ...v, description: v.description ?? s.description }, label, required, tier, rows);
        }
        return;
    }
    const row = rows.get(path) ?? { path, type: typeOf(s), required, description: s.description ?? "", defaults: {} };
    if (s.default !== undefined && !(typeof s.default === "object" && s.default !== null && !Array.isArray(s.default) && Object.keys(s.default).length === 0)) {
        row.defaults[tier] = s.default;
    }
    rows.set(path, row);
    const children = s.type === "array" && s.items?.properties ? s.items : s;
    for (const [key, child] of Object.entries(children.properties ?? {})) {
        const childPath = `${path}${children === s ? "" : "[]"}.${key}`;
        walk(child, childPath, (children.required ?? []).includes(key), tier, rows);
    }
}

function show(v: unknown): string {
    return v === undefined ? "" : `\`${JSON.stringify(v)}\``;
}

/** The Markdown reference of every `platform:` key. */
export function renderConfigReference(): string {
    const rows = new Map<string, Row>();
    for (const tier of tiers) {
        const schema = z.toJSONSchema(stackSchema(tier), {
            io: "input",
            unrepresentable: "any",
            override: (ctx) => {
                const meta = z.globalRegistry.get(ctx.zodSchema as unknown as z.ZodType) as { secret?: boolean } | undefined;
                if (meta?.secret) {
                    (ctx.jsonSchema as JsonSchema).secret = true;
                }
            },
        }) as JsonSchema;
        for (const [key, child] of Object.entries(schema.properties ?? {})) {
            walk(child, key, (schema.required ?? []).includes(key), tier, rows);
        }
    }
    const out: string[] = [
        "# Stack configuration reference",
        "",
        "<!-- Generated from modules/config by `npm run docs:config`; do not edit by hand. -->",
        "",
        `Every key lives under the \`${projectName}:\` namespace of a stack file (\`stacks/Pulumi.<stack>.yaml\`).`,
        "Defaults depend on the environment tier (`platform:environment`); where the tiers differ, each",
        "tier's default is shown. Secret strings must be set with `pulumi config set --secret --path`.",
        "Unknown keys are errors, reported with the closest known key.",
        "",
        "| key | type | required | default (dev / staging / prod) | description |",
        "|---|---|---|---|---|",
    ];
    for (const row of rows.values()) {
        const values = tiers.map((t) => show(row.defaults[t]));
        const same = values.every((v) => v === values[0]);
        const defaults = same ? values[0] : values.map((v, i) => `${tiers[i]}: ${v || "none"}`).join("<br>");
        out.push(`| \`${row.path}\` | ${row.type} | ${row.required ? "yes" : ""} | ${defaults} | ${row.description.replace(/\|/g, "\\|").replace(/\n/g, " ")} |`);
    }
    return `${out.join("\n")}\n`;
}
