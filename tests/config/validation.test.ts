import { expect } from "chai";
import { ConfigError, parseStackConfig, parseStackText } from "../../modules/config";
import { rawConfig, TestConfig, rejectionOf } from "../harness";

const aws = (cluster: Record<string, unknown> = {}) => ({ cloud: "aws", name: "core", region: "eu-west-1", endpoint: { private: true }, ...cluster });

describe("stack configuration is validated once, naming every bad key path", () => {
    const bad: { why: string; config: TestConfig; path: string; says?: RegExp }[] = [
        {
            why: "unknown top-level key, with a suggestion",
            config: { environment: "dev", clustr: {}, cluster: aws() },
            path: "clustr",
            says: /did you mean 'cluster'/,
        },
        {
            why: "unknown nested key, with a suggestion",
            config: { environment: "dev", cluster: aws({ regoin: "x" }) },
            path: "cluster.regoin",
            says: /did you mean 'region'/,
        },
        { why: "unknown environment tier", config: { environment: "production", cluster: aws() }, path: "environment", says: /dev.*staging.*prod/ },
        { why: "missing environment", config: { cluster: aws() }, path: "environment", says: /required/ },
        {
            why: "unknown cloud",
            config: { environment: "dev", cluster: { cloud: "ibm", name: "x" } },
            path: "cluster.cloud",
            says: /existing, aws, azure, gcp/,
        },
        {
            why: "wrong type for a boolean",
            config: { environment: "dev", cluster: aws(), storage: { enabled: "yes" } },
            path: "storage.enabled",
            says: /boolean/,
        },
        {
            why: "wrong type for a number",
            config: { environment: "dev", cluster: aws({ nodePools: { system: { autoscaling: { min: "one", max: 3 } } } }) },
            path: "cluster.nodePools.system.autoscaling.min",
            says: /number/,
        },
        {
            why: "min greater than max",
            config: { environment: "dev", cluster: aws({ nodePools: { workloads: { autoscaling: { min: 9, max: 3 } } } }) },
            path: "cluster.nodePools.workloads.autoscaling.min",
            says: /greater than max/,
        },
        { why: "malformed CIDR", config: { environment: "dev", cluster: aws({ network: { cidr: "10.0.0/16" } }) }, path: "cluster.network.cidr", says: /CIDR/ },
        {
            why: "CIDR with host bits",
            config: { environment: "dev", cluster: aws({ network: { cidr: "10.0.0.1/16" } }) },
            path: "cluster.network.cidr",
            says: /host bits/,
        },
        {
            why: "public endpoint open to the internet",
            config: { environment: "dev", cluster: aws({ endpoint: { private: false, publicAccessCidrs: ["0.0.0.0/0"] } }) },
            path: "cluster.endpoint.publicAccessCidrs[0]",
            says: /whole internet/,
        },
        {
            why: "public endpoint with no allowed CIDR",
            config: { environment: "dev", cluster: aws({ endpoint: { private: false } }) },
            path: "cluster.endpoint.publicAccessCidrs",
            says: /at least one/,
        },
        { why: "cluster name not a DNS label", config: { environment: "dev", cluster: aws({ name: "Core_Cluster" }) }, path: "cluster.name", says: /DNS-1123/ },
        { why: "cluster name too long", config: { environment: "dev", cluster: aws({ name: "a".repeat(41) }) }, path: "cluster.name", says: /at most 40/ },
        { why: "missing region", config: { environment: "dev", cluster: { cloud: "aws", name: "core" } }, path: "cluster.region", says: /required/ },
        {
            why: "unsupported Kubernetes version",
            config: { environment: "dev", cluster: aws({ kubernetesVersion: "1.20" }) },
            path: "cluster.kubernetesVersion",
            says: /one of/,
        },
        {
            why: "chart mirror over plain http",
            config: { environment: "dev", cluster: aws(), airgap: { chartMirror: "http://charts.internal" } },
            path: "airgap.chartMirror",
            says: /https:\/\/ or oci:\/\//,
        },
        {
            why: "image registry with a scheme",
            config: { environment: "dev", cluster: aws(), airgap: { imageRegistry: "https://registry.internal" } },
            path: "airgap.imageRegistry",
            says: /no scheme/,
        },
        {
            why: "bad GCP project id",
            config: { environment: "dev", cluster: { cloud: "gcp", name: "core", region: "europe-west1", project: "X", endpoint: { private: true } } },
            path: "cluster.project",
            says: /project id/,
        },
        { why: "bad tenant name", config: { environment: "dev", cluster: aws(), tenants: [{ name: "Team A" }] }, path: "tenants[0].name", says: /DNS-1123/ },
    ];

    for (const c of bad) {
        it(`rejects ${c.why}, naming ${c.path}`, () => {
            const issues = rejectionOf(c.config);
            const match = issues.filter((i) => i.startsWith(`${c.path}: `));
            expect(match, `issues were:\n${issues.join("\n")}`).to.have.length.greaterThan(0);
            if (c.says) {
                expect(match.join("\n")).to.match(c.says);
            }
        });
    }

    it("reports every problem at once, not just the first", () => {
        const issues = rejectionOf({ environment: "dev", clustr: {}, cluster: aws({ name: "Bad_Name", network: { cidr: "300.0.0.0/8" } }) });
        expect(issues.map((i) => i.split(":")[0])).to.include.members(["clustr", "cluster.name", "cluster.network.cidr"]);
    });

    it("a config error message is a list of key paths, with no stack trace", () => {
        try {
            parseStackConfig(rawConfig({ environment: "dev", cluster: aws({ name: "Bad_Name" }) }));
            expect.fail("should be rejected");
        } catch (e) {
            const message = (e as Error).message;
            expect(message).to.match(/^invalid stack configuration/);
            expect(message).to.contain("cluster.name: ");
            expect(message).not.to.match(/\n\s+at /);
        }
    });

    it("rejects a stack file with a typo'd top-level key", () => {
        expect(() => parseStackText("conifg:\n  platform:environment: dev\n", "x")).to.throw(ConfigError, /did you mean 'config'/);
    });

    it("rejects a stack file that is not valid YAML, naming the line", () => {
        expect(() => parseStackText("config:\n  platform:environment: [dev\n", "x")).to.throw(ConfigError, /line/);
    });

    it("ignores other providers' keys (aws:region, kubernetes:...)", () => {
        const config = parseStackConfig(rawConfig({ environment: "dev", cluster: aws(), "aws:region": "eu-west-1" }));
        expect(config.cluster.cloud).to.equal("aws");
    });
});

