import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { charts } from "../../modules/addons/versions";
import { overridePaths } from "../../modules/config/chart-overrides";
import { machineTypeCloud } from "../../modules/config/sections/placement";
import { cloudRegions } from "../../modules/config/sections/cloud-regions";
import { parseStackConfig } from "../../modules/config";
import { rawConfig } from "../harness";

const root = path.join(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slips-"));

/** Plans a stack file as a user would (`npm run plan -- --config-file`), in a fresh process. */
function plan(name: string, yaml: string) {
    const file = path.join(dir, `Pulumi.${name}.yaml`);
    fs.writeFileSync(file, yaml);
    const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), path.join(root, "tools", "plan.ts"), "--config-file", file], {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
    });
    return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

const existing = "  platform:environment: dev\n  platform:cluster:\n    cloud: existing\n    name: local\n";
const aws = (extra = "", pools = "") =>
    `  platform:environment: dev\n  platform:cluster:\n    cloud: aws\n    name: core\n    region: eu-west-1\n    endpoint: { private: true }\n${extra}${pools}`;

/**
 * Every slip a new team makes in its first stack file: the plan exits 2 and the message names the
 * key path and what is expected instead, with no stack trace.
 */
const slips: { why: string; yaml: string; says: string[] }[] = [
    {
        why: "a misspelt config namespace (platfrom:ingress)",
        yaml: `config:\n${existing}  platfrom:ingress:\n    controller: contour\n`,
        says: ["platfrom:ingress: unknown config namespace 'platfrom' (did you mean 'platform:ingress'?)"],
    },
    {
        why: "a bare key without platform:",
        yaml: `config:\n${existing}  ingress:\n    controller: contour\n`,
        says: ["ingress: config keys need the project's namespace: write 'platform:ingress'"],
    },
    {
        why: "a platform section under another namespace",
        yaml: `config:\n${existing}  acme:storage:\n    enabled: false\n`,
        says: ["acme:storage: unknown config namespace 'acme' (did you mean 'platform:storage'?)"],
    },
    {
        why: "an unknown region for the cloud, with the nearest one",
        yaml: `config:\n${aws().replace("eu-west-1", "eu-west-9")}`,
        says: ["cluster.region: 'eu-west-9' is not an AWS region (did you mean 'eu-west-1'?)", "modules/config/sections/cloud-regions.ts"],
    },
    {
        why: "another cloud's region",
        yaml: `config:\n${aws().replace("eu-west-1", "europe-west1")}`,
        says: ["cluster.region: 'europe-west1' is a Google Cloud region; AWS regions look like eu-west-1"],
    },
    {
        why: "a zone outside the region (EKS)",
        yaml: `config:\n${aws("    network:\n      zones: [eu-west-1a, eu-central-1b, eu-west-1c]\n")}`,
        says: ["cluster.network.zones[1]: zone 'eu-central-1b' is not in region eu-west-1; its zones are named like eu-west-1a"],
    },
    {
        why: "a zone outside the region (GKE)",
        yaml: "config:\n  platform:environment: dev\n  platform:cluster:\n    cloud: gcp\n    name: core\n    project: acme-dev-1\n    region: europe-west1\n    zones: [europe-west1-b, europe-west1-c, us-central1-a]\n    endpoint: { private: true }\n",
        says: ["cluster.zones[2]: zone 'us-central1-a' is not in region europe-west1"],
    },
    {
        why: "an AWS instance type on GKE",
        yaml: "config:\n  platform:environment: dev\n  platform:cluster:\n    cloud: gcp\n    name: core\n    project: acme-dev-1\n    region: europe-west1\n    endpoint: { private: true }\n    nodePools:\n      system: { instanceType: m5.large }\n",
        says: ["cluster.nodePools.system.instanceType: 'm5.large' is an AWS EC2 instance type; a GKE node pool needs a Compute Engine machine type"],
    },
    {
        why: "an Azure VM size on EKS",
        yaml: `config:\n${aws("", "    nodePools:\n      workloads: { instanceType: Standard_D4s_v5 }\n")}`,
        says: ["cluster.nodePools.workloads.instanceType: 'Standard_D4s_v5' is an Azure VM size; an EKS node group needs an EC2 instance type"],
    },
    {
        why: "a Compute Engine machine type on AKS",
        yaml: "config:\n  platform:environment: dev\n  platform:cluster:\n    cloud: azure\n    name: core\n    region: westeurope\n    endpoint: { private: true }\n    nodePools:\n      system: { instanceType: e2-standard-4 }\n",
        says: ["cluster.nodePools.system.instanceType: 'e2-standard-4' is a Google Compute Engine machine type; an AKS node pool needs an Azure VM size"],
    },
    {
        why: "ingress-nginx settings while the controller is Contour",
        yaml: `config:\n${existing}  platform:ingress:\n    controller: contour\n    nginx:\n      annotationsRiskLevel: Low\n`,
        says: ["ingress.nginx: ingress-nginx settings, but ingress.controller is 'contour': remove ingress.nginx, or set ingress.controller: nginx"],
    },
    {
        why: "Dex connectors while the identity provider is Pinniped",
        yaml: `config:\n${existing}  platform:identity:\n    provider: pinniped\n    issuer: https://login.example.com/platform\n    upstream: { issuer: "https://idp.example.com", clientId: platform, clientSecret: { secure: AAABAGNpcGhlcnRleHQ= } }\n    connectors: []\n`,
        says: ["identity.connectors: is a setting of 'provider: dex', but this stack has 'provider: pinniped'"],
    },
    {
        why: "settings of a log back end that is not selected",
        yaml: `config:\n${existing}  platform:observability:\n    logging:\n      backend: { type: loki, host: loki.example.com, indexPrefix: k8s }\n`,
        says: ["observability.logging.backend.indexPrefix: is a setting of 'type: elasticsearch' or 'type: opensearch', but this stack has 'type: loki'"],
    },
    {
        why: "Fluentd settings without the Fluentd aggregator",
        yaml: `config:\n${existing}  platform:observability:\n    logging:\n      fluentd: { replicas: 2 }\n`,
        says: ["observability.logging.fluentd: Fluentd settings, but observability.logging.aggregator is 'none'"],
    },
    {
        why: "a chart version override older than the pinned release",
        yaml: `config:\n${existing}  platform:ingress:\n    nginx:\n      version: 4.14.0\n`,
        says: ["ingress.nginx.version: '4.14.0' is older than the pinned 4.15.1"],
    },
    {
        why: "a chart version override spelt without the chart's leading v",
        yaml: `config:\n${existing}  platform:security:\n    certManager:\n      version: 1.21.2\n`,
        says: [`security.certManager.version: chart cert-manager publishes its versions with a leading 'v': write 'v1.21.2'`],
    },
    {
        why: "a chart version override of another major",
        yaml: `config:\n${existing}  platform:security:\n    falco:\n      version: 10.0.0\n`,
        says: ["security.falco.version: '10.0.0' is another major version than the pinned 9.1.0"],
    },
    {
        why: "Vault replicas outside 1, 3, 5 (every allowed value listed)",
        yaml: `config:\n${existing}  platform:security:\n    vault:\n      replicas: 2\n`,
        says: ["security.vault.replicas: must be one of 1, 3, 5"],
    },
    {
        why: "a version written as a number (YAML reads 1.30 as 1.3)",
        yaml: "config:\n  platform:environment: dev\n  platform:cluster:\n    cloud: existing\n    name: local\n    kubernetesVersion: 1.30\n",
        says: [
            "cluster.kubernetesVersion: must be one of",
            "YAML read it as the number 1.3 (an unquoted 1.30 is the same number",
            'quote it, e.g. kubernetesVersion: "',
        ],
    },
];

