/**
 * Reads a Pulumi stack file (`stacks/Pulumi.<stack>.yaml`) without the Pulumi CLI: for the offline
 * plan, tests and CI before cloud credentials exist. `secure:` values are replaced by placeholders and
 * their keys marked secret, so the plan never needs the stack's secrets provider.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { ConfigError, suggest } from "./errors";
import { RawStackConfig } from "./load";

/** What the offline plan puts where a `secure:` value stands. Never a real secret. */
export const secretPlaceholder = "offline-plan-placeholder";

const stackFileKeys = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

/** `stacks/Pulumi.aws-prod.yaml` -> `aws-prod`. */
export function stackNameOf(file: string): string {
    const base = path.basename(file);
    const m = /^Pulumi\.(.+)\.ya?ml$/.exec(base);
    return m ? m[1] : base.replace(/\.ya?ml$/, "");
}

/** The stack file of a stack in the project's stack folder. */
export function stackFilePath(stack: string, stacksDir = path.join(__dirname, "..", "..", "stacks")): string {
    return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** Every stack shipped in stacks/. */
export function listStacks(stacksDir = path.join(__dirname, "..", "..", "stacks")): string[] {
    return fs
        .readdirSync(stacksDir)
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
        .map(stackNameOf)
        .sort();
}

/** Reads a stack file into the raw shape the loader validates. Throws ConfigError on unreadable files. */
export function readStackFile(file: string): RawStackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new ConfigError([{ path: "(file)", message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }]);
    }
    return parseStackText(text, stackNameOf(file), file);
}

/** Parses the text of a stack file. */
export function parseStackText(text: string, stack: string, source = `Pulumi.${stack}.yaml`): RawStackConfig {
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new ConfigError(
            doc.errors.map((e) => ({ path: "(yaml)", message: `${e.message.split("\n")[0]}${e.linePos ? ` at line ${e.linePos[0].line}` : ""}` })),
            source,
        );
    }
    const body = (doc.toJS() ?? {}) as Record<string, unknown>;
    if (typeof body !== "object" || Array.isArray(body)) {
        throw new ConfigError([{ path: "(file)", message: "a stack file is a YAML mapping with a `config:` key" }], source);
    }
    const issues = Object.keys(body)
        .filter((k) => !stackFileKeys.includes(k))
        .map((k) => {
            const hint = suggest(k, stackFileKeys);
            return { path: `(file).${k}`, message: `unknown top-level key in a stack file${hint ? ` (did you mean '${hint}'?)` : ""}` };
        });
    if (issues.length > 0) {
        throw new ConfigError(issues, source);
    }
    const config = (body.config ?? {}) as Record<string, unknown>;
    if (typeof config !== "object" || Array.isArray(config)) {
        throw new ConfigError([{ path: "(file).config", message: "must be a mapping of config keys" }], source);
    }
    const values: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [key, value] of Object.entries(config)) {
        const { value: replaced, secret } = replaceSecure(value);
        values[key] = replaced;
        if (secret) {
            secretKeys.add(key);
        }
    }
    return { stack, values, secretKeys, source };
}

function isSecure(v: unknown): boolean {
    return v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string";
}

function replaceSecure(value: unknown): { value: unknown; secret: boolean } {
    if (isSecure(value)) {
        return { value: secretPlaceholder, secret: true };
    }
    if (Array.isArray(value)) {
        const parts = value.map(replaceSecure);
        return { value: parts.map((p) => p.value), secret: parts.some((p) => p.secret) };
    }
    if (value !== null && typeof value === "object") {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const r = replaceSecure(v);
            out[k] = r.value;
            secret ||= r.secret;
        }
        return { value: out, secret };
    }
    return { value, secret: false };
}
