/**
 * The policy pack as Pulumi and tenant pipelines install it: `policy-pack/` is a package of its own.
 * `npm pack` builds its JavaScript (prepare); installed in a fresh folder from that tarball and the pack's
 * own lockfile, away from this repository's node_modules:
 * - with its optional dependencies (the Pulumi SDKs), Pulumi's own loader (`run-policy-pack`, what
 *   `pulumi preview --policy-pack` starts) serves it from JavaScript alone and answers the CLI;
 * - without them (what the reusable policy workflow installs), it stays under 60 MB, holds no Pulumi or
 *   cloud SDK, and its `platform-policy` bin gives the same report as `npm run policy`.
 * Load time is a performance target: `npm run bench` measures it against 3 s (this test prints it).
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installedBytes, installPack, packSource, packTarball, servePack } from "../../modules/bench/pack";

const root = path.resolve(__dirname, "../..");

describe("the policy pack as a package of its own", function () {
    this.timeout(900_000);
    let tmp: string;
    let tarball: string;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-install-"));
        const packed = packTarball(tmp);
        tarball = packed.tarball;
        expect(packed.files).to.include.members(["dist/index.js", "dist/cli/main.js", "config/prod.json", "PulumiPolicy.yaml", "package.json"]);
        expect(
            packed.files.filter((p) => p.endsWith(".ts")),
            "the package ships JavaScript, not TypeScript",
        ).to.deep.equal([]);
    });

    after(() => {
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("is served by Pulumi's policy pack loader from JavaScript alone, announcing every policy", async function () {
        const pkg = installPack(tarball, path.join(tmp, "pulumi"), ["dev"]);
        if (!pkg) {
            this.skip(); // the npm registry cannot be reached from here
        }
        const dir = pkg as string;
        const sources = fs
            .readdirSync(dir, { recursive: true })
            .map(String)
            .filter((f) => !f.startsWith("node_modules") && f.endsWith(".ts"));
        expect(sources, "no TypeScript of the pack to compile or type-check").to.deep.equal([]);
        const { child, port, ms } = await servePack(dir);
        try {
            /* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
            const from = (m: string) => require(require.resolve(m, { paths: [dir, path.join(dir, "node_modules", "@pulumi", "pulumi")] }));
            const grpc = from("@grpc/grpc-js");
            const rpc = from("@pulumi/pulumi/proto/analyzer_grpc_pb");
            const { Empty } = from("google-protobuf/google/protobuf/empty_pb");
            const client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            const info: any = await new Promise((resolve, reject) =>
                client.getAnalyzerInfo(new Empty(), (err: unknown, res: unknown) => (err ? reject(err) : resolve(res))),
            );
            /* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
            client.close();
            console.log(`      served by Pulumi's loader ${ms} ms after start (bench target: 3 s)`);
            expect(info.getName()).to.equal("platform");
            const { policies } = await import("../../policy-pack/policies");
            expect(info.getPoliciesList().map((p: { getName(): string }) => p.getName())).to.deep.equal(policies.map((p) => p.name));
        } finally {
            child.kill();
        }
    });

    it("installs for tenant pipelines without the Pulumi SDKs, under 60 MB, and its bin gives npm run policy's report", function () {
        const pkg = installPack(tarball, path.join(tmp, "tenant"), ["dev", "optional"]);
        if (!pkg) {
            this.skip(); // the npm registry cannot be reached from here
        }
        const dir = pkg as string;
        const size = installedBytes(dir);
        expect(fs.existsSync(path.join(dir, "node_modules", "@pulumi")), "no Pulumi SDK").to.equal(false);
        expect(
            fs.readdirSync(path.join(dir, "node_modules")).filter((m) => /aws|azure|gcp|google-cloud/.test(m)),
            "no cloud SDK",
        ).to.deep.equal([]);
        expect(size / 1e6, "installed size, MB").to.be.below(60);
        console.log(`      installed size without the Pulumi SDKs: ${Math.round(size / 1e5) / 10} MB`);
        const bin = path.join(dir, "dist", "cli", "main.js");
        const noncompliant = path.join(packSource, "examples", "noncompliant");
        const bad = spawnSync(process.execPath, [bin, "check", "--env", "prod", noncompliant], { cwd: tmp, encoding: "utf8" });
        expect(bad.status, bad.stderr).to.equal(1);
        expect(bad.stdout).to.contain("[mandatory] disallow-privileged-containers:");
        const repo = spawnSync(
            process.execPath,
            [path.join(root, "tools", "run.js"), path.join(root, "tools", "policy.ts"), "check", "--env", "prod", noncompliant],
            { cwd: root, encoding: "utf8" },
        );
        expect(bad.stdout, "the same report as npm run policy").to.equal(repo.stdout);
        const good = spawnSync(process.execPath, [bin, "check", path.join(packSource, "examples", "compliant")], { cwd: tmp, encoding: "utf8" });
        expect(good.status, good.stderr).to.equal(0);
    });
});
