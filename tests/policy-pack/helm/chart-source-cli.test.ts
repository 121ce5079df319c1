/**
 * `policy check` over Helm release manifests: a release the platform installed from its stack's chart
 * mirror (the mirror named in its description) passes; the same release without the mark, or from
 * another registry, is named.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CheckReport, runCheck } from "../../../policy-pack/cli/check";

const release = (chart: string, description?: string) =>
    [
        "apiVersion: helm.sh/v3",
        "kind: Release",
        "metadata:",
        "  name: cert-manager",
        "  namespace: cert-manager",
        `chart: ${chart}`,
        "version: v1.21.1",
        ...(description ? [`description: ${description}`] : []),
    ].join("\n");
const mark = "from platform:airgap.chartMirror oci://mirror.example.com/charts";

function file(text: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chart-source-"));
    const f = path.join(dir, "release.yaml");
    fs.writeFileSync(f, `${text}\n`);
    return f;
}

async function check(f: string): Promise<{ code: number; report: CheckReport }> {
    const result = await runCheck(["--format", "json", "--rules", "helm", f]);
    return { code: result.code, report: JSON.parse(result.stdout) as CheckReport };
}

describe("policy check: chart sources and the stack's chart mirror", () => {
    it("passes a release from the chart mirror it names", async () => {
        const { code, report } = await check(file(release("oci://mirror.example.com/charts/cert-manager", mark)));
        expect(report.violations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
        expect(code).to.equal(0);
    });

    it("names the release when it names no mirror, or comes from another registry than the one it names", async () => {
        const alone = await check(file(release("oci://mirror.example.com/charts/cert-manager")));
        expect(alone.code).to.equal(1);
        expect(alone.report.violations.map((v) => [v.policy, v.kind, v.name])).to.deep.equal([["require-approved-chart-source", "Release", "cert-manager"]]);
        const other = await check(file(release("oci://other.example.com/charts/cert-manager", mark)));
        expect(other.code).to.equal(1);
        expect(other.report.violations[0].message).to.contain("oci://other.example.com/charts/cert-manager");
    });
});
