/**
 * One YAML document to the JSON value Kubernetes sees (sigs.k8s.io/yaml: go-yaml v2 decode, then JSON).
 *
 * Two readers give the same values: js-yaml with a schema that resolves plain scalars by go-yaml v2's rules
 * (fast; used for documents with no merge key, tag or unusual key), and a reader over the `yaml` package's
 * syntax tree that implements every rule, including go-yaml v2's merge keys (`<<: *base` sets the base's
 * keys in document order, overriding earlier keys; a list of bases gives the first one precedence), explicit
 * tags and key conversion. Both then pass the same checks: no value that contains itself, no excessive
 * aliasing (go-yaml's "billion laughs" guard), no nesting deeper than MAX_DEPTH, no `.inf`/`.nan` (JSON
 * cannot carry them), no null or collection keys.
 */
import type * as JsYaml from "js-yaml";
import type * as Yaml from "yaml";
import { jsonKey, plainIsString, resolvePlain, resolveTagged, TagError } from "./resolve";

/** Deepest nesting accepted (go-yaml allows 10,000; no Kubernetes object comes near 1,000). */
export const MAX_DEPTH = 1000;

/** Why a document cannot be read; `line` is 1-based within the document when known. */
export class DocumentError extends Error {
    constructor(
        message: string,
        readonly line?: number,
    ) {
        super(message);
    }
}

/* eslint-disable @typescript-eslint/no-require-imports */
let jsYaml: typeof JsYaml | undefined;
let schema: JsYaml.Schema | undefined;

function fastSchema(): { yaml: typeof JsYaml; schema: JsYaml.Schema } {
    if (!jsYaml || !schema) {
        jsYaml = require("js-yaml") as typeof JsYaml;
        let last: { text: string; value: unknown } | undefined;
        const plain = new jsYaml.Type("tag:yaml.org,2002:platform-plain", {
            kind: "scalar",
            resolve: (data: unknown) => {
                if (typeof data !== "string" || plainIsString(data)) return false;
                const r = resolvePlain(data);
                if (r.tag === "str") return false;
                last = { text: data, value: r.value };
                return true;
            },
            construct: (data: string) => (last && last.text === data ? last.value : resolvePlain(data).value),
        });
        schema = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [plain] });
    }
    return { yaml: jsYaml, schema };
}

