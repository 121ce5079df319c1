import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { charts, eksAddons } from "../../modules/addons/versions";
import { ciStacks, managedStacks, matrixOutputs } from "../../modules/delivery/stacks";

const root = path.join(__dirname, "..", "..");

interface CustomManager {
    customType: string;
    managerFilePatterns: string[];
    matchStrings: string[];
    datasourceTemplate?: string;
    depNameTemplate?: string;
    versioningTemplate?: string;
    depTypeTemplate?: string;
}
interface PackageRule {
    matchManagers?: string[];
    matchFileNames?: string[];
    matchUpdateTypes?: string[];
    groupName?: string;
    groupSlug?: string;
    matchDepNames?: string[];
    matchDatasources?: string[];
    automerge?: boolean;
    automergeType?: string;
}
const renovate = JSON.parse(fs.readFileSync(path.join(root, "renovate.json"), "utf8")) as {
    customManagers: CustomManager[];
    packageRules: PackageRule[];
    extends: string[];
};

/** Renovate's `/regex/` file patterns, as JavaScript regexes. */
function filePattern(p: string): RegExp {
    const m = /^\/(.*)\/$/.exec(p);
    if (!m) {
        throw new Error(`${p}: expected a /regex/ pattern`);
    }
    return new RegExp(m[1]);
}

/** What a regex custom manager extracts from a file (Renovate's named groups; JS and RE2 agree on these patterns). */
function extract(manager: CustomManager, text: string): Record<string, string>[] {
    return manager.matchStrings.flatMap((s) => [...text.matchAll(new RegExp(s, "g"))].map((m) => ({ ...m.groups })));
}

function managerFor(file: string): CustomManager[] {
    return renovate.customManagers.filter((m) => m.managerFilePatterns.some((p) => filePattern(p).test(file)));
}

