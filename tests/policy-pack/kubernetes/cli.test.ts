/**
 * `npm run policy -- check`: pipelines get exit 1 naming the rule for non-compliant manifests, 0 for a
 * restricted-compliant Deployment, 2 for unreadable or invalid input (file and document named), and a
 * JSON report they can consume.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CheckReport, runCheck } from "../../../policy-pack/cli/check";

const examples = path.resolve(__dirname, "../../../policy-pack/examples");
const noncompliant = (f: string) => path.join(examples, "noncompliant", f);

async function json(...argv: string[]): Promise<{ code: number; report: CheckReport }> {
    const result = await runCheck(["--format", "json", ...argv]);
    expect(result.stderr).to.equal("");
    return { code: result.code, report: JSON.parse(result.stdout) as CheckReport };
}

function tempFile(name: string, text: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-check-"));
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
}

describe("policy check CLI", () => {
    for (const [file, rule] of [
        ["privileged-pod.yaml", "disallow-privileged-containers"],
        ["latest-image.yaml", "require-pinned-image-tag"],
        ["nodeport-service.yaml", "disallow-nodeport-services"],
        ["wildcard-clusterrole.yaml", "disallow-rbac-wildcards"],
        ["unpinned-helm-release.yaml", "require-exact-chart-version"],
    ] as const) {
        it(`exits 1 naming ${rule} for ${file}`, async () => {
            const { code, report } = await json(noncompliant(file));
            expect(code).to.equal(1);
            const hit = report.violations.find((v) => v.policy === rule);
            expect(hit, `a ${rule} violation`).to.not.equal(undefined);
            expect(hit).to.include({ file: noncompliant(file), document: 1, level: "mandatory" });
            expect(hit?.message).to.not.equal("");
        });
    }

    it("exits 0 on a restricted-compliant Deployment and its Service", async () => {
        const { code, report } = await json(path.join(examples, "compliant"));
        expect(report.checked).to.equal(2);
        expect(report.violations).to.deep.equal([]);
        expect(code).to.equal(0);
    });

    it("prints the JSON shape pipelines consume", async () => {
        const { report } = await json(noncompliant("nodeport-service.yaml"));
        expect(Object.keys(report).sort()).to.deep.equal(["checked", "errors", "notChecked", "summary", "unreadable", "violations"]);
        expect(report.violations[0]).to.have.all.keys("file", "document", "kind", "name", "policy", "level", "message");
        expect(report.violations[0]).to.include({ kind: "Service", name: "web" });
    });

    it("reads folders recursively and numbers documents in multi-document files", async () => {
        const file = tempFile(
            "two.yaml",
            fs.readFileSync(path.join(examples, "compliant", "restricted-deployment.yaml"), "utf8") +
                "---\n" +
                fs.readFileSync(noncompliant("nodeport-service.yaml"), "utf8"),
        );
        const { code, report } = await json(path.dirname(file));
        expect(report.checked).to.equal(3);
        expect(code).to.equal(1);
        expect(report.violations.map((v) => `${path.basename(v.file)}:${v.document}:${v.policy}`)).to.deep.equal(["two.yaml:3:disallow-nodeport-services"]);
    });

    it("checks the items of a List, naming the List's document", async () => {
        const file = tempFile(
            "list.yaml",
            "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: np, namespace: team-a}\n    spec: {type: NodePort}\n",
        );
        const { code, report } = await json(file);
        expect(report.checked).to.equal(1);
        expect(code).to.equal(1);
        expect(report.violations[0]).to.include({ document: 1, kind: "Service", name: "np", policy: "disallow-nodeport-services" });
    });

    it("prints one line per violation and a summary in text format", async () => {
        const result = await runCheck([noncompliant("nodeport-service.yaml")]);
        expect(result.code).to.equal(1);
        expect(result.stdout.trim().split("\n")).to.deep.equal([
            `${noncompliant("nodeport-service.yaml")}:1 Service/web [mandatory] disallow-nodeport-services: spec.type is NodePort. ` +
                "Services must not be of type NodePort (it opens a port on every node). Fix: use a ClusterIP Service behind the platform's ingress.",
            "1 object(s) checked: 1 mandatory and 0 advisory violation(s).",
        ]);
    });

    it("limits the check to rule groups with --rules", async () => {
        const { code, report } = await json("--rules", "services", noncompliant("privileged-pod.yaml"));
        expect(report.violations).to.deep.equal([]);
        expect(code).to.equal(0);
        const restricted = await json("--rules", "pss-restricted", noncompliant("privileged-pod.yaml"));
        expect(new Set(restricted.report.violations.map((v) => v.policy)))
            .to.include("disallow-privileged-containers")
            .and.not.include("require-probes");
    });

    it("applies an environment's levels with --env", async () => {
        const result = await runCheck(["--env", "prod", "--format", "json", path.join(examples, "compliant")]);
        expect(result.code, result.stderr).to.equal(0);
    });

    it("exits 2 naming the file and document for invalid YAML", async () => {
        const file = tempFile("bad.yaml", "apiVersion: v1\nkind: Pod\n---\nkind: [unclosed\n");
        const result = await runCheck([file]);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.contain(`${file}: document 2 (from line 4): invalid YAML at line 5`);
    });

    it("exits 2 naming the document that is not a Kubernetes object", async () => {
        const file = tempFile("noversion.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: {name: b}\n");
        const result = await runCheck([file]);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.contain(`${file}: document 2 (from line 5): apiVersion: missing`);
    });

    it("exits 2 for a missing file, an unknown group or a bad option", async () => {
        expect((await runCheck(["/nonexistent/x.yaml"])).stderr).to.contain("/nonexistent/x.yaml: cannot read: ENOENT");
        expect((await runCheck(["/nonexistent/x.yaml"])).code).to.equal(2);
        const group = await runCheck(["--rules", "pss-strict", noncompliant("privileged-pod.yaml")]);
        expect(group.code).to.equal(2);
        expect(group.stderr).to.contain("--rules: unknown group pss-strict");
        expect((await runCheck(["--format", "xml", noncompliant("privileged-pod.yaml")])).code).to.equal(2);
        expect((await runCheck(["--env", "qa", noncompliant("privileged-pod.yaml")])).code).to.equal(2);
        expect((await runCheck([])).code).to.equal(2);
    });

    it("runs as `npm run policy -- check` with the same exit codes", function () {
        this.timeout(60000);
        const root = path.resolve(__dirname, "../../..");
        const run = (...a: string[]) => spawnSync(process.execPath, ["tools/run.js", "tools/policy.ts", ...a], { cwd: root, encoding: "utf8" });
        const bad = run("check", noncompliant("nodeport-service.yaml"));
        expect(bad.status, bad.stderr).to.equal(1);
        expect(bad.stdout).to.contain("[mandatory] disallow-nodeport-services:");
        expect(run("check", path.join(examples, "compliant")).status).to.equal(0);
        expect(run("check", "/nonexistent.yaml").status).to.equal(2);
    });
});
