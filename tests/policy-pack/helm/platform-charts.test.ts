/**
 * The platform's own charts hold to the Helm rules: every chart pinned in modules/addons/versions.ts,
 * installed the way HelmAddon installs it (chartSource), passes H1-H3 in every environment; served
 * from an air-gap chart mirror, it passes when the program declares that mirror (the stack's
 * `platform:airgap.chartMirror`) and is refused otherwise.
 */
import { expect } from "chai";
import { airgapDeclarationSpec } from "../../../modules/addons/airgap";
import { chartSource } from "../../../modules/addons/context";
import { ChartName, charts } from "../../../modules/addons/versions";
import { helmPolicies } from "../../../policy-pack/policies/helm";
import { defaultChartRepositories, sourceAllowed } from "../../../policy-pack/policies/helm/require-approved-chart-source";
import { isPatched, patchedIngressNginxCharts } from "../../../policy-pack/policies/helm/ingress-nginx";
import { environments, loadPackConfig } from "../../../policy-pack/lib/config";
import { EngineResource, runPolicies } from "../../../policy-pack/lib/engine";

const names = Object.keys(charts) as ChartName[];

function release(name: ChartName, mirror?: string): EngineResource {
    const source = chartSource(name, mirror);
    return {
        urn: `urn:pulumi:test::platform::kubernetes:helm.sh/v3:Release::${name}`,
        type: "kubernetes:helm.sh/v3:Release",
        name,
        props: { ...source, namespace: name.toLowerCase(), values: {} },
    };
}

describe("the platform's pinned charts under the Helm policies", () => {
    it("every chart repository in versions.ts is on the default allow-list", () => {
        const missing = names.map((n) => charts[n].repository).filter((repo) => !sourceAllowed(repo, defaultChartRepositories));
        expect(missing, "add these to defaultChartRepositories (require-approved-chart-source)").to.deep.equal([]);
    });

    for (const env of environments) {
        it(`every pinned chart installs with no mandatory Helm violation in ${env}`, async () => {
            const violations = await runPolicies(helmPolicies, names.map((n) => release(n)), { config: loadPackConfig(env) });
            expect(violations.filter((v) => v.level === "mandatory").map((v) => `${v.name}: ${v.policy}: ${v.message}`)).to.deep.equal([]);
        });
    }

    for (const mirror of ["oci://mirror.example.com/charts", "https://charts.mirror.example.com/platform"]) {
        it(`charts served from the stack's own chart mirror (${mirror.split(":")[0]}) are approved through the program's air-gap declaration, in every environment`, async () => {
            const mirrored = names.map((n) => release(n, mirror));
            const spec = airgapDeclarationSpec({ chartMirror: mirror, imageRegistry: "registry.mirror.example.com/platform" });
            const declared: EngineResource = { urn: "urn:pulumi:test::platform::kubernetes:core/v1:ConfigMap::platform-airgap", type: "kubernetes:core/v1:ConfigMap", name: "platform-airgap", props: { apiVersion: "v1", kind: "ConfigMap", ...spec } };
            for (const env of environments) {
                const without = await runPolicies(helmPolicies, mirrored, { config: loadPackConfig(env) });
                expect(new Set(without.filter((v) => v.policy === "require-approved-chart-source").map((v) => v.name)), `${env} without the declaration`).to.have.property("size", names.length);
                const withDeclaration = await runPolicies(helmPolicies, [declared, ...mirrored], { config: loadPackConfig(env) });
                expect(withDeclaration.filter((v) => v.level === "mandatory").map((v) => `${v.name}: ${v.message}`), env).to.deep.equal([]);
            }
        });
    }

    it("an environment that does not follow the stack's mirror refuses it until it is allow-listed", async () => {
        const mirror = "oci://mirror.example.com/charts";
        const mirrored = names.map((n) => release(n, mirror));
        const declared: EngineResource = { urn: "urn:pulumi:test::platform::kubernetes:core/v1:ConfigMap::platform-airgap", type: "kubernetes:core/v1:ConfigMap", name: "platform-airgap", props: { ...airgapDeclarationSpec({ chartMirror: mirror }) } };
        const prod = loadPackConfig("prod");
        const strict = { ...prod, "require-approved-chart-source": { enforcementLevel: "mandatory" as const, followPlatformMirror: false } };
        const refused = await runPolicies(helmPolicies, [declared, ...mirrored], { config: strict });
        expect(new Set(refused.filter((v) => v.policy === "require-approved-chart-source").map((v) => v.name))).to.have.property("size", names.length);
        const listed = { ...prod, "require-approved-chart-source": { enforcementLevel: "mandatory" as const, followPlatformMirror: false, additionalRepositories: [mirror] } };
        const accepted = await runPolicies(helmPolicies, [declared, ...mirrored], { config: listed });
        expect(accepted.filter((v) => v.policy === "require-approved-chart-source")).to.deep.equal([]);
    });
});

describe("ingress-nginx patch levels", () => {
    const cases: [string, boolean][] = [
        ["4.12.1", false], // fixed CVE-2025-1974 but not the 2026 injection CVEs
        ["4.13.8", false],
        ["4.13.9", true],
        ["4.14.4", false],
        ["4.14.5", true],
        ["4.15.0", false],
        ["4.15.1", true],
        ["4.16.0", true], // a newer line than any listed counts as patched
        ["v4.15.1", true],
    ];
    for (const [version, patched] of cases) {
        it(`${version} ${patched ? "is" : "is not"} patched`, () => {
            expect(isPatched(version, patchedIngressNginxCharts)).to.equal(patched);
        });
    }
});
