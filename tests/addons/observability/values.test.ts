import { expect } from "chai";
import { fluentBitFilters, fluentBitInputs, fluentBitService, fluentBitValues } from "../../../modules/addons/observability/logging/values";
import { kpsValues } from "../../../modules/addons/observability/metrics/values";
import { withPlatformOidc } from "../../../modules/addons/observability/metrics";
import { parseStackConfig, Secret } from "../../../modules/config";
import { localConfig, rawConfig, TestConfig, withAlertReceiver } from "../../harness";
import { planObservabilityOn, releaseValues } from "./on-cloud";

const mirror = "mirror.example.com/platform";

/** Every image reference a values tree sets: `{registry?, repository}` objects and `global.imageRegistry`. */
function imageRefs(values: unknown, path = ""): { path: string; registry?: string; repository: string }[] {
    if (Array.isArray(values)) {
        return values.flatMap((v, i) => imageRefs(v, `${path}[${i}]`));
    }
    if (values === null || typeof values !== "object") {
        return [];
    }
    const o = values as Record<string, unknown>;
    const here =
        typeof o.repository === "string" ? [{ path, registry: typeof o.registry === "string" ? o.registry : undefined, repository: o.repository }] : [];
    return [...here, ...Object.entries(o).flatMap(([k, v]) => imageRefs(v, path ? `${path}.${k}` : k))];
}

function metricsConfig(config: TestConfig) {
    return parseStackConfig(rawConfig(localConfig(config), { secretSections: ["observability"] })).observability.metrics;
}

describe("observability: values", () => {
    it("Fluent Bit tails container logs with CRI/docker multiline, joins stack traces, adds Kubernetes metadata and buffers on the node's disk", () => {
        const service = fluentBitService();
        expect(service).to.match(/storage\.path \/var\/log\/flb-storage\//);
        expect(fluentBitInputs()).to.match(/Name tail[\s\S]*multiline\.parser cri, docker[\s\S]*storage\.type filesystem/);
        const filters = fluentBitFilters("acme", ["go", "java"]);
        expect(filters.indexOf("Name multiline")).to.be.greaterThan(-1).and.lessThan(filters.indexOf("Name kubernetes"));
        expect(filters).to.contain("multiline.parser go, java").and.contain("Merge_Log On").and.contain("Add cluster acme");
        const v = fluentBitValues({
            site: { clusterName: "acme", region: "eu-west-1" },
            image: (r) => r,
            outputs: "",
            env: [],
            multilineParsers: [],
            serviceMonitor: true,
        });
        expect(v.testFramework).to.deep.equal({ enabled: false });
        expect(v.securityContext).to.deep.include({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    });

    it("prod Prometheus runs as an HA pair spread across nodes; managed control planes are not scraped", () => {
        const v = kpsValues({
            config: metricsConfig({ environment: "prod" }),
            tier: "prod",
            managedControlPlane: true,
            clusterName: "acme",
            nodeAgentsNamespace: "monitoring-agents",
            grafanaAdminSecret: false,
        }) as Record<string, Record<string, unknown>>;
        const spec = v.prometheus.prometheusSpec as Record<string, unknown>;
        expect(spec.replicas).to.equal(2);
        expect(spec.podAntiAffinity).to.equal("hard");
        expect(v.prometheus.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
        expect((v.alertmanager.alertmanagerSpec as Record<string, unknown>).replicas).to.equal(3);
        expect(spec.retentionSize, "stops short of filling its 100Gi volume").to.equal("87040MB");
        for (const k of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"]) {
            expect(v[k], k).to.deep.equal({ enabled: false });
        }
        expect(v.grafana).to.not.have.property("admin");
        expect(v.grafana.initChownData).to.deep.equal({ enabled: false });
        expect(v.crds, "the CRDs come from their own prometheus-operator-crds release").to.deep.equal({ enabled: false });
    });

    it("Grafana logs in through the platform's OIDC client when the area sets none; the area's own setting wins", () => {
        const client = { issuerUrl: "https://dex.example.com", clientId: "grafana", clientSecret: new Secret("x"), grafanaUrl: "https://grafana.example.com" };
        const filled = withPlatformOidc(metricsConfig({}), client);
        expect(filled.grafana.url).to.equal("https://grafana.example.com");
        expect(filled.grafana.oidc).to.include({ issuerUrl: "https://dex.example.com", clientId: "grafana" });
        const own = metricsConfig({
            observability: {
                metrics: { grafana: { url: "https://g.example.com", oidc: { issuerUrl: "https://sso.example.com", clientId: "own", clientSecret: "y" } } },
            },
        });
        expect(withPlatformOidc(own, client).grafana.oidc?.clientId).to.equal("own");
        expect(() => withPlatformOidc(metricsConfig({}), { ...client, grafanaUrl: undefined })).to.throw(
            /observability\.metrics\.grafana\.url: required for OIDC login/,
        );
        expect(withPlatformOidc(metricsConfig({}), undefined).grafana.oidc).to.equal(undefined);
        const fromRedirect = withPlatformOidc(metricsConfig({}), {
            ...client,
            grafanaUrl: undefined,
            redirectUri: "https://grafana.acme.io/login/generic_oauth",
        });
        expect(fromRedirect.grafana.url).to.equal("https://grafana.acme.io");
    });

    it("with an air-gap registry every image the area sets comes from the mirror", async function () {
        this.timeout(120000);
        const plan = await planObservabilityOn(
            "aws",
            withAlertReceiver({
                environment: "prod",
                airgap: { imageRegistry: mirror, chartMirror: "oci://mirror.example.com/charts" },
                observability: { logging: { aggregator: "fluentd", backend: { type: "cloudwatch" } } },
            }),
        );
        const names = ["fluent-bit", "fluentd", "kube-prometheus-stack", "thanos", "otel-collector", "jaeger"];
        for (const name of names) {
            const values = releaseValues(plan, name);
            for (const ref of imageRefs(values)) {
                if (ref.registry !== undefined) {
                    expect(ref.registry, `${name}: ${ref.path}.registry`).to.equal(mirror);
                } else {
                    expect(ref.repository.startsWith(`${mirror}/`), `${name}: ${ref.path}.repository ${ref.repository}`).to.equal(true);
                }
            }
        }
        expect((releaseValues(plan, "kube-prometheus-stack").global as Record<string, unknown>).imageRegistry).to.equal(mirror);
        expect((releaseValues(plan, "fluent-bit").image as Record<string, unknown>).repository).to.equal(`${mirror}/fluent/fluent-bit`);
        for (const r of plan.ofType("kubernetes:helm.sh/v3:Release")) {
            expect(String(r.props.chart), String(r.props.name)).to.match(/^oci:\/\/mirror\.example\.com\/charts\//);
        }
    });
});
