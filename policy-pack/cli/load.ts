/**
 * Reads Kubernetes YAML (or JSON) for `policy check`: files, multi-document files and whole folders.
 * Each object becomes the resource Pulumi would register for it (`kubernetes:<group>/<version>:<Kind>`,
 * `core` for the core group); `kind: List` objects contribute their items.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import type { EngineResource } from "../lib/engine";

/** Where an object came from: the file and the document's 1-based position in it. */
export interface Source {
    file: string;
    document: number;
    kind: string;
    name: string;
}

/** An input that cannot be checked, named by file and document (0 = the file itself). */
export interface InputError {
    file: string;
    document: number;
    message: string;
}

export interface Loaded {
    resources: EngineResource[];
    sources: Map<string, Source>;
    errors: InputError[];
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

/** Files under `target` (a file, or a folder searched recursively for .yaml/.yml/.json), sorted. */
function filesOf(target: string, errors: InputError[]): string[] {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(target);
    } catch (e) {
        errors.push({ file: target, document: 0, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
        return [];
    }
    if (stat.isDirectory()) {
        return fs
            .readdirSync(target)
            .sort()
            .flatMap((entry) => {
                const full = path.join(target, entry);
                return fs.statSync(full).isDirectory() || EXTENSIONS.has(path.extname(entry)) ? filesOf(full, errors) : [];
            });
    }
    return [target];
}

/** The Pulumi type token for an apiVersion and kind. */
export function pulumiType(apiVersion: string, kind: string): string {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["core", apiVersion];
    return `kubernetes:${group}/${version}:${kind}`;
}

function objectName(obj: Record<string, unknown>): string {
    const meta = obj.metadata as { name?: unknown } | undefined;
    return typeof meta?.name === "string" ? meta.name : typeof obj.name === "string" ? obj.name : "";
}

/** Why `obj` is not a Kubernetes object, or undefined when it is one. */
function invalid(obj: unknown): string | undefined {
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
        return "not a Kubernetes object (expected a mapping with apiVersion and kind)";
    }
    const o = obj as Record<string, unknown>;
    if (typeof o.apiVersion !== "string" || o.apiVersion === "") {
        return "apiVersion: missing or not a string";
    }
    if (typeof o.kind !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(o.kind)) {
        return "kind: missing or not a Kubernetes kind";
    }
    if (o.metadata !== undefined && (o.metadata === null || typeof o.metadata !== "object" || Array.isArray(o.metadata))) {
        return "metadata: must be a mapping";
    }
    return undefined;
}

/** Loads every object under `targets`; problems are collected, never thrown. */
export function loadObjects(targets: readonly string[]): Loaded {
    const loaded: Loaded = { resources: [], sources: new Map(), errors: [] };
    const add = (obj: Record<string, unknown>, file: string, document: number) => {
        const type = pulumiType(obj.apiVersion as string, obj.kind as string);
        const urn = `urn:pulumi:check::policy-check::${type}::${loaded.resources.length}`;
        const name = objectName(obj);
        loaded.resources.push({ urn, type, name: name || `${path.basename(file)}#${document}`, props: obj });
        loaded.sources.set(urn, { file, document, kind: obj.kind as string, name });
    };
    for (const file of targets.flatMap((t) => filesOf(t, loaded.errors))) {
        let text: string;
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (e) {
            loaded.errors.push({ file, document: 0, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
            continue;
        }
        parseAllDocuments(text).forEach((doc, i) => {
            const document = i + 1;
            if (doc.errors.length > 0) {
                loaded.errors.push({ file, document, message: `invalid YAML: ${doc.errors[0].message.split("\n")[0]}` });
                return;
            }
            const obj: unknown = doc.toJS();
            if (obj === null || obj === undefined) {
                return; // an empty document (e.g. a trailing `---`)
            }
            const why = invalid(obj);
            if (why) {
                loaded.errors.push({ file, document, message: why });
                return;
            }
            const o = obj as Record<string, unknown>;
            if (/List$/.test(o.kind as string) && Array.isArray(o.items)) {
                (o.items as unknown[]).forEach((item, j) => {
                    const whyItem = invalid(item);
                    if (whyItem) {
                        loaded.errors.push({ file, document, message: `items[${j}]: ${whyItem}` });
                    } else {
                        add(item as Record<string, unknown>, file, document);
                    }
                });
                return;
            }
            add(o, file, document);
        });
    }
    return loaded;
}
