/**
 * The policy pack as Pulumi and tenant pipelines install it: `policy-pack/` is a package of its own.
 * `npm pack` builds its JavaScript (prepare); installed in a fresh folder from that tarball and the pack's
 * own lockfile, away from this repository's node_modules:
 * - with its optional dependencies (the Pulumi SDKs), Pulumi's own loader (`run-policy-pack`, what
 *   `pulumi preview --policy-pack` starts) serves it in under 3 s, without type-checking anything;
 * - without them (what the reusable policy workflow installs), it stays under 60 MB, holds no Pulumi or
 *   cloud SDK, and its `platform-policy` bin checks manifests with the same results as `npm run policy`.
 */
import { expect } from "chai";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";

const root = path.resolve(__dirname, "../..");
const packSource = path.join(root, "policy-pack");

function npm(args: string[], cwd: string) {
    return spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 300_000, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });
}

function du(dir: string): number {
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

/** Unpacks the tarball into `dir/package` with the pack's lockfile and installs it; undefined when the registry cannot be reached. */
function install(tarball: string, dir: string, omit: string[]): string | undefined {
    fs.mkdirSync(dir, { recursive: true });
    const untar = spawnSync("tar", ["-xzf", tarball, "-C", dir], { encoding: "utf8" });
    expect(untar.status, untar.stderr).to.equal(0);
    const pkg = path.join(dir, "package");
    fs.copyFileSync(path.join(packSource, "package-lock.json"), path.join(pkg, "package-lock.json"));
    const ci = npm(["ci", "--prefer-offline", "--ignore-scripts", ...omit.map((o) => `--omit=${o}`)], pkg);
    if (ci.status !== 0) {
        if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network/i.test(ci.stderr)) {
            return undefined;
        }
        throw new Error(`npm ci failed: ${ci.stderr.slice(-2000)}`);
    }
    return pkg;
}

describe("the policy pack as a package of its own", function () {
    this.timeout(900_000);
    let tmp: string;
    let tarball: string;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-install-"));
        const packed = npm(["pack", "--pack-destination", tmp, "--json"], packSource);
        expect(packed.status, packed.stderr.slice(-2000)).to.equal(0);
        const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
        tarball = path.join(tmp, filename);
        const paths = files.map((f) => f.path);
        expect(paths).to.include.members(["dist/index.js", "dist/cli/main.js", "config/prod.json", "PulumiPolicy.yaml", "package.json"]);
        expect(paths.filter((p) => p.endsWith(".ts")), "the package ships JavaScript, not TypeScript").to.deep.equal([]);
    });

    after(() => {
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("is served by Pulumi's policy pack loader in under 3 s, from JavaScript only", async function () {
        const pkg = install(tarball, path.join(tmp, "pulumi"), ["dev"]);
        if (!pkg) {
            this.skip(); // the npm registry cannot be reached from here
        }
        const dir = pkg as string;
        const loader = path.join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack", "index.js");
        const started = Date.now();
        const child: ChildProcess = spawn(process.execPath, [loader, "127.0.0.1:1", "."], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        try {
            let stderr = "";
            child.stderr?.on("data", (d) => (stderr += String(d)));
            const port = await new Promise<string>((resolve, reject) => {
                readline.createInterface({ input: child.stdout! }).once("line", resolve);
                child.once("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
            });
            /* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
            const from = (m: string) => require(require.resolve(m, { paths: [dir, path.join(dir, "node_modules", "@pulumi", "pulumi")] }));
            const grpc = from("@grpc/grpc-js");
            const rpc = from("@pulumi/pulumi/proto/analyzer_grpc_pb");
            const { Empty } = from("google-protobuf/google/protobuf/empty_pb");
            const client = new rpc.AnalyzerClient(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure());
            const info: any = await new Promise((resolve, reject) => client.getAnalyzerInfo(new Empty(), (err: unknown, res: unknown) => (err ? reject(err) : resolve(res))));
            /* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
            const elapsed = Date.now() - started;
            client.close();
            expect(info.getName()).to.equal("platform");
            expect(info.getPoliciesList().length).to.be.above(40);
            expect(elapsed, "from start to the first answer").to.be.below(3000);
            expect(fs.existsSync(path.join(dir, "index.ts")), "no TypeScript to type-check").to.equal(false);
        } finally {
            child.kill();
        }
    });

    it("installs for tenant pipelines without the Pulumi SDKs, under 60 MB, and its bin checks manifests", function () {
        const pkg = install(tarball, path.join(tmp, "tenant"), ["dev", "optional"]);
        if (!pkg) {
            this.skip(); // the npm registry cannot be reached from here
        }
        const dir = pkg as string;
        const size = du(dir);
        expect(fs.existsSync(path.join(dir, "node_modules", "@pulumi")), "no Pulumi SDK").to.equal(false);
        expect(fs.readdirSync(path.join(dir, "node_modules")).filter((m) => /aws|azure|gcp|google-cloud/.test(m))).to.deep.equal([]);
        expect(size / 1e6, "installed size, MB").to.be.below(60);
        const bin = path.join(dir, "dist", "cli", "main.js");
        const bad = spawnSync(process.execPath, [bin, "check", "--env", "prod", path.join(packSource, "examples", "noncompliant")], { cwd: tmp, encoding: "utf8" });
        expect(bad.status, bad.stderr).to.equal(1);
        expect(bad.stdout).to.contain("[mandatory] disallow-privileged-containers:");
        const repo = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), path.join(root, "tools", "policy.ts"), "check", "--env", "prod", path.join(packSource, "examples", "noncompliant")], { cwd: root, encoding: "utf8" });
        expect(bad.stdout, "the same report as npm run policy").to.equal(repo.stdout);
        const good = spawnSync(process.execPath, [bin, "check", path.join(packSource, "examples", "compliant")], { cwd: tmp, encoding: "utf8" });
        expect(good.status, good.stderr).to.equal(0);
        console.log(`      installed size without the Pulumi SDKs: ${Math.round(size / 1e5) / 10} MB`);
    });
});
