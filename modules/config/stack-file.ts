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

const repoRoot = path.join(__dirname, "..", "..");

/**
 * The organization's own stacks (`Pulumi.yaml` sets `stackConfigDir: stacks`): the ones the pipelines
 * preview, deploy and check for drift.
 */
export const stacksDir = path.join(repoRoot, "stacks");

/**
 * Example stacks shipped with the product (the fictional `acme` organization on each cloud): planned
 * by the tests, the bench and the conformance suite, never picked up by CI for deployment.
 */
export const exampleStacksDir = path.join(repoRoot, "examples", "stacks");

/** The stack names of the `Pulumi.<stack>.yaml` files in one folder, sorted ([] when it does not exist). */
export function stacksIn(dir: string): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs
        .readdirSync(dir)
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
        .map(stackNameOf)
        .sort();
}

/** The stacks CI previews, deploys and checks for drift: stacks/ only, never the examples. */
export function deployableStacks(): string[] {
    return stacksIn(stacksDir);
}

/**
 * Every stack this repository ships: stacks/ and examples/stacks/ (for tests, the bench and the
 * conformance suite). A name in both folders is an error: `--stack NAME` must mean one file.
 */
export function shippedStacks(): string[] {
    const own = stacksIn(stacksDir);
    const examples = stacksIn(exampleStacksDir);
    const both = own.filter((s) => examples.includes(s));
    if (both.length > 0) {
        throw new ConfigError(both.map((s) => ({ path: "(stacks)", message: `stack '${s}' is in both stacks/ and examples/stacks/; rename one of them` })));
    }
    return [...own, ...examples].sort();
}

/**
 * The stack file of a stack. With `dir`, the file in that folder. Without, the first that exists of
 * stacks/Pulumi.<stack>.yaml and examples/stacks/Pulumi.<stack>.yaml (stacks/ when neither does, so
 * reading it reports the missing file).
 */
export function stackFilePath(stack: string, dir?: string): string {
    if (dir !== undefined) {
        return path.join(dir, `Pulumi.${stack}.yaml`);
    }
    return findStackFile(stack) ?? path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** Where a shipped stack's file is (stacks/ first, then examples/stacks/), or undefined. */
export function findStackFile(stack: string): string | undefined {
    return [stacksDir, exampleStacksDir].map((d) => path.join(d, `Pulumi.${stack}.yaml`)).find((f) => fs.existsSync(f));
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
