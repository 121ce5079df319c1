/**
 * Reads Kubernetes YAML (or JSON) for `policy check` as a stream: files, multi-document files and whole
 * folders, one document at a time, each read exactly as kubectl and the API server read it (../lib/yaml).
 * Every object becomes the resource Pulumi would register for it (`kubernetes:<group>/<version>:<Kind>`,
 * `core` for the core group); List objects (nested too) contribute their items.
 *
 * Nothing passes in silence: a document that cannot be read, an object the API server would refuse (a kind
 * its apiVersion does not serve), a custom resource no rule applies to and a path that cannot be read are
 * each reported with the file and document.
 */
import * as fs from "fs";
import * as path from "path";
import type { EngineResource } from "../lib/engine";
import { kindStatus } from "../lib/kinds";
import { decodeDocument, DocumentError } from "../lib/yaml/decode";
import { readDocuments } from "../lib/yaml/stream";

/** Where an object came from: the file, the document's 1-based position in it, and the item path in a List. */
export interface Source {
    file: string;
    document: number;
    /** `items[2]` (or `items[0].items[3]`) for an item of a List; "" for the document itself. */
    item: string;
    kind: string;
    name: string;
}

/** What reading the inputs produced, in order. */
export type InputEvent =
    /** An object to check. */
    | { type: "object"; resource: EngineResource; source: Source }
    /** A document or item that cannot be checked (exit 2): named by file, document (and its first line) and item. */
    | { type: "error"; file: string; document: number; item: string; line?: number; message: string }
    /** A file or folder that could not be read. `fatal`: it may hold manifests, so the check is incomplete (exit 2). */
    | { type: "unreadable"; file: string; message: string; fatal: boolean }
    /** An object no rule of the pack applies to, and that the pack cannot vouch for (a custom resource). */
    | { type: "not-checked"; source: Source; apiVersion: string; reason: string };

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

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
        return `not a Kubernetes object (expected a mapping with apiVersion and kind, got ${Array.isArray(obj) ? "a list" : obj === null ? "null" : `a ${typeof obj}`})`;
    }
    const o = obj as Record<string, unknown>;
    if (typeof o.apiVersion !== "string" || o.apiVersion === "") {
        return o.apiVersion === undefined ? "apiVersion: missing" : `apiVersion: must be a string, got ${JSON.stringify(o.apiVersion)}`;
    }
    if (typeof o.kind !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(o.kind)) {
        return o.kind === undefined ? "kind: missing" : `kind: not a Kubernetes kind: ${JSON.stringify(o.kind)}`;
    }
    if (o.metadata !== undefined && (o.metadata === null || typeof o.metadata !== "object" || Array.isArray(o.metadata))) {
        return "metadata: must be a mapping";
    }
    return undefined;
}

/** True for a List the API would expand: `kind: List`, or `<Kind>List` of a built-in group, with items. */
function isList(o: Record<string, unknown>): boolean {
    const kind = o.kind as string;
    if (kind === "List") {
        return true;
    }
    return kind.endsWith("List") && Array.isArray(o.items) && kindStatus(o.apiVersion as string, kind.slice(0, -4)).status === "built-in";
}

/** Deepest List nesting followed (a List of Lists is legal; a thousand levels is not a manifest). */
const MAX_LIST_DEPTH = 32;

let counter = 0;

/** The objects of one decoded document (List items expanded) and the problems found in it. */
function* objectsOf(value: unknown, file: string, document: number, item: string, depth: number, line: number): Generator<InputEvent> {
    const why = invalid(value);
    if (why) {
        yield { type: "error", file, document, item, line, message: why };
        return;
    }
    const o = value as Record<string, unknown>;
    const kind = o.kind as string;
    const apiVersion = o.apiVersion as string;
    if (isList(o)) {
        if (!Array.isArray(o.items)) {
            yield { type: "error", file, document, item, line, message: "items: a List must have a list of items" };
            return;
        }
        if (depth >= MAX_LIST_DEPTH) {
            yield { type: "error", file, document, item, line, message: `Lists nested deeper than ${MAX_LIST_DEPTH} levels` };
            return;
        }
        for (let j = 0; j < o.items.length; j++) {
            yield* objectsOf(o.items[j], file, document, `${item ? `${item}.` : ""}items[${j}]`, depth + 1, line);
        }
        return;
    }
    const status = kindStatus(apiVersion, kind);
    const name = objectName(o);
    const source: Source = { file, document, item, kind, name };
    if (status.status === "invalid") {
        yield { type: "error", file, document, item, line, message: `${status.message}: the API server refuses this object` };
        return;
    }
    if (status.status === "custom") {
        yield { type: "not-checked", source, apiVersion, reason: `custom resource of ${status.group}: no rule of the pack applies to it` };
        return;
    }
    const type = pulumiType(apiVersion, kind);
    const urn = `urn:pulumi:check::policy-check::${type}::${++counter}`;
    yield { type: "object", resource: { urn, type, name: name || `${path.basename(file)}#${document}${item ? `.${item}` : ""}`, props: o }, source };
}