describe("Renovate", () => {
    const versionsFile = "modules/addons/versions.ts";
    const versionsText = fs.readFileSync(path.join(root, versionsFile), "utf8");
    /** The managers of the charts in the versions file (the EKS add-on manager has its own datasource). */
    const chartManagers = () => managerFor(versionsFile).filter((m) => m.datasourceTemplate !== "aws-eks-addon");

    it("finds every pinned chart in the versions file with its name, repository, version and add-on", () => {
        const deps = chartManagers().flatMap((m) => extract(m, versionsText));
        expect(
            deps.map((d) => d.depType),
            "one dependency per entry, keyed by the add-on's chart key",
        ).to.deep.equal(Object.keys(charts));
        for (const d of deps) {
            const c = charts[d.depType as keyof typeof charts];
            expect(d.currentValue, d.depType).to.equal(c.version);
            if (c.repository.startsWith("oci://")) {
                // OCI charts are looked up as images: depName is the registry path of the chart.
                const ociPath = c.repository.slice("oci://".length);
                expect(d.datasource, d.depType).to.equal("docker");
                expect(ociPath.endsWith(d.depName), `${d.depType}: ${d.depName} names ${ociPath}`).to.equal(true);
                if (d.registryUrl) {
                    expect(new URL(d.registryUrl).host, d.depType).to.equal(ociPath.split("/")[0]);
                }
            } else {
                expect(d.datasource, d.depType).to.equal("helm");
                expect(d.depName, d.depType).to.equal(c.chart);
                expect(d.registryUrl, d.depType).to.equal(c.repository);
            }
        }
    });

    it("an entry whose renovate line was forgotten is noticed (the count no longer matches)", () => {
        const broken = versionsText.replace(/^\s*\/\/ renovate: .*depName=cert-manager.*$/m, "");
        const deps = chartManagers().flatMap((m) => extract(m, broken));
        expect(deps.length).to.equal(Object.keys(charts).length - 1);
    });

    it("groups chart bumps per add-on (by the versions-file key) and gates them on the required checks", () => {
        const rules = renovate.packageRules.filter((r) => r.matchFileNames?.includes("modules/addons/**"));
        const grouping = rules.find((r) => r.groupName !== undefined);
        expect(grouping?.groupName).to.equal("add-on {{depType}}");
        expect(grouping?.groupSlug).to.equal("addon-{{depType}}");
        const auto = rules.find((r) => r.automerge === true);
        expect(auto?.matchUpdateTypes).to.deep.equal(["patch", "minor"]);
        expect(auto?.automergeType, "automerge through a PR, so required checks (the offline plan) must pass").to.equal("pr");
        const major = rules.find((r) => r.matchUpdateTypes?.includes("major"));
        expect(major?.automerge).to.equal(false);
    });

    it("Pinniped bumps never merge themselves: its CRDs (install-only, in the chart's crds/ folder) are applied by hand", () => {
        const [pinniped] = chartManagers()
            .flatMap((m) => extract(m, versionsText))
            .filter((d) => d.depType === "pinniped");
        expect(pinniped, "pinniped's renovate line").to.not.equal(undefined);
        const auto = renovate.packageRules.findIndex((r) => r.automerge === true);
        const stop = renovate.packageRules.findIndex((r) => r.matchDepNames?.includes(pinniped.depName) && r.automerge === false);
        // Renovate applies rules in order: the later rule wins.
        expect(stop, "a rule with automerge false for the chart").to.be.greaterThan(auto);
    });

    it("finds every pinned EKS managed add-on version with its add-on and Kubernetes version, for the aws-eks-addon datasource", () => {
        const [manager, ...others] = managerFor(versionsFile).filter((m) => m.datasourceTemplate === "aws-eks-addon");
        expect(others, "one EKS add-on manager").to.deep.equal([]);
        expect(manager.versioningTemplate).to.equal("aws-eks-addon");
        const found = extract(manager, versionsText).map((d) => {
            // The datasource reads packageName as the minified JSON filter of its readme.
            const filter = JSON.parse(d.packageName) as { kubernetesVersion: string; addonName: string };
            expect(filter.addonName, d.packageName).to.equal(d.depName);
            return `${filter.addonName}@${filter.kubernetesVersion}=${d.currentValue}`;
        });
        const pinned = Object.values(eksAddons).flatMap((pin) =>
            Object.entries(pin.versions as Record<string, string>).map(([minor, version]) => `${pin.addon}@${minor}=${version}`),
        );
        expect(pinned.length, "the table pins some versions").to.be.greaterThan(0);
        expect(found.sort()).to.deep.equal(pinned.sort());
    });

    it("EKS add-on bumps are grouped and never merge themselves (the offline plan cannot tell whether EKS offers a version)", () => {
        const auto = renovate.packageRules.findIndex((r) => r.automerge === true);
        const eks = renovate.packageRules.findIndex((r) => r.matchDatasources?.includes("aws-eks-addon"));
        expect(eks, "a rule for the aws-eks-addon datasource").to.be.greaterThan(auto);
        expect(renovate.packageRules[eks].automerge).to.equal(false);
        expect(renovate.packageRules[eks].groupName).to.be.a("string");
    });

    it("images pinned in an add-on's code are grouped with that add-on's chart", () => {
        const sample =
            'const images = {\n    // renovate: datasource=docker depName=quay.io/jetstack/cert-manager-controller addon=certManager\n    controller: "v1.19.1",\n};\n';
        const deps = managerFor("modules/addons/security/cert-manager.ts").flatMap((m) => extract(m, sample));
        expect(deps).to.deep.equal([
            { datasource: "docker", depName: "quay.io/jetstack/cert-manager-controller", depType: "certManager", currentValue: "v1.19.1" },
        ]);
    });

    it("keeps the Pulumi CLI version file current", () => {
        const [manager] = managerFor(".pulumi.version");
        expect(manager.depNameTemplate).to.equal("pulumi/pulumi");
        const deps = extract(manager, fs.readFileSync(path.join(root, ".pulumi.version"), "utf8"));
        expect(deps).to.have.length(1);
    });

    it("keeps workflow actions pinned to digests", () => {
        expect(renovate.extends).to.include("helpers:pinGitHubActionDigests");
    });
});

