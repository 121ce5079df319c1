/**
 * The policy pack installed as Pulumi and tenant pipelines install it: `npm pack` in policy-pack/ (its
 * `prepare` builds dist/), the tarball unpacked in a fresh folder with the pack's lockfile, `npm ci`.
 * Shared by the bench (load time, installed size) and tests/policy-pack/package.test.ts.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";

export const packSource = path.join(__dirname, "..", "..", "policy-pack");

function npm(args: string[], cwd: string) {
    return spawnSync("npm", args, {
        cwd,
        encoding: "utf8",
        timeout: 300_000,
        env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
    });
}

/** Packs policy-pack/ into `dir`; the tarball's path and the files it holds. */
export function packTarball(dir: string): { tarball: string; files: string[] } {
    const packed = npm(["pack", "--pack-destination", dir, "--json"], packSource);
    if (packed.status !== 0) {
        throw new Error(`npm pack failed: ${packed.stderr.slice(-2000)}`);
    }
    const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
    return { tarball: path.join(dir, filename), files: files.map((f) => f.path) };
}

/**
 * Unpacks `tarball` into `dir/package` with the pack's lockfile and runs `npm ci` omitting `omit`; the
 * package folder, or undefined when the npm registry cannot be reached.
 */
export function installPack(tarball: string, dir: string, omit: string[]): string | undefined {
    fs.mkdirSync(dir, { recursive: true });
    const untar = spawnSync("tar", ["-xzf", tarball, "-C", dir], { encoding: "utf8" });
    if (untar.status !== 0) {
        throw new Error(`tar: ${untar.stderr}`);
    }
    const pkg = path.join(dir, "package");
    fs.copyFileSync(path.join(packSource, "package-lock.json"), path.join(pkg, "package-lock.json"));
    const ci = npm(["ci", "--prefer-offline", "--ignore-scripts", ...omit.map((o) => `--omit=${o}`)], pkg);
    if (ci.status !== 0) {
        if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET|network/i.test(ci.stderr)) {
            return undefined;
        }
        throw new Error(`npm ci failed: ${ci.stderr.slice(-2000)}`);
    }
    return pkg;
}

/** Bytes of every file under `dir`. */
export function installedBytes(dir: string): number {
    let total = 0;
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, e.name);
            if (e.isDirectory()) walk(full);
            else if (e.isFile()) total += fs.statSync(full).size;
        }
    };
    walk(dir);
    return total;
}

/**
 * Starts the installed pack with Pulumi's own loader (`@pulumi/pulumi/cmd/run-policy-pack`, what `pulumi
 * preview --policy-pack` runs) and resolves when it serves: the port it listens on and the time taken.
 */
export async function servePack(pkg: string): Promise<{ child: ChildProcess; port: string; ms: number }> {
    const loader = path.join(pkg, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack", "index.js");
    const started = Date.now();
    const child = spawn(process.execPath, [loader, "127.0.0.1:1", "."], { cwd: pkg, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += String(d)));
    const port = await new Promise<string>((resolve, reject) => {
        readline.createInterface({ input: child.stdout! }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
    });
    return { child, port: port.trim(), ms: Date.now() - started };
}
