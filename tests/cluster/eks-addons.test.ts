/**
 * EKS managed add-ons (issue 18): pinned per Kubernetes version in modules/addons/versions.ts,
 * installed at that version, and covered by `npm run compat`.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { kubernetesVersions } from "../../modules/config/sections/cluster";
import { eksAddonMatrix, eksAddonProblems, eksAddonVersionPattern } from "../../modules/addons/compatibility";
import { EksAddonPin, eksAddons, eksAddonVersion } from "../../modules/addons/versions";
import { awsConfig, planCluster } from "./helpers";

const root = path.join(__dirname, "..", "..");

describe("EKS managed add-on versions", () => {
    it("every Kubernetes version an EKS stack may use has, per add-on, an exact pin or a stated reason for having none", () => {
        expect(eksAddonProblems()).to.deep.equal([]);
        for (const pin of Object.values(eksAddons) as EksAddonPin[]) {
            for (const minor of kubernetesVersions.aws) {
                const version = pin.versions[minor];
                expect(version !== undefined || Boolean(pin.unverified?.[minor]), `${pin.addon} ${minor}`).to.equal(true);
                if (version) {
                    expect(version, `${pin.addon} ${minor}`).to.match(eksAddonVersionPattern);
                }
            }
        }
        // The pod network and DNS are pinned on the default version (1.35).
        for (const name of ["vpcCni", "kubeProxy", "coreDns"] as const) {
            expect(eksAddonVersion(name, "1.35"), name).to.match(eksAddonVersionPattern);
        }
    });

    it("the table check catches an unpinned version with no reason, a loose version, a kube-proxy of another minor and a stale minor", () => {
        const bad: Record<string, EksAddonPin> = {
            kubeProxy: { addon: "kube-proxy", source: "x", versions: { "1.34": "v1.33.10-eksbuild.13", "1.31": "v1.31.14-eksbuild.9" } },
            coreDns: { addon: "coredns", source: "x", versions: { "1.34": "latest" } },
        };
        const problems = eksAddonProblems(bad, ["1.34", "1.35"]);
        expect(problems).to.include("eksAddons.kubeProxy.1.34: kube-proxy v1.33.10-eksbuild.13 does not match the cluster's minor 1.34");
        expect(problems).to.include("eksAddons.kubeProxy.1.35: no pinned kube-proxy version and no reason given in unverified");
        expect(problems).to.include("eksAddons.coreDns.1.34: 'latest' is not an exact EKS add-on version (vX.Y.Z-eksbuild.N)");
        expect(problems.some((p) => p.startsWith("eksAddons.kubeProxy.1.31: EKS stacks cannot use Kubernetes 1.31"))).to.equal(true);
    });

    for (const minor of ["1.35", "1.36"]) {
        it(`a ${minor} cluster installs each managed add-on at the version pinned for ${minor} (EKS's default where none is verified)`, async () => {
            const plan = await planCluster(awsConfig("dev", { kubernetesVersion: minor }), async (h) => {
                h.storage.installCsiDriver?.("storage-csi", { parent: h.component });
                return undefined;
            });
            const installed = Object.fromEntries(plan.ofType("aws:eks/addon:Addon").map((a) => [String(a.props.addonName), a.props.addonVersion]));
            for (const [name, pin] of Object.entries(eksAddons)) {
                expect(Object.keys(installed), pin.addon).to.include(pin.addon);
                expect(installed[pin.addon], `${pin.addon} on ${minor}`).to.equal(eksAddonVersion(name as keyof typeof eksAddons, minor));
            }
            expect(String(installed["kube-proxy"])).to.match(new RegExp(`^v${minor.replace(".", "\\.")}\\.`));
        });
    }

    it("npm run compat lists each add-on's version per Kubernetes version, and EKS's default where none is verified", () => {
        const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), "tools/compat.ts", "--kubernetes", "1.35"], { cwd: root, encoding: "utf8" });
        const [, section = ""] = r.stdout.split("\nEKS add-on ");
        const line = (addon: string) => section.split("\n").find((l) => l.startsWith(`${addon} `)) ?? "";
        for (const row of eksAddonMatrix(["1.35"])) {
            expect(line(row.addon), row.addon).to.contain(row.versions["1.35"] ?? "EKS default (unverified)");
        }
    });
});
