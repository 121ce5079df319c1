/**
 * Where the conformance suite finds its inputs and binaries, relative to the repository root.
 * - shared/: `../shared` beside the repository (upstream CRDs and conformance corpora), or
 *   PLATFORM_SHARED_DIR (a git worktree elsewhere points there).
 * - binaries: `.cache/conformance/bin` (gitignored; conformance/build.sh fills it), or
 *   CONFORMANCE_BIN_DIR.
 */
import * as fs from "fs";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "..", "..");

/** The shared folder (holding crds/ and corpus/), or undefined when there is none. */
export function sharedDir(): string | undefined {
    const fromEnv = process.env.PLATFORM_SHARED_DIR;
    const candidates = [path.join(path.dirname(repoRoot), "shared"), ...(fromEnv ? [path.resolve(fromEnv)] : [])];
    return candidates.find((d) => fs.existsSync(path.join(d, "crds")) && fs.existsSync(path.join(d, "corpus")));
}

/** The folder of the control plane's binaries. */
export function binDir(): string {
    return process.env.CONFORMANCE_BIN_DIR ? path.resolve(process.env.CONFORMANCE_BIN_DIR) : path.join(repoRoot, ".cache", "conformance", "bin");
}

export const binaries = ["etcd", "kube-apiserver", "kube-controller-manager"] as const;

/** Binaries missing from binDir() (empty when the control plane can start). */
export function missingBinaries(dir = binDir()): string[] {
    return binaries.filter((b) => !fs.existsSync(path.join(dir, b)));
}
