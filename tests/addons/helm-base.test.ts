import { expect } from "chai";
import { AddonContext, chartSource, mirrorImage } from "../../modules/addons/context";
import { HelmAddon, identityValues, releaseType } from "../../modules/addons/helm";
import { podSecurityLabels } from "../../modules/addons/namespace";
import { deepMerge } from "../../modules/addons/values";
import { charts, podSecurityVersion } from "../../modules/addons/versions";
import { createCluster } from "../../modules/cluster";
import { parseStackConfig } from "../../modules/config";
import { evaluateProgram } from "../../modules/plan";
import { clusterSection, fakeCluster, FakeCluster, principalFor } from "../fakes/cluster";
import { localConfig, rawConfig, TestConfig } from "../harness";

describe("the Helm add-on base", () => {
    describe("air-gap image mapping", () => {
        it("replaces the upstream registry host and keeps the repository path", () => {
            expect(mirrorImage("registry.k8s.io/ingress-nginx/controller", "mirror.corp/k8s")).to.equal("mirror.corp/k8s/ingress-nginx/controller");
            expect(mirrorImage("quay.io/jetstack/cert-manager-controller", "mirror.corp")).to.equal("mirror.corp/jetstack/cert-manager-controller");
        });
        it("maps Docker Hub short names too", () => {
            expect(mirrorImage("falcosecurity/falco", "mirror.corp")).to.equal("mirror.corp/falcosecurity/falco");
            expect(mirrorImage("busybox", "mirror.corp")).to.equal("mirror.corp/library/busybox");
        });
        it("leaves images alone when no mirror is set", () => {
            expect(mirrorImage("registry.k8s.io/pause", undefined)).to.equal("registry.k8s.io/pause");
        });
    });

    describe("chart sources", () => {
        it("uses the pinned version and upstream repository by default", () => {
            const s = chartSource("certManager", undefined);
            expect(s).to.deep.equal({ chart: "cert-manager", version: charts.certManager.version, repositoryOpts: { repo: charts.certManager.repository } });
        });
        it("serves every chart from an https mirror when one is set", () => {
            expect(chartSource("vault", "https://charts.corp/platform").repositoryOpts).to.deep.equal({ repo: "https://charts.corp/platform" });
        });
        it("resolves charts under an oci:// mirror by name", () => {
            const s = chartSource("gatekeeper", "oci://registry.corp/charts/");
            expect(s.chart).to.equal("oci://registry.corp/charts/gatekeeper");
            expect(s.repositoryOpts).to.equal(undefined);
        });
        it("honours an exact version override", () => {
            expect(chartSource("falco", undefined, "9.9.9").version).to.equal("9.9.9");
        });
    });

    describe("values", () => {
        it("user values are deep-merged last: objects merge, arrays and scalars are replaced", () => {
            const merged = deepMerge({ a: { b: 1, c: [1, 2] }, d: "x" }, { a: { c: [3] }, d: "y", e: true });
            expect(merged).to.deep.equal({ a: { b: 1, c: [3] }, d: "y", e: true });
        });
    });

    it("every chart is pinned to an exact version from https or oci, with an upstream link and a Kubernetes range", () => {
        for (const [name, c] of Object.entries(charts)) {
            expect(c.version, name).to.match(/^v?\d+\.\d+\.\d+$/);
            expect(c.repository, name).to.match(/^(https|oci):\/\//);
            expect(c.source, name).to.match(/^https:\/\//);
            expect(c.kubernetes.min, name).to.match(/^1\.\d+$/);
        }
    });

    it("namespaces carry PSA enforce, audit and warn labels at a pinned version", () => {
        const labels = podSecurityLabels("restricted");
        for (const mode of ["enforce", "audit", "warn"]) {
            expect(labels[`pod-security.kubernetes.io/${mode}`]).to.equal("restricted");
            expect(labels[`pod-security.kubernetes.io/${mode}-version`]).to.equal(podSecurityVersion);
        }
    });

    describe("an add-on installed through the base", () => {
        const config: TestConfig = localConfig({ airgap: { chartMirror: "oci://registry.corp/charts", imageRegistry: "registry.corp/mirror" } });

        async function planExample() {
            const raw = rawConfig(config);
            return evaluateProgram(raw, async () => {
                const platformConfig = parseStackConfig(raw);
                const cluster = await createCluster(platformConfig);
                const ctx = new AddonContext(platformConfig, cluster, { id: "example", area: "security" });
                new HelmAddon("example", {
                    context: ctx,
                    settings: { enabled: true, values: { replicaCount: 5, image: { tag: "pinned" } } },
                    chart: "certManager",
                    namespace: { name: "example-system", podSecurity: "restricted" },
                    values: { replicaCount: 2, image: { repository: ctx.image("quay.io/jetstack/cert-manager-controller"), tag: "v1" } },
                    defaultTimeoutSeconds: 600,
                    crds: "templates",
                    traffic: {},
                });
                return {};
            });
        }

        it("creates a PSA-labelled namespace and an atomic release with cleanup on failure and a timeout", async () => {
            const run = await planExample();
            const ns = run.resources.find((r) => r.type === "kubernetes:core/v1:Namespace");
            const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
            expect(ns?.props.metadata).to.deep.include({ name: "example-system" });
            expect((ns?.props.metadata as { labels: Record<string, string> }).labels["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
            expect(release?.props).to.include({ atomic: true, cleanupOnFail: true, timeout: 600, createNamespace: false });
            expect(release?.dependencies, "the release waits for its namespace").to.include(ns?.urn);
        });

        it("pulls the chart and images through the air-gap mirrors, and merges user values last", async () => {
            const run = await planExample();
            const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
            expect(release?.props.chart).to.equal("oci://registry.corp/charts/cert-manager");
            // Installed without the monitoring CRDs: the chart's scrape switches are set off under the add-on's values.
            // The chart's image table (modules/addons/images/) adds the registry of the images the add-on left to the chart.
            expect(release?.props.values).to.deep.equal({
                replicaCount: 5,
                image: { repository: "registry.corp/mirror/jetstack/cert-manager-controller", tag: "pinned" },
                prometheus: { enabled: false, servicemonitor: { enabled: false } },
                imageRegistry: "registry.corp/mirror",
            });
        });

        it("uses the cluster's Kubernetes provider", async () => {
            const run = await planExample();
            const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
            expect(release?.provider).to.match(/pulumi:providers:kubernetes::test-k8s::/);
        });
    });

    describe("workload identity is part of the release", () => {
        async function planWithIdentity() {
            const raw = rawConfig({ environment: "dev", cluster: clusterSection("azure") });
            let fake: FakeCluster | undefined;
            const run = await evaluateProgram(raw, async () => {
                fake = fakeCluster("azure");
                const ctx = new AddonContext(parseStackConfig(raw), fake.handle, { id: "example", area: "security" });
                new HelmAddon("example", {
                    context: ctx,
                    settings: { enabled: true, values: {} },
                    chart: "externalDns",
                    namespace: { name: "example-system", podSecurity: "restricted" },
                    values: { serviceAccount: { create: true, name: "writer", annotations: {} }, podLabels: {} },
                    defaultTimeoutSeconds: 300,
                    crds: "none",
                    traffic: {},
                    identities: [
                        { name: "writer", serviceAccount: "writer", permissions: {}, annotationsAt: "serviceAccount.annotations", podLabelsAt: "podLabels" },
                    ],
                });
                return {};
            });
            return { run, requests: fake?.binder.requests ?? [] };
        }

        it("a declared identity is bound for exactly the chart's service account in the release's namespace", async () => {
            const { requests } = await planWithIdentity();
            expect(requests.map((r) => `${r.name}:${r.namespace}/${r.serviceAccount}`)).to.deep.equal(["writer:example-system/writer"]);
        });

        it("its annotations and pod labels land at the values paths the chart reads, and the release waits for the identity", async () => {
            const { run } = await planWithIdentity();
            const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
            const role = run.resources.find((r) => r.type === "platform-test:identity:Role");
            const values = release?.props.values as { serviceAccount: { annotations: Record<string, string> }; podLabels: Record<string, string> };
            expect(values.serviceAccount.annotations).to.deep.equal({ "azure.workload.identity/client-id": principalFor("azure", "writer") });
            expect(values.podLabels).to.deep.equal({ "azure.workload.identity/use": "true" });
            expect(release?.dependencies).to.include(role?.urn);
        });

        it("no pod-labels key is written when the binder gives none", () => {
            const bound = { serviceAccountAnnotations: {} as never, podLabels: {}, resources: [] };
            const request = { name: "x", serviceAccount: "x", permissions: {}, annotationsAt: "a.b", podLabelsAt: "labels" };
            expect(Object.keys(identityValues([request], [bound]))).to.deep.equal(["a"]);
        });
    });

    it("every release component is typed platform:<area>:<Chart>Release, one scheme for every chart", () => {
        expect(releaseType("security", "certManager")).to.equal("platform:security:CertManagerRelease");
        expect(releaseType("observability", "kubePrometheusStack")).to.equal("platform:observability:KubePrometheusStackRelease");
    });
});

describe("release components renamed to one type scheme keep their earlier identity", () => {
    it("every release component whose type changed carries its old type as an alias, so pulumi up adopts it (and its children) instead of replacing", async () => {
        const { planShippedStack } = await import("../harness");
        const plan = await planShippedStack("aws-prod");
        const component = (chart: string) => {
            const release = plan.releases(chart)[0];
            return plan.byUrn(release.parent);
        };
        const vault = component("vault");
        expect(vault?.type).to.equal("platform:security:VaultRelease");
        expect(
            vault?.aliasUrns?.some((u) => u.includes("$platform:security:Chart::vault-chart")),
            "the old platform:security:Chart URN",
        ).to.equal(true);
        const release = plan.releases("vault")[0];
        expect(
            release.aliasUrns?.some((u) => u.includes("platform:security:Chart$kubernetes:helm.sh/v3:Release::vault-chart-release")),
            "the release inherits its parent's alias",
        ).to.equal(true);
        const kps = component("kube-prometheus-stack");
        expect(kps?.aliasUrns?.some((u) => u.includes("platform:observability:KubePrometheusStack::"))).to.equal(true);
    });
});