describe("every slip in a stack file is caught: exit 2, the key path and what is expected", function () {
    this.timeout(300000);

    for (const slip of slips) {
        it(`${slip.why}`, () => {
            const r = plan(slip.why.replace(/[^a-z0-9]+/gi, "-").slice(0, 40), slip.yaml);
            expect(r.code, r.stderr + r.stdout).to.equal(2);
            for (const text of slip.says) {
                expect(r.stderr).to.include(text);
            }
            expect(r.stderr, "no stack trace").to.not.match(/\n\s+at .+:\d+:\d+/);
        });
    }

    it("the Vault replicas message no longer says 'must be one of 1'", () => {
        const r = plan("vault-4", `config:\n${existing}  platform:security:\n    vault:\n      replicas: 4\n`);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.not.match(/must be one of 1\s*$/m);
    });

    it("other providers' keys (aws:region, kubernetes:..., pulumi:...) stay allowed", () => {
        const r = plan("providers", `config:\n${existing}  aws:region: eu-west-1\n  kubernetes:enableServerSideApply: "true"\n`);
        expect(r.code, r.stderr).to.equal(0);
    });

    it("a newer release of the pinned major is allowed as an override (trying a bump on one stack)", () => {
        const r = plan("newer", `config:\n${existing}  platform:security:\n    falco:\n      version: 9.2.0\n`);
        expect(r.code, r.stderr).to.be.oneOf([0, 1]);
    });
});

