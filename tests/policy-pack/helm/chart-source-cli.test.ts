/**
 * `policy check` over a manifest set that holds the air-gap declaration: a release from the declared
 * chart mirror passes, the same release without the declaration (or from another registry) is named.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CheckReport, runCheck } from "../../../policy-pack/cli/check";

const release = (chart: string) => ["apiVersion: helm.sh/v3", "kind: Release", "metadata:", "  name: cert-manager", "  namespace: cert-manager", `chart: ${chart}`, "version: v1.21.1"].join("\n");
const declaration = [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: platform-airgap",
    "  namespace: kube-system",
    "data:",
    "  chartMirror: oci://mirror.example.com/charts",
].join("\n");

function folder(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chart-source-"));
    for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), `${text}\n`);
    }
    return dir;
}

async function check(dir: string): Promise<{ code: number; report: CheckReport }> {
    const result = await runCheck(["--format", "json", "--rules", "helm", dir]);
    return { code: result.code, report: JSON.parse(result.stdout) as CheckReport };
}

describe("policy check: chart sources and the air-gap declaration", () => {
    it("passes a release from the chart mirror the manifests declare", async () => {
        const { code, report } = await check(folder({ "airgap.yaml": declaration, "release.yaml": release("oci://mirror.example.com/charts/cert-manager") }));
        expect(report.violations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
        expect(code).to.equal(0);
    });

    it("names the release when nothing declares its mirror, or it comes from another registry", async () => {
        const alone = await check(folder({ "release.yaml": release("oci://mirror.example.com/charts/cert-manager") }));
        expect(alone.code).to.equal(1);
        expect(alone.report.violations.map((v) => [v.policy, v.kind, v.name])).to.deep.equal([["require-approved-chart-source", "Release", "cert-manager"]]);
        const other = await check(folder({ "airgap.yaml": declaration, "release.yaml": release("oci://other.example.com/charts/cert-manager") }));
        expect(other.code).to.equal(1);
        expect(other.report.violations[0].message).to.contain("oci://other.example.com/charts/cert-manager");
    });
});
