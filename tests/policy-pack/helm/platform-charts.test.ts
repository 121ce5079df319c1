/**
 * The platform's own charts hold to the Helm rules: every chart pinned in modules/addons/versions.ts,
 * installed the way HelmAddon installs it (chartSource), passes H1-H3 in every environment; served
 * from the stack's air-gap chart mirror, it passes through the mark chartSource puts on the release
 * (the mirror, in its description), and is refused without it.
 */
import { expect } from "chai";
import { chartSource } from "../../../modules/addons/context";
import { ChartName, charts } from "../../../modules/addons/versions";
import { helmPolicies } from "../../../policy-pack/policies/helm";
import { defaultChartRepositories, sourceAllowed } from "../../../policy-pack/policies/helm/require-approved-chart-source";
import { isPatched, patchedIngressNginxCharts, retiredControllerAcceptance } from "../../../policy-pack/policies/helm/ingress-nginx";
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
        it(`every pinned chart installs with no mandatory Helm violation in ${env} (the retired ingress-nginx in prod only when the stack accepts it)`, async () => {
            const violations = await runPolicies(
                helmPolicies,
                names.map((n) => release(n)),
                { config: loadPackConfig(env) },
            );
            const mandatory = violations.filter((v) => v.level === "mandatory").map((v) => `${v.name}: ${v.policy}`);
            expect(mandatory).to.deep.equal(env === "prod" ? ["ingressNginx: require-maintained-ingress-controller"] : []);
            const accepted = release("ingressNginx");
            accepted.props.values = {
                controller: { annotations: { [retiredControllerAcceptance.reason]: "payments still on Ingress until PLAT-1234 ships" } },
            };
            const withAcceptance = await runPolicies(helmPolicies, [...names.filter((n) => n !== "ingressNginx").map((n) => release(n)), accepted], {
                config: loadPackConfig(env),
            });
            expect(withAcceptance.filter((v) => v.level === "mandatory").map((v) => `${v.name}: ${v.policy}: ${v.message}`)).to.deep.equal([]);
        });
    }

    for (const mirror of ["oci://mirror.example.com/charts", "https://charts.mirror.example.com/platform"]) {
        it(`charts the program installs from the stack's chart mirror (${mirror.split(":")[0]}) are approved in every environment, through the mark on each release`, async () => {
            const mirrored = names.map((n) => release(n, mirror));
            // The retired ingress-nginx as a stack that keeps it runs it in prod: accepted (H3 is not at issue here).
            const nginx = mirrored.find((r) => r.name === "ingressNginx") as EngineResource;
            nginx.props.values = { controller: { annotations: { [retiredControllerAcceptance.reason]: "payments still on Ingress until PLAT-1234 ships" } } };
            for (const env of environments) {
                const violations = await runPolicies(helmPolicies, mirrored, { config: loadPackConfig(env) });
                expect(
                    violations.filter((v) => v.level === "mandatory").map((v) => `${v.name}: ${v.message}`),
                    env,
                ).to.deep.equal([]);
            }
            const unmarked = mirrored.map((r) => ({ ...r, props: { ...r.props, description: undefined } }));
            const refused = await runPolicies(helmPolicies, unmarked, { config: loadPackConfig("prod") });
            expect(
                new Set(refused.filter((v) => v.policy === "require-approved-chart-source").map((v) => v.name)),
                "the same releases without the mark",
            ).to.have.property("size", names.length);
        });
    }

    it("an environment that does not follow the stack's mirror, or follows only other mirrors, refuses it until it is allow-listed", async () => {
        const mirror = "oci://mirror.example.com/charts";
        const mirrored = names.map((n) => release(n, mirror));
        const prod = loadPackConfig("prod");
        const h2 = (params: Record<string, unknown>) => ({ ...prod, "require-approved-chart-source": { enforcementLevel: "mandatory" as const, ...params } });
        const count = async (params: Record<string, unknown>) =>
            new Set(
                (await runPolicies(helmPolicies, mirrored, { config: h2(params) }))
                    .filter((v) => v.policy === "require-approved-chart-source")
                    .map((v) => v.name),
            ).size;
        expect(await count({ followPlatformMirror: false })).to.equal(names.length);
        expect(await count({ allowedMirrors: ["oci://registry.corp.example/"] })).to.equal(names.length);
        expect(await count({ allowedMirrors: ["oci://mirror.example.com"] })).to.equal(0);
        expect(await count({ followPlatformMirror: false, additionalRepositories: [mirror] })).to.equal(0);
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