describe("the data behind the slips", () => {
    it("each cloud's machine-type grammar recognises its own default and example types, and no other cloud's", () => {
        const own = {
            aws: ["m6i.large", "m6i.xlarge", "c7gn.16xlarge", "m7i-flex.large", "u-6tb1.metal", "t3.micro"],
            azure: ["Standard_D4ds_v5", "Standard_D4s_v5", "Standard_E16-8s_v5", "Standard_NC24ads_A100_v4"],
            gcp: ["e2-standard-4", "n2-standard-8", "n2d-highmem-8", "c3-standard-22-lssd", "a3-highgpu-8g", "e2-micro", "n2-custom-4-16384", "custom-2-7680"],
        };
        for (const [cloud, types] of Object.entries(own)) {
            for (const t of types) {
                expect(machineTypeCloud(t), t).to.equal(cloud);
            }
        }
        expect(machineTypeCloud("large")).to.equal(undefined);
    });

    it("region lists name their source and hold no duplicate, and the example stacks' regions are in them", () => {
        for (const [cloud, data] of Object.entries(cloudRegions)) {
            expect(data.source, cloud).to.match(/^https:\/\//);
            expect(new Set(data.regions).size, `${cloud} duplicates`).to.equal(data.regions.length);
            expect(data.regions, cloud).to.include(data.example);
        }
    });

    it("every add-on's version override maps to a chart in modules/addons/versions.ts, and every add-on in the schema is mapped", () => {
        for (const [p, key] of Object.entries(overridePaths)) {
            expect(charts, p).to.have.property(key);
        }
        // Add-on settings are the objects with Helm `values`: each must be in the override table.
        const config = parseStackConfig(rawConfig({ environment: "prod", cluster: { cloud: "existing", name: "x" } })) as unknown as Record<string, unknown>;
        const addons: string[] = [];
        const walk = (v: unknown, at: string[]) => {
            if (v === null || typeof v !== "object" || Array.isArray(v)) {
                return;
            }
            const o = v as Record<string, unknown>;
            if ("values" in o && "timeoutSeconds" in o === false && typeof o.values === "object") {
                addons.push(at.join("."));
            }
            for (const [k, child] of Object.entries(o)) {
                if (k !== "values") {
                    walk(child, [...at, k]);
                }
            }
        };
        walk(config, []);
        expect(addons.length, "add-ons found").to.be.greaterThan(10);
        expect(addons.filter((a) => !(a in overridePaths))).to.deep.equal([]);
    });
});
