import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { shippedStacks } from "../../modules/config";
import { compareMinor } from "../../modules/addons/compatibility";
import { deprecatedApis, forbiddenApis, forbiddenUse, parseKubernetesType, removedApis, sdkModule } from "../../modules/delivery/deprecated-apis";
import { planShippedStack } from "../harness";

const root = path.join(__dirname, "..", "..");

/** The program's own TypeScript: what `pulumi up` runs (the list itself excepted). */
function programSources(): string[] {
    const out: string[] = [path.join(root, "index.ts")];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                walk(p);
            } else if (entry.name.endsWith(".ts") && !p.endsWith(path.join("delivery", "deprecated-apis.ts"))) {
                out.push(p);
            }
        }
    };
    walk(path.join(root, "modules"));
    return out;
}

/** Uses of a forbidden API in a source text: SDK imports of the kind, namespace access, manifest literals. */
function sourceUses(text: string): string[] {
    const found: string[] = [];
    for (const api of forbiddenApis) {
        const mod = sdkModule(api.apiVersion);
        const kinds = api.kinds === "*" ? ["[A-Z][A-Za-z0-9]*"] : api.kinds;
        const [, group, version] = /^@pulumi\/kubernetes\/([^/]+)\/(.+)$/.exec(mod) as RegExpExecArray;
        for (const kind of kinds) {
            const imported = new RegExp(`import\\s*(?:type\\s*)?\\{[^}]*\\b${kind}\\b[^}]*\\}\\s*from\\s*["']${mod.replace(/\//g, "\\/")}["']`);
            const namespaced = new RegExp(`\\.${group}\\.${version}\\.${kind}\\b`);
            const escaped = api.apiVersion.replace(/[./]/g, (c) => `\\${c}`);
            const manifest = new RegExp(
                `apiVersion:\\s*["'\`]${escaped}["'\`][\\s\\S]{0,200}?kind:\\s*["'\`]${kind}["'\`]|kind:\\s*["'\`]${kind}["'\`][\\s\\S]{0,200}?apiVersion:\\s*["'\`]${escaped}["'\`]`,
            );
            for (const re of [imported, namespaced, manifest]) {
                const m = re.exec(text);
                if (m) {
                    found.push(`${api.apiVersion} ${kind === kinds[0] && api.kinds === "*" ? "(any kind)" : kind}: ${m[0].slice(0, 80)} -> use ${api.use}`);
                }
            }
        }
    }
    return found;
}

describe("Kubernetes APIs the program must never use", () => {
    it("lists every API version removed by the Kubernetes deprecation guide up to v1.32 (newest removal)", () => {
        const removedInByRelease = new Map<string, string[]>();
        for (const a of removedApis) {
            removedInByRelease.set(a.removedIn as string, [...(removedInByRelease.get(a.removedIn as string) ?? []), a.apiVersion]);
        }
        expect([...removedInByRelease.keys()].sort(compareMinor)).to.deep.equal(["1.16", "1.22", "1.23", "1.25", "1.26", "1.27", "1.29", "1.32"]);
        expect(removedInByRelease.get("1.25")).to.include.members([
            "batch/v1beta1",
            "policy/v1beta1",
            "autoscaling/v2beta1",
            "discovery.k8s.io/v1beta1",
            "events.k8s.io/v1beta1",
            "node.k8s.io/v1beta1",
        ]);
        expect(removedInByRelease.get("1.22")).to.include.members([
            "networking.k8s.io/v1beta1",
            "rbac.authorization.k8s.io/v1beta1",
            "apiextensions.k8s.io/v1beta1",
            "admissionregistration.k8s.io/v1beta1",
        ]);
        expect(removedInByRelease.get("1.32")).to.deep.equal(["flowcontrol.apiserver.k8s.io/v1beta3"]);
        expect(deprecatedApis.map((a) => `${a.apiVersion} ${String(a.kinds)}`)).to.include("v1 Endpoints");
    });

    it("every entry names a group version, its kinds and what to use instead", () => {
        for (const a of forbiddenApis) {
            expect(a.apiVersion, a.apiVersion).to.match(/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/);
            expect(a.kinds === "*" || a.kinds.length > 0, a.apiVersion).to.equal(true);
            expect(a.use.length, a.apiVersion).to.be.greaterThan(0);
        }
    });

    it("maps Pulumi type tokens and SDK modules to API versions", () => {
        expect(parseKubernetesType("kubernetes:policy/v1beta1:PodDisruptionBudget")).to.deep.equal({
            apiVersion: "policy/v1beta1",
            kind: "PodDisruptionBudget",
        });
        expect(parseKubernetesType("kubernetes:core/v1:Endpoints")).to.deep.equal({ apiVersion: "v1", kind: "Endpoints" });
        expect(parseKubernetesType("kubernetes:helm.sh/v3:Release")).to.equal(undefined);
        expect(forbiddenUse("policy/v1beta1", "PodDisruptionBudget")?.use).to.equal("policy/v1");
        expect(forbiddenUse("policy/v1", "PodDisruptionBudget")).to.equal(undefined);
        expect(forbiddenUse("scheduling.k8s.io/v1alpha1", "Anything")).to.not.equal(undefined);
        expect(sdkModule("flowcontrol.apiserver.k8s.io/v1beta3")).to.equal("@pulumi/kubernetes/flowcontrol/v1beta3");
    });

    it("the source check catches an import, a namespaced use and a raw manifest of a removed API", () => {
        expect(sourceUses('import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1beta1";')).to.have.length(1);
        expect(sourceUses("new k8s.networking.v1beta1.Ingress(name, {})")).to.have.length(1);
        expect(sourceUses('const m = { apiVersion: "batch/v1beta1", kind: "CronJob" };')).to.have.length(1);
        expect(sourceUses('import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";')).to.deep.equal([]);
    });

    it("the program's sources use none of them", () => {
        const uses = programSources().flatMap((file) => sourceUses(fs.readFileSync(file, "utf8")).map((u) => `${path.relative(root, file)}: ${u}`));
        expect(uses).to.deep.equal([]);
    });

    for (const stack of shippedStacks()) {
        it(`stack ${stack} registers no resource of a removed or deprecated API`, async () => {
            const result = await planShippedStack(stack);
            const uses = result.resources
                .map((r) => ({ r, api: parseKubernetesType(r.type) }))
                .filter(({ api }) => api && forbiddenUse(api.apiVersion, api.kind))
                .map(({ r, api }) => `${r.type} ${r.name}: use ${forbiddenUse(api!.apiVersion, api!.kind)?.use}`);
            expect(uses).to.deep.equal([]);
        });
    }
});
