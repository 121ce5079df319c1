/**
 * Reads a manifest file as a stream of documents, as kubectl does (k8s.io/apimachinery's YAMLReader): a
 * line that starts with `---` separates documents, and only spaces or a comment may follow it on that line
 * (kubectl refuses `--- {a: 1}` or `---x`). Documents are numbered from 1 the way YAML counts them: text
 * before the first separator is document 1 only if it holds more than comments.
 *
 * Encodings as kubectl reads them: UTF-8 (a byte-order mark is dropped) and UTF-16 with a byte-order mark.
 * UTF-32, UTF-16 without a mark, binary files and invalid UTF-8 are named, never read as garbage.
 *
 * The file is read in chunks: memory holds one chunk and the document being assembled, whatever the size
 * of the file.
 */
import * as fs from "fs";
import { TextDecoder } from "util";

/** One document's text, or why the stream cannot go on (an unreadable file, a bad encoding). */
export type DocumentChunk =
    | { kind: "document"; document: number; text: string; line: number }
    | { kind: "separator-error"; document: number; line: number; message: string }
    | { kind: "file-error"; message: string };

const CHUNK = 1 << 20;

/** The encoding named by the file's first bytes, or why the file cannot be read as text. */
function sniff(head: Buffer): { encoding: "utf-8" | "utf-16le" | "utf-16be"; skip: number } | { error: string } {
    if (
        head.length >= 4 &&
        ((head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) || (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff))
    ) {
        return { error: "UTF-32 text: kubectl reads UTF-8 or UTF-16 only; save the file as UTF-8" };
    }
    if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
        return { encoding: "utf-8", skip: 3 };
    }
    if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) {
        return { encoding: "utf-16le", skip: 2 };
    }
    if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) {
        return { encoding: "utf-16be", skip: 2 };
    }
    if (head.includes(0)) {
        return { error: "contains NUL bytes: a binary file, or UTF-16/UTF-32 without a byte-order mark (save it as UTF-8)" };
    }
    return { encoding: "utf-8", skip: 0 };
}

/** True for text with a line that is more than spaces and a comment. */
const HAS_CONTENT = /^[ \t]*[^\s#]/m;

/**
 * The documents of `file`, in order. A separator line with content after `---` is reported (the stream goes
 * on with the next document); a read or encoding error ends the file's stream with a file-error.
 */
export function* readDocuments(file: string): Generator<DocumentChunk> {
    let fd: number;
    try {
        fd = fs.openSync(file, "r");
    } catch (e) {
        yield { kind: "file-error", message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
        return;
    }
    try {
        const buffer = Buffer.allocUnsafe(CHUNK);
        let decoder: TextDecoder | undefined;
        let pending = ""; // text after the last complete line
        let parts: string[] = []; // the document being assembled
        let document = 1; // number of the document being assembled
        let separators = 0;
        let docLine = 1; // first line of the document being assembled
        let lineNo = 0; // lines completed so far
        let broken = false; // the document being assembled follows an invalid separator: reported, not read

        /** The assembled document, when it holds more than blank lines and comments. */
        const take = (): DocumentChunk | undefined => {
            const text = parts.join("");
            parts = [];
            const skip = broken;
            broken = false;
            return !skip && HAS_CONTENT.test(text) ? { kind: "document", document, text, line: docLine } : undefined;
        };

        /** Handles the complete lines of `text` (which starts at a line start and ends with a line break). */
        const lines = function* (text: string): Generator<DocumentChunk> {
            let start = 0;
            while (start < text.length) {
                let sep = text.startsWith("---", start) ? start : text.indexOf("\n---", start);
                if (sep === -1) {
                    parts.push(text.slice(start));
                    lineNo += countLines(text, start, text.length);
                    return;
                }
                if (sep !== start) {
                    sep += 1;
                    parts.push(text.slice(start, sep));
                    lineNo += countLines(text, start, sep);
                }
                const end = text.indexOf("\n", sep);
                const line = text.slice(sep, end);
                lineNo += 1;
                const chunk = take();
                // Text before the first separator is a document only when it holds more than comments.
                if (chunk || separators > 0 || broken) {
                    if (chunk) {
                        yield chunk;
                    }
                    document++;
                }
                separators++;
                docLine = lineNo + 1;
                const after = line.slice(3).trim();
                if (after !== "" && !after.startsWith("#")) {
                    yield {
                        kind: "separator-error",
                        document,
                        line: lineNo,
                        message: `invalid document separator '${line.trimEnd()}': kubectl accepts only a comment after ---`,
                    };
                    broken = true;
                }
                start = end + 1;
            }
        };
        let offset = 0;

        for (;;) {
            let read: number;
            try {
                read = fs.readSync(fd, buffer, 0, CHUNK, null);
            } catch (e) {
                yield { kind: "file-error", message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
                return;
            }
            let bytes = buffer.subarray(0, read);
            if (offset === 0) {
                const enc = sniff(bytes);
                if ("error" in enc) {
                    yield { kind: "file-error", message: enc.error };
                    return;
                }
                decoder = new TextDecoder(enc.encoding, { fatal: true });
                bytes = bytes.subarray(enc.skip);
                if (enc.encoding === "utf-8" && read > 0 && enc.skip === 0 && bytes.includes(0)) {
                    yield { kind: "file-error", message: "contains NUL bytes: not a text manifest" };
                    return;
                }
            } else if (decoder?.encoding === "utf-8" && bytes.includes(0)) {
                yield { kind: "file-error", message: "contains NUL bytes: not a text manifest" };
                return;
            }
            offset += read;
            let text: string;
            try {
                text = (decoder as TextDecoder).decode(bytes, { stream: read > 0 });
            } catch {
                yield {
                    kind: "file-error",
                    message: `not valid ${(decoder as TextDecoder).encoding.toUpperCase()} text (near byte ${offset - read}); kubectl refuses it`,
                };
                return;
            }
            if (read === 0) {
                const last = pending + text;
                pending = "";
                if (last !== "") {
                    yield* lines(last.endsWith("\n") ? last : `${last}\n`);
                }
                break;
            }
            const all = pending + text;
            const cut = all.lastIndexOf("\n");
            if (cut === -1) {
                pending = all;
                continue;
            }
            pending = all.slice(cut + 1);
            yield* lines(all.slice(0, cut + 1));
        }
        const last = take();
        if (last) {
            yield last;
        }
    } finally {
        fs.closeSync(fd);
    }
}

function countLines(text: string, from: number, to: number): number {
    let n = 0;
    for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
    return n;
}
