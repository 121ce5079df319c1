/**
 * Locates the upstream conformance corpora (shared/corpus: pod-security-admission and gatekeeper-library
 * samples, kept outside the repository under their Apache-2.0 licences) and loads their objects.
 * PLATFORM_CORPUS_DIR overrides the search (the folder holding pod-security-admission/ and gatekeeper-library/).
 */
import * as fs from "fs";
import * as path from "path";
import { decodeDocument } from "../../../policy-pack/lib/yaml/decode";
import { readDocuments } from "../../../policy-pack/lib/yaml/stream";

/** The corpus folder, or undefined when this checkout has none nearby. */
export function corpusDir(): string | undefined {
    const fromEnv = process.env.PLATFORM_CORPUS_DIR;
    if (fromEnv) {
        return fromEnv;
    }
    let dir = path.resolve(__dirname, "../../..");
    for (let i = 0; i < 4; i++) {
        const candidate = path.join(dir, "shared", "corpus");
        if (fs.existsSync(path.join(candidate, "pod-security-admission"))) {
            return candidate;
        }
        dir = path.dirname(dir);
    }
    return undefined;
}

/** The Kubernetes objects of a YAML file (every non-empty document), read as the API server reads them. */
export function readObjects(file: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const chunk of readDocuments(file)) {
        if (chunk.kind !== "document") {
            throw new Error(`${file}: ${chunk.message}`);
        }
        const o = decodeDocument(chunk.text);
        if (o !== null && typeof o === "object") {
            out.push(o as Record<string, unknown>);
        }
    }
    return out;
}

/** A corpus score: how many cases behaved as required, and which did not. */
export interface Score {
    corpus: string;
    passed: number;
    total: number;
    misses: string[];
}

export function formatScore(s: Score): string {
    const pct = s.total === 0 ? 100 : Math.round((1000 * s.passed) / s.total) / 10;
    return `${s.corpus}: ${s.passed}/${s.total} (${pct}%)`;
}