describe("CI stack matrix", () => {
    function stacksDir(files: Record<string, string>): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
        for (const [name, text] of Object.entries(files)) {
            fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
        }
        return dir;
    }
    const clusters: Record<string, string> = {
        aws: "    cloud: aws\n    name: x\n    region: eu-west-1\n",
        azure: "    cloud: azure\n    name: x\n    region: westeurope\n",
        gcp: "    cloud: gcp\n    name: x\n    project: acme-test-1\n    region: europe-west1\n",
        existing: "    cloud: existing\n    name: x\n",
    };
    /** A valid stack file: prod clusters are private and name their runner. */
    const stack = (env: string, cloud: string) => {
        const endpoint =
            cloud === "existing"
                ? ""
                : env === "prod"
                  ? "    endpoint: { private: true }\n"
                  : "    endpoint: { private: false, publicAccessCidrs: [198.51.100.0/24] }\n";
        const pipeline = env === "prod" && cloud !== "existing" ? "  platform:pipeline:\n    runner: [self-hosted, linux]\n" : "";
        return `config:\n  platform:environment: ${env}\n  platform:cluster:\n${clusters[cloud]}${endpoint}${pipeline}`;
    };

    it("lists each stack's environment and cloud; only managed-cloud stacks get previews, deploys and drift checks", () => {
        const dir = stacksDir({
            "aws-dev": stack("dev", "aws"),
            "azure-prod": stack("prod", "azure"),
            "gcp-staging": stack("staging", "gcp"),
            local: stack("dev", "existing"),
        });
        const all = ciStacks(dir);
        expect(all.map((s) => s.stack)).to.deep.equal(["aws-dev", "azure-prod", "gcp-staging", "local"]);
        expect(managedStacks(all).map((s) => s.stack)).to.deep.equal(["aws-dev", "azure-prod", "gcp-staging"]);
    });

    it("writes one JSON matrix per environment for $GITHUB_OUTPUT, empty lists as []", () => {
        const dir = stacksDir({ "aws-dev": stack("dev", "aws"), "aws-dev2": stack("dev", "aws"), "azure-prod": stack("prod", "azure") });
        const lines = matrixOutputs(ciStacks(dir)).trim().split("\n");
        const list = (line: string) =>
            (JSON.parse(line.slice(line.indexOf("=") + 1)) as { stack: string; environment: string; cloud: string }[]).map(
                (s) => `${s.stack}/${s.environment}/${s.cloud}`,
            );
        expect(lines.map((l) => l.split("=")[0])).to.deep.equal(["all", "dev", "staging", "prod"]);
        expect(list(lines[0])).to.deep.equal(["aws-dev/dev/aws", "aws-dev2/dev/aws", "azure-prod/prod/azure"]);
        expect(list(lines[1])).to.deep.equal(["aws-dev/dev/aws", "aws-dev2/dev/aws"]);
        expect(lines[2]).to.equal("staging=[]");
        expect(list(lines[3])).to.deep.equal(["azure-prod/prod/azure"]);
        const prod = JSON.parse(lines[3].slice("prod=".length))[0];
        expect(prod).to.include({ deployEnvironment: "azure-prod", previewEnvironment: "azure-prod-preview", privateEndpoint: true });
        expect(prod.runner).to.deep.equal(["self-hosted", "linux"]);
    });

    it("a stack file without a valid environment or cloud is left to the offline plan to report", () => {
        const dir = stacksDir({ odd: "config:\n  platform:environment: qa\n", broken: "config: [\n" });
        expect(ciStacks(dir)).to.deep.equal([]);
    });

    it("covers every deployable stack (stacks/), and no example stack", () => {
        const own = fs.readdirSync(path.join(root, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
        expect(ciStacks().length).to.equal(own.length);
        const examples = fs.readdirSync(path.join(root, "examples", "stacks")).map((f) => f.replace(/^Pulumi\.|\.yaml$/g, ""));
        expect(ciStacks().map((s) => s.stack)).to.not.include.members(examples.slice(0, 1));
    });
});
