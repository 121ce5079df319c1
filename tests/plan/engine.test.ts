import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { criticalPath, evaluateProgram, PlannedResource } from "../../modules/plan";
import { decodeValue, redactedSecret } from "../../modules/plan/decode";
import { localConfig, rawConfig } from "../harness";

const root = path.join(__dirname, "..", "..");

/** A bare custom resource for exercising the recorder. */
class Thing extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super("test:index:Thing", name, props, opts);
    }
}

describe("the offline plan engine", () => {
    it("redacts secrets in recorded inputs while policies still see the value", () => {
        const wire = { password: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" }, user: "admin" };
        const d = decodeValue(wire);
        expect(d.redacted).to.deep.equal({ password: redactedSecret, user: "admin" });
        expect(d.props).to.deep.equal({ password: "hunter2", user: "admin" });
    });

    it("never writes a secret's value into the recorded inputs of a real run", async () => {
        const run = await evaluateProgram(rawConfig(localConfig()), async () => {
            new Thing("thing", { token: pulumi.secret("s3cr3t-value"), plain: "ok" });
            return {};
        });
        const thing = run.resources.find((r) => r.type === "test:index:Thing");
        expect(JSON.stringify(thing?.inputs)).not.to.contain("s3cr3t-value");
        expect(thing?.inputs.token).to.equal(redactedSecret);
    });

    it("records explicit and data dependencies", async () => {
        const run = await evaluateProgram(rawConfig(localConfig()), async () => {
            const a = new Thing("a", { x: 1 });
            const b = new Thing("b", { x: 2 });
            new Thing("c", { fromA: a.id }, { dependsOn: [b] });
            return {};
        });
        const byName = (n: string) => run.resources.find((r) => r.name === n) as PlannedResource;
        expect(byName("c").dependencies).to.include.members([byName("a").urn, byName("b").urn]);
    });

    it("the critical path follows the longest chain of create times", () => {
        const r = (name: string, type: string, deps: string[] = []): PlannedResource => ({
            urn: name,
            type,
            name,
            parent: "",
            custom: true,
            protect: false,
            retainOnDelete: false,
            dependencies: deps,
            inputs: {},
        });
        const path = criticalPath([
            r("vpc", "aws:ec2/vpc:Vpc"),
            r("cluster", "aws:eks/cluster:Cluster", ["vpc"]),
            r("nodes", "aws:eks/nodeGroup:NodeGroup", ["cluster"]),
            r("role", "aws:iam/role:Role"),
            r("release", "kubernetes:helm.sh/v3:Release", ["nodes", "role"]),
        ]);
        expect(path.urns).to.deep.equal(["vpc", "cluster", "nodes", "release"]);
        expect(path.minutes).to.equal(0.3 + 12 + 5 + 2);
    });
});

describe("type-checking: never in the Pulumi runtime, strict in the tests", () => {
    it("tsconfig.json (read by the Pulumi runtime) sets noCheck, and the test type-check turns it off", () => {
        const strip = (t: string) => t.replace(/^\s*\/\/.*$/gm, "");
        const runtime = JSON.parse(strip(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8")));
        const check = JSON.parse(strip(fs.readFileSync(path.join(root, "tsconfig.check.json"), "utf8")));
        expect(runtime.compilerOptions.noCheck).to.equal(true);
        expect(check.compilerOptions.noCheck).to.equal(false);
        expect(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.typecheck).to.contain("tsconfig.check.json");
    });

    it("the test type-check's compiler, with the project's strict settings, fails on type errors", () => {
        // The `typecheck` script's own command and tsconfig.check.json's options, over one file.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typecheck-"));
        try {
            fs.writeFileSync(path.join(dir, "broken.ts"), 'export const n: number = "one";\nexport function f(x) { const unused = 1; return x; }\n');
            fs.writeFileSync(
                path.join(dir, "tsconfig.json"),
                JSON.stringify({ extends: path.join(root, "tsconfig.check.json"), compilerOptions: { types: [] }, include: [], files: ["broken.ts"] }),
            );
            const script: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.typecheck;
            const [program, ...args] = script.replace("tsconfig.check.json", path.join(dir, "tsconfig.json")).split(/\s+/);
            const r = spawnSync(program === "node" ? process.execPath : program, args, { cwd: root, encoding: "utf8" });
            expect(r.status, r.stdout + r.stderr).to.not.equal(0);
            const codes = [...r.stdout.matchAll(/error (TS\d+)/g)].map((m) => m[1]).sort();
            // 2322: wrong type; 7006: implicit any (strict); 6133: unused local (noUnusedLocals).
            expect(codes).to.deep.equal(["TS2322", "TS6133", "TS7006"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