let yamlLib: typeof Yaml | undefined;
function exactLib(): typeof Yaml {
    yamlLib ??= require("yaml") as typeof Yaml;
    return yamlLib;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Text the fast reader could read differently from go-yaml v2: merge keys, tags, explicit (`?`) keys, and
 * keys that are null, floats or special floats (their JSON spelling follows Go's formatting). A match only
 * sends the document to the exact reader.
 */
const NEEDS_EXACT =
    /<<|!|^\s*\?(\s|$)|(^|[\s{,[-])(~|null|Null|NULL|[-+]?(\d[\d_]*)?\.[\d_]*([eE][-+]?\d+)?|[-+]?\d[\d_]*[eE][-+]?\d+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\s*:(\s|$)/m;

/** Text that may hold an alias (`*name`) or `.inf`/`.nan`: its value is walked by checkValue. */
const MAY_NEED_CHECK = /\*|\.(inf|Inf|INF|nan|NaN|NAN)/;

/** Reads one document; `undefined` for an empty one (only comments or nothing). Throws DocumentError. */
export function decodeDocument(text: string, reader: "auto" | "fast" | "exact" = "auto"): unknown {
    const exact = reader === "exact" || (reader === "auto" && NEEDS_EXACT.test(text));
    const value = exact ? decodeExact(text) : decodeFast(text);
    if (value === null || value === undefined) {
        return undefined;
    }
    // Without an alias or a special float word the fast reader's value is a plain tree: nothing to check.
    if (exact || MAY_NEED_CHECK.test(text)) {
        checkValue(value);
    }
    return value;
}

function decodeFast(text: string): unknown {
    const { yaml, schema: s } = fastSchema();
    try {
        return yaml.load(text, { schema: s, json: true, maxDepth: MAX_DEPTH });
    } catch (e) {
        if (e instanceof RangeError) {
            throw new DocumentError(`nested too deeply to read (more than ${MAX_DEPTH} levels)`);
        }
        const err = e as { reason?: string; mark?: { line?: number }; message: string };
        const reason = err.reason ?? err.message.split("\n")[0];
        if (/maxDepth/.test(reason)) {
            throw new DocumentError(`nested deeper than ${MAX_DEPTH} levels`);
        }
        throw new DocumentError(`invalid YAML: ${reason}`, err.mark?.line !== undefined ? err.mark.line + 1 : undefined);
    }
}

// ── the exact reader ─────────────────────────────────────────────────────────────────────────────────

function decodeExact(text: string): unknown {
    const Y = exactLib();
    let docs: ReturnType<typeof Y.parseAllDocuments>;
    try {
        docs = Y.parseAllDocuments(text, { schema: "failsafe", merge: false, uniqueKeys: false, strict: false, prettyErrors: false, keepSourceTokens: false });
    } catch (e) {
        if (e instanceof RangeError) {
            throw new DocumentError(`nested too deeply to read (more than ${MAX_DEPTH} levels)`);
        }
        throw e;
    }
    const list = Array.isArray(docs) ? docs : [];
    if (!Array.isArray(docs) && (docs as { errors?: unknown[] }).errors) {
        // An empty stream (the yaml package returns an EmptyStream).
        return undefined;
    }
    if (list.length > 1) {
        throw new DocumentError("more than one YAML document without a --- separator line (kubectl reads only the first)");
    }
    if (list.length === 0) {
        return undefined;
    }
    const doc = list[0];
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        if (/call stack/i.test(e.message)) {
            throw new DocumentError(`nested too deeply to read (more than ${MAX_DEPTH} levels)`);
        }
        throw new DocumentError(`invalid YAML: ${e.message.split("\n")[0]}`, e.linePos?.[0]?.line);
    }
    const values = new Map<unknown, unknown>();
    const inProgress = new Set<unknown>();
    let depth = 0;

    const node = (n: unknown): unknown => {
        if (n === null || n === undefined) {
            return null;
        }
        if (Y.isAlias(n)) {
            const target = n.resolve(doc);
            if (!target) {
                throw new DocumentError(`unknown anchor '${n.source}' referenced`);
            }
            if (inProgress.has(target)) {
                throw new DocumentError(`anchor '${n.source}' value contains itself`);
            }
            return node(target);
        }
        if (values.has(n)) {
            return values.get(n);
        }
        if (++depth > MAX_DEPTH) {
            throw new DocumentError(`nested deeper than ${MAX_DEPTH} levels`);
        }
        inProgress.add(n);
        let out: unknown;
        try {
            if (Y.isScalar(n)) {
                // `source` is the scalar's text (escapes resolved); `value` may already be converted (!!binary).
                const raw = typeof n.source === "string" ? n.source : n.value === null || n.value === undefined ? "" : String(n.value);
                if (n.tag) {
                    out = n.tag === "!" ? raw : resolveTagged(n.tag, raw).value;
                } else {
                    out = n.type === "PLAIN" ? resolvePlain(raw).value : raw;
                }
            } else if (Y.isMap(n)) {
                const obj: Record<string, unknown> = {};
                for (const pair of n.items) {
                    const keyNode = pair.key as { tag?: string; type?: string; value?: unknown } | null;
                    const isMergeKey =
                        Y.isScalar(keyNode) &&
                        ((!keyNode.tag && keyNode.type === "PLAIN" && keyNode.value === "<<") || keyNode.tag === "tag:yaml.org,2002:merge");
                    if (isMergeKey) {
                        merge(obj, node(pair.value));
                        continue;
                    }
                    const key = node(pair.key);
                    if (key !== null && typeof key === "object") {
                        throw new DocumentError(`invalid map key: ${JSON.stringify(key)} (a key must be a scalar)`);
                    }
                    set(obj, jsonKey(key), node(pair.value));
                }
                out = obj;
            } else if (Y.isSeq(n)) {
                out = n.items.map((item) => node(item));
            } else {
                out = null;
            }
        } catch (e) {
            if (e instanceof TagError) {
                throw new DocumentError(e.message);
            }
            throw e;
        } finally {
            inProgress.delete(n);
            depth--;
        }
        values.set(n, out);
        return out;
    };
    try {
        return node(doc.contents);
    } catch (e) {
        if (e instanceof RangeError) {
            throw new DocumentError(`nested too deeply to read (more than ${MAX_DEPTH} levels)`);
        }
        throw e;
    }
}

function set(obj: Record<string, unknown>, key: string, value: unknown): void {
    if (key === "__proto__") {
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
        obj[key] = value;
    }
}

function isMapping(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** go-yaml v2's merge: the base's keys override what is already set; of a list of bases, the first wins. */
function merge(into: Record<string, unknown>, base: unknown): void {
    if (isMapping(base)) {
        for (const [k, v] of Object.entries(base)) {
            set(into, k, v);
        }
        return;
    }
    if (Array.isArray(base) && base.every(isMapping)) {
        for (let i = base.length - 1; i >= 0; i--) {
            merge(into, base[i]);
        }
        return;
    }
    throw new DocumentError("map merge requires map or sequence of maps as the value");
}

// ── checks shared by both readers ──────────────────────────────────────────────────────────────────

/** go-yaml v2's allowed share of alias expansions in the values decoded (decode.go allowedAliasRatio). */
function allowedAliasRatio(decoded: number): number {
    if (decoded <= 400_000) return 0.99;
    if (decoded >= 4_000_000) return 0.1;
    return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000);
}

/**
 * Walks the value as go-yaml would decode it (an alias expands each time it is used) and throws on a value
 * that contains itself, on excessive aliasing (expansions outgrowing the document, as go-yaml refuses them),
 * on nesting deeper than MAX_DEPTH and on numbers JSON cannot carry.
 */
export function checkValue(root: unknown): void {
    let decoded = 0;
    let aliased = 0;
    const seen = new Set<object>();
    const onPath = new Set<object>();
    // Iterative depth-first walk; each entry: value, depth, leaving (closes `value` on the path), inside an alias.
    const stack: [unknown, number, boolean, boolean][] = [[root, 1, false, false]];
    while (stack.length > 0) {
        const [v, depth, leaving, inAlias] = stack.pop() as [unknown, number, boolean, boolean];
        if (leaving) {
            onPath.delete(v as object);
            continue;
        }
        decoded++;
        if (typeof v === "number") {
            if (!Number.isFinite(v)) {
                throw new DocumentError(
                    `${Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf"} cannot be written as JSON: kubectl and the API server refuse the document`,
                );
            }
        }
        let alias = inAlias;
        if (v !== null && typeof v === "object") {
            if (onPath.has(v)) {
                throw new DocumentError("a value contains itself (an anchor used inside its own value)");
            }
            if (seen.has(v)) {
                alias = true; // a second use of the same node: an alias, expanded again as go-yaml does
            } else {
                seen.add(v);
            }
        }
        if (alias) {
            aliased++;
            if (aliased > 100 && decoded > 1000 && aliased / decoded > allowedAliasRatio(decoded)) {
                throw new DocumentError("document contains excessive aliasing (an alias bomb: kubectl refuses it)");
            }
        }
        if (v === null || typeof v !== "object") {
            continue;
        }
        if (depth > MAX_DEPTH) {
            throw new DocumentError(`nested deeper than ${MAX_DEPTH} levels`);
        }
        onPath.add(v);
        stack.push([v, depth, true, alias]);
        const children = Array.isArray(v) ? v : Object.values(v);
        for (let i = children.length - 1; i >= 0; i--) {
            stack.push([children[i], depth + 1, false, alias]);
        }
    }
}