/** Reads one file: every document, in order. */
function* readFile(file: string): Generator<InputEvent> {
    for (const chunk of readDocuments(file)) {
        if (chunk.kind === "file-error") {
            yield { type: "unreadable", file, message: chunk.message, fatal: true };
            return;
        }
        if (chunk.kind === "separator-error") {
            yield { type: "error", file, document: chunk.document, item: "", line: chunk.line, message: chunk.message };
            continue;
        }
        let value: unknown;
        try {
            value = decodeDocument(chunk.text);
        } catch (e) {
            if (!(e instanceof DocumentError)) {
                throw e;
            }
            const message = e.line !== undefined ? e.message.replace(/^invalid YAML: /, `invalid YAML at line ${chunk.line + e.line - 1}: `) : e.message;
            yield { type: "error", file, document: chunk.document, item: "", line: chunk.line, message };
            continue;
        }
        if (value === undefined) {
            continue; // an empty document (only comments), skipped as kubectl skips it
        }
        yield* objectsOf(value, file, chunk.document, "", 0, chunk.line);
    }
}

function errno(e: unknown): string {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/**
 * Every object under `targets`, streamed: files as given, folders searched recursively (sorted) for
 * .yaml/.yml/.json. Symbolic links are followed; a link that points nowhere or into a loop is listed.
 * Problems are events, never exceptions.
 */
export function* readInputs(targets: readonly string[]): Generator<InputEvent> {
    const visited = new Set<string>(); // folders already walked (device:inode), against link loops
    function* walk(target: string, explicit: boolean): Generator<InputEvent> {
        let stat: fs.Stats;
        try {
            stat = fs.statSync(target);
        } catch (e) {
            const code = errno(e);
            let link = false;
            try {
                link = fs.lstatSync(target).isSymbolicLink();
            } catch {
                link = false;
            }
            if (code === "ELOOP") {
                yield { type: "unreadable", file: target, message: "cannot read: a symbolic link loop (ELOOP)", fatal: explicit };
            } else if (link && code === "ENOENT") {
                yield {
                    type: "unreadable",
                    file: target,
                    message: `cannot read: a dangling symbolic link (to ${safeReadlink(target)})`,
                    fatal: explicit || EXTENSIONS.has(path.extname(target)),
                };
            } else {
                yield { type: "unreadable", file: target, message: `cannot read: ${code}`, fatal: true };
            }
            return;
        }
        if (stat.isDirectory()) {
            const id = `${stat.dev}:${stat.ino}`;
            if (visited.has(id)) {
                yield { type: "unreadable", file: target, message: "a symbolic link back into a folder already read (a loop)", fatal: false };
                return;
            }
            visited.add(id);
            let entries: fs.Dirent[];
            try {
                entries = fs.readdirSync(target, { withFileTypes: true });
            } catch (e) {
                yield { type: "unreadable", file: target, message: `cannot read folder: ${errno(e)}`, fatal: true };
                return;
            }
            entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
            for (const entry of entries) {
                const full = path.join(target, entry.name);
                if (entry.isDirectory() || entry.isSymbolicLink() || (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)))) {
                    if (entry.isSymbolicLink() && !EXTENSIONS.has(path.extname(entry.name))) {
                        // A link is followed only when it leads to a folder (files are chosen by extension).
                        let isDir = false;
                        try {
                            isDir = fs.statSync(full).isDirectory();
                        } catch {
                            isDir = true; // report the broken link below
                        }
                        if (!isDir) {
                            continue;
                        }
                    }
                    yield* walk(full, false);
                }
            }
            return;
        }
        if (!stat.isFile()) {
            yield { type: "unreadable", file: target, message: "cannot read: not a regular file", fatal: explicit };
            return;
        }
        yield* readFile(target);
    }
    for (const t of targets) {
        yield* walk(t, true);
    }
}

function safeReadlink(p: string): string {
    try {
        return fs.readlinkSync(p);
    } catch {
        return "?";
    }
}
