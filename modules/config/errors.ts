/** One problem in the stack configuration, at a key path such as `cluster.nodePools.system.max`. */
export interface ConfigIssue {
    path: string;
    message: string;
}

/**
 * Thrown when the stack configuration is invalid. It carries every problem at once; its message is
 * the list, one `key.path: message` a line, so it reads well without a stack trace.
 */
export class ConfigError extends Error {
    readonly issues: ConfigIssue[];

    constructor(issues: ConfigIssue[], source?: string) {
        const where = source ? ` in ${source}` : "";
        super(`invalid stack configuration${where}:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`);
        this.name = "ConfigError";
        this.issues = issues;
    }
}

/** `["cluster", "nodePools", 0, "max"]` -> `cluster.nodePools[0].max`. */
export function formatPath(path: readonly PropertyKey[]): string {
    let out = "";
    for (const part of path) {
        if (typeof part === "number") {
            out += `[${part}]`;
        } else {
            out += out === "" ? String(part) : `.${String(part)}`;
        }
    }
    return out === "" ? "(root)" : out;
}

/** Levenshtein distance, for "did you mean" suggestions on unknown keys. */
export function editDistance(a: string, b: string): number {
    const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diag = prev[0];
        prev[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const up = prev[j];
            prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
            diag = up;
        }
    }
    return prev[b.length];
}

/** The closest known key, when it is close enough to be a likely typo. */
export function suggest(key: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    const limit = Math.max(2, Math.floor(key.length / 3));
    return bestDistance <= limit ? best : undefined;
}
