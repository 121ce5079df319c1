/**
 * Reading the repository's GitHub Actions workflows for checks: every `uses:` reference (step and
 * reusable-workflow calls), and whether each is pinned to a full commit SHA. A tag or branch can be
 * moved by whoever controls the action's repository; a 40-hex commit cannot, so every third-party
 * and first-party action is pinned by commit with its version in a trailing comment
 * (`owner/repo@<sha> # v1.2.3`), which Renovate's github-actions manager keeps current.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const workflowsDir = path.join(__dirname, "..", "..", ".github", "workflows");

/** One `uses:` reference in a workflow. */
export interface ActionReference {
    file: string;
    /** 1-based line of the `uses:` key. */
    line: number;
    /** The value, e.g. `actions/checkout@3d3c…` or `./.github/workflows/pulumi-up.yml`. */
    ref: string;
    /** The trailing `# ...` comment on that line, if any. */
    comment?: string;
}

/** The repository's workflow files (`*.yml`, `*.yaml`), sorted. */
export function workflowFiles(dir = workflowsDir): string[] {
    return fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(dir, f));
}

/** A workflow parsed as plain data. */
export function readWorkflow(file: string): Record<string, unknown> {
    return parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
}

/** Every `uses:` in a workflow's text, with its line and trailing comment. */
export function actionReferences(file: string, text = fs.readFileSync(file, "utf8")): ActionReference[] {
    const out: ActionReference[] = [];
    text.split("\n").forEach((lineText, i) => {
        const m = /^\s*(?:-\s+)?uses:\s*["']?([^"'\s#]+)["']?\s*(?:#\s*(.*))?$/.exec(lineText);
        if (m) {
            out.push({ file, line: i + 1, ref: m[1], comment: m[2]?.trim() });
        }
    });
    return out;
}

/**
 * Why a reference is not acceptably pinned, or undefined when it is: a remote action or reusable
 * workflow must be `owner/repo[/path]@<40 hex>` with a version comment; a local one
 * (`./.github/...`) must exist in the repository; `docker://` images must be pinned by digest.
 */
export function pinProblem(ref: ActionReference, repoRoot = path.join(__dirname, "..", "..")): string | undefined {
    if (ref.ref.startsWith("./")) {
        return fs.existsSync(path.join(repoRoot, ref.ref)) ? undefined : `local reference ${ref.ref} does not exist`;
    }
    if (ref.ref.startsWith("docker://")) {
        return /@sha256:[0-9a-f]{64}$/.test(ref.ref) ? undefined : `${ref.ref}: pin docker images by @sha256 digest`;
    }
    const m = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[^@]+)?)@(.+)$/.exec(ref.ref);
    if (!m) {
        return `${ref.ref}: expected owner/repo@<commit sha>`;
    }
    if (!/^[0-9a-f]{40}$/.test(m[2])) {
        return `${ref.ref}: '${m[2]}' is a tag or branch that can move; pin the full 40-character commit SHA`;
    }
    if (!ref.comment || !/^v?\d+(\.\d+){0,2}/.test(ref.comment)) {
        return `${ref.ref}: add the version the SHA stands for as a trailing comment (# v1.2.3)`;
    }
    return undefined;
}