describe("tier defaults", () => {
    it("prod clusters default to a private endpoint and HA node pools", () => {
        const config = parseStackConfig(rawConfig({ environment: "prod", cluster: { cloud: "aws", name: "core", region: "eu-west-1" } }));
        if (config.cluster.cloud !== "aws") {
            throw new Error("expected aws");
        }
        expect(config.cluster.endpoint.private).to.equal(true);
        expect(config.cluster.nodePools.system.autoscaling.min).to.be.at.least(3);
    });

    it("dev clusters with a public endpoint must name the networks allowed to reach it", () => {
        const config = parseStackConfig(
            rawConfig({ environment: "dev", cluster: aws({ endpoint: { private: false, publicAccessCidrs: ["203.0.113.0/24"] } }) }),
        );
        expect(config.cluster.cloud === "aws" && config.cluster.endpoint.publicAccessCidrs).to.deep.equal(["203.0.113.0/24"]);
    });

    it("a user's value wins over the tier default", () => {
        const config = parseStackConfig(
            rawConfig({
                environment: "prod",
                cluster: { cloud: "aws", name: "core", region: "eu-west-1", nodePools: { system: { autoscaling: { min: 2, max: 4 } } } },
            }),
        );
        expect(config.cluster.cloud === "aws" && config.cluster.nodePools.system.autoscaling).to.deep.equal({ min: 2, max: 4 });
    });
});
