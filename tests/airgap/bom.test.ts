/**
 * `npm run bom`: the bill of materials of aws-prod lists every chart of its plan and, for each, exactly
 * the images its chart's table says those values deploy, each mapped through `airgap.imageRegistry`
 * with path, tag and digest kept; the mirror script copies each; bad arguments exit 2 naming the
 * flag; an unknown stack lists the stacks there are.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { formatImageRef, parseImageRef, valuesView } from "../../modules/addons/image-sources";
import { imageTable } from "../../modules/addons/images";
import { snapshotImages } from "../../modules/addons/security/vault/snapshot";
import { ChartName, charts } from "../../modules/addons/versions";
import type { Bom } from "../../modules/delivery/bom";
import { buildBom, publicReferences } from "../../modules/delivery/bom";
import { parseStackConfig, readStackFile, stackFilePath } from "../../modules/config";
import { planStack } from "../../modules/plan";
import { localConfig, PlanResult, rawConfig } from "../harness";

const root = path.join(__dirname, "..", "..");
const imageRegistry = "registry.airgap.example/platform";
const chartMirror = "oci://registry.airgap.example/charts";

function bom(args: string[]) {
    const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), path.join(root, "tools", "bom.ts"), ...args], {
        cwd: root,
        encoding: "utf8",
        timeout: 180_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the bill of materials (npm run bom)", () => {
    describe("aws-prod mirrored (--image-registry, --chart-mirror), as JSON", () => {
        let list: Bom;
        let code: number | null;
        let plan: PlanResult;

        before(async () => {
            const r = bom(["--stack", "aws-prod", "--format", "json", "--image-registry", imageRegistry, "--chart-mirror", chartMirror]);
            expect(r.stdout, r.stderr).to.match(/^\{/);
            list = JSON.parse(r.stdout) as Bom;
            code = r.code;
            // The plan of the stack the list describes: aws-prod with both air-gap settings.
            const raw = readStackFile(stackFilePath("aws-prod"));
            raw.values["platform:airgap"] = { ...((raw.values["platform:airgap"] as object | undefined) ?? {}), chartMirror, imageRegistry };
            plan = new PlanResult(await planStack(raw));
        });

        it("lists every chart the stack installs, with its pinned version, upstream repository and the mirror it is installed from", () => {
            const releases = plan.releases();
            expect(list.charts.map((c) => `${c.namespace}/${c.release}`).sort()).to.deep.equal(
                releases.map((r) => `${r.props.namespace}/${r.props.name}`).sort(),
            );
            for (const c of list.charts) {
                expect(c.version, c.chart).to.equal(charts[c.key].version);
                expect(c.upstream, c.chart).to.equal(charts[c.key].repository);
                expect(c.source, c.chart).to.equal(`${chartMirror}/${c.chart}`);
                expect(c.imageTable, c.chart).to.equal(true);
            }
            const kps = list.charts.find((c) => c.key === "kubePrometheusStack");
            expect(kps?.subcharts.map((s) => s.name)).to.include.members(["grafana", "kube-state-metrics", "prometheus-node-exporter"]);
        });

        it("lists, for each release, exactly the images its chart's table deploys for the stack's values, init containers, hooks and operands included", () => {
            for (const release of plan.releases()) {
                const key = (Object.keys(charts) as ChartName[]).find((k) => charts[k].chart === String(release.props.chart).split("/").pop()) as ChartName;
                const table = imageTable(key, String(release.props.version));
                expect(table, key).to.not.equal(undefined);
                const expected = (table?.images ?? [])
                    .filter((i) => i.role !== "test" && (!i.when || i.when(valuesView(release.props.values as Record<string, unknown>))))
                    .map((i) => i.name);
                const listed = list.images.filter((i) => i.key && i.release === release.props.name).map((i) => i.image);
                expect(listed.sort(), key).to.deep.equal(expected.sort());
            }
            const roles = new Set(list.images.map((i) => i.role));
            for (const role of ["container", "init-container", "sidecar", "hook", "operand"]) {
                expect(roles, role).to.include(role);
            }
        });

        it("maps every image through airgap.imageRegistry: the upstream image is the chart's default, path, tag and digest kept", () => {
            expect(list.airgap).to.deep.equal({ chartMirror, imageRegistry });
            for (const image of list.images) {
                expect(image.deployed.registry, image.image).to.equal(imageRegistry);
                expect(image.deployed.reference.startsWith(`${imageRegistry}/`), image.image).to.equal(true);
                expect({ ...image.deployed, registry: image.upstream.registry, reference: image.upstream.reference }, image.image).to.deep.equal(
                    image.upstream,
                );
                const table = image.key ? imageTable(image.key, charts[image.key].version)?.images.find((i) => i.name === image.image) : undefined;
                const chartDefault = table?.source.render(valuesView({}));
                if (chartDefault !== undefined) {
                    expect(image.upstream.reference, image.image).to.equal(formatImageRef(parseImageRef(chartDefault)));
                }
            }
            expect(list.images.find((i) => i.key === "envoyGateway" && i.image === "envoy-gateway")?.deployed).to.include({
                registry: imageRegistry,
                repository: "envoyproxy/gateway",
                tag: charts.envoyGateway.version,
            });
            // The proxies the controller launches: the controller's built-in image upstream, the mirror deployed.
            const envoy = list.images.find((i) => i.key === "envoyGateway" && i.image === "envoy");
            expect([envoy?.upstream.reference, envoy?.deployed.reference]).to.deep.equal([
                "docker.io/envoyproxy/envoy:distroless-v1.39.0",
                `${imageRegistry}/envoyproxy/envoy:distroless-v1.39.0`,
            ]);
            // The workloads the program creates itself: the Vault snapshot CronJob's images (snapshotImages), upstream as pinned.
            const program = list.images.filter((i) => i.release === "(program)").map((i) => [i.upstream.reference, i.deployed.reference]);
            expect(program).to.deep.include.members(
                Object.values(snapshotImages).map((i) => [
                    formatImageRef(parseImageRef(`${i.repository}:${i.tag}`)),
                    `${imageRegistry}/${i.repository}:${i.tag}`,
                ]),
            );
        });

        it("writes a mirror script that pulls and pushes each chart and copies each image to where the stack pulls it", () => {
            const script = list.mirrorScript as string;
            for (const c of list.charts) {
                expect(script).to.include(
                    c.upstream.startsWith("oci://")
                        ? `helm pull ${c.upstream} --version ${c.version}`
                        : `helm pull ${c.chart} --repo ${c.upstream} --version ${c.version}`,
                );
                expect(script).to.include(`helm push "$charts/${c.chart}-${c.version}.tgz" ${chartMirror}`);
            }
            for (const i of list.images) {
                const target = i.deployed.tag ? `${i.deployed.registry}/${i.deployed.repository}:${i.deployed.tag}` : i.deployed.reference;
                expect(script).to.include(`crane copy ${i.upstream.reference} ${target}`);
            }
        });

        it("exits 0 with no problem: every image has a table entry and a mirror, no start-up download is left on", () => {
            expect(list.problems).to.deep.equal([]);
            expect(list.downloads).to.deep.equal([]);
            expect(code).to.equal(0);
        });
    });

    it("prints the text list with the upstream and deployed reference of each image, and the stack's mirrors", () => {
        const r = bom(["--stack", "local", "--image-registry", imageRegistry, "--chart-mirror", "https://charts.airgap.example/platform"]);
        expect(r.stdout).to.match(/Bill of materials for stack 'local'/);
        expect(r.stdout).to.match(/registry\.k8s\.io\/ingress-nginx\/controller:v1\.15\.1|ghcr\.io\/projectcontour\/contour:v1\.33\.6/);
        expect(r.stdout).to.include(`${imageRegistry}/`);
        expect(r.stdout).to.include("helm repo index");
        expect(r.stdout).to.include("crane copy ");
    });

    it("without mirrors lists the upstream images and no script", () => {
        const r = bom(["--stack", "aws-prod", "--format", "json"]);
        const list = JSON.parse(r.stdout) as Bom;
        expect(r.code).to.equal(0);
        expect(list.mirrorScript).to.equal(null);
        expect(list.images.every((i) => i.deployed.reference === i.upstream.reference)).to.equal(true);
        expect(list.images.map((i) => i.upstream.registry)).to.include.members(["registry.k8s.io", "quay.io", "docker.io"]);
    });

    for (const [args, says] of [
        [["--stack", "aws-prod", "--format", "yaml"], /^--format: 'yaml' is not text or json/],
        [["--stack", "aws-prod", "--image-registry", "https://registry.example.com"], /^--image-registry: must be a registry host/],
        [["--stack", "aws-prod", "--chart-mirror", "http://charts.example.com"], /^--chart-mirror: /],
        [["--stack", "aws-prod", "--colour"], /--colour/],
        [["--format", "json"], /exactly one of --stack or --config-file/],
    ] as const) {
        it(`exits 2 naming the flag for ${args.join(" ")}`, () => {
            const r = bom([...args]);
            expect(r.code, r.stderr).to.equal(2);
            expect(r.stderr).to.match(says);
            expect(r.stdout).to.equal("");
        });
    }

    it("exits 2 on an unknown stack, listing the stacks there are", () => {
        const r = bom(["--stack", "no-such-stack"]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.include("--stack: no stack 'no-such-stack'");
        expect(r.stderr).to.include("aws-prod").and.to.include("local");
    });
});

describe("the mirror script for an image with no tag before install", () => {
    it("lists the image and leaves its copy line for the operator to complete, rather than copying latest", () => {
        const config = parseStackConfig(rawConfig(localConfig({ airgap: { imageRegistry } })));
        const loki = {
            type: "kubernetes:helm.sh/v3:Release",
            name: "loki",
            inputs: {
                name: "loki",
                namespace: "loki",
                chart: "loki",
                version: charts.loki.version,
                repositoryOpts: { repo: charts.loki.repository },
                values: {
                    global: { imageRegistry },
                    loki: { storage: { type: "filesystem" } },
                    gateway: { enabled: false },
                    lokiCanary: { enabled: false },
                    test: { enabled: false },
                    memcached: { enabled: false },
                    sidecar: { rules: { enabled: false } },
                    singleBinary: { statefulSetRecreateJob: { enabled: true } },
                },
            },
        };
        const list = buildBom("t", config, [loki]);
        expect(list.images.map((i) => `${i.image} ${i.deployed.reference}`)).to.deep.equal([
            `single-binary ${imageRegistry}/grafana/loki:3.7.6`,
            `statefulset-recreate ${imageRegistry}/kubectl`,
        ]);
        expect(list.problems).to.deep.equal([]);
        const script = list.mirrorScript as string;
        expect(script).to.include(`crane copy docker.io/grafana/loki:3.7.6 ${imageRegistry}/grafana/loki:3.7.6`);
        expect(script).to.not.match(/^crane copy registry\.k8s\.io\/kubectl /m);
        expect(script).to.include(`# crane copy 'registry.k8s.io/kubectl:<tag>' '${imageRegistry}/kubectl:<tag>'`);
    });
});

describe("the bill of materials of workloads the program creates itself", () => {
    const config = parseStackConfig(rawConfig(localConfig({ airgap: { imageRegistry } })));
    const cronJob = (image: string, initImage: string) => ({
        type: "kubernetes:batch/v1:CronJob",
        name: "vault-snapshot",
        inputs: {
            metadata: { name: "vault-snapshot", namespace: "vault" },
            spec: {
                jobTemplate: {
                    spec: { template: { spec: { initContainers: [{ name: "snapshot", image: initImage }], containers: [{ name: "upload", image }] } } },
                },
            },
        },
    });

    it("lists their containers and init containers, with the upstream image from the plan without air gap", () => {
        const bom = buildBom(
            "t",
            config,
            [cronJob(`${imageRegistry}/rclone/rclone:1.70.3`, `${imageRegistry}/hashicorp/vault:2.0.4`)],
            [cronJob("rclone/rclone:1.70.3", "quay.io/example/vault:2.0.4")],
        );
        expect(bom.images.map((i) => [i.image, i.role, i.upstream.reference, i.deployed.reference])).to.deep.equal([
            ["CronJob/vault/vault-snapshot:snapshot", "init-container", "quay.io/example/vault:2.0.4", `${imageRegistry}/hashicorp/vault:2.0.4`],
            ["CronJob/vault/vault-snapshot:upload", "job", "docker.io/rclone/rclone:1.70.3", `${imageRegistry}/rclone/rclone:1.70.3`],
        ]);
        expect(bom.problems).to.deep.equal([]);
        expect(bom.mirrorScript).to.include(`crane copy quay.io/example/vault:2.0.4 ${imageRegistry}/hashicorp/vault:2.0.4`);
    });

    it("names an image that does not go through the registry", () => {
        const bom = buildBom("t", config, [cronJob("rclone/rclone:1.70.3", `${imageRegistry}/hashicorp/vault:2.0.4`)]);
        expect(bom.problems).to.have.length(1);
        expect(bom.problems[0]).to.include("CronJob/vault/vault-snapshot:upload").and.to.include("docker.io");
    });
});

describe("public hosts in release values", () => {
    it("finds image references and download URLs on public hosts, wherever they sit", () => {
        const found = publicReferences({
            image: { repository: "quay.io/jetstack/cert-manager-controller" },
            plugins: ["grafana-clock-panel@1.0.0@https://grafana.com/api/plugins/grafana-clock-panel/versions/1.0.0/download"],
            dashboards: { default: { node: { url: "https://raw.githubusercontent.com/example/dash.json" } } },
            args: ["--image=registry.k8s.io/pause:3.10", "x=ghcr.io/org/tool:1"],
            sub: { registry: "docker.io" },
            rbac: "us-docker.pkg.dev/fairwinds-ops/oss/rbac-manager",
        });
        expect(found.map((f) => `${f.path} ${f.host}`)).to.deep.equal([
            "image.repository quay.io",
            "plugins[0] grafana.com",
            "dashboards.default.node.url raw.githubusercontent.com",
            "args[0] registry.k8s.io",
            "args[1] ghcr.io",
            "sub.registry docker.io",
            "rbac us-docker.pkg.dev",
        ]);
    });

    it("leaves the stack's own mirrors, in-cluster services and the organization's own hosts alone", () => {
        const found = publicReferences(
            {
                image: { repository: "ghcr.io/acme/mirror/jetstack/cert-manager-controller" },
                grafana: { url: "http://kps-alertmanager.monitoring.svc:9093", issuer: "https://dex.acme.example.com" },
                chart: "oci://ghcr.io/acme/charts/falco",
                note: "docker.iox is not docker.io",
            },
            ["ghcr.io/acme/mirror", "oci://ghcr.io/acme/charts"],
        );
        expect(found.map((f) => `${f.path} ${f.host}`)).to.deep.equal(["note docker.io"]);
    });
});
