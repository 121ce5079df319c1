/**
 * The air-gap mapping needs only a table entry: a chart installed through HelmAddon with values that
 * name no image at all still pulls every image it deploys through `airgap.imageRegistry`, components a
 * stack switches on included, and a stack's own image choice keeps its path.
 */
import { expect } from "chai";
import { AddonContext } from "../../modules/addons/context";
import { HelmAddon } from "../../modules/addons/helm";
import { ChartName, charts } from "../../modules/addons/versions";
import { createCluster } from "../../modules/cluster";
import { parseStackConfig } from "../../modules/config";
import { buildBom } from "../../modules/delivery/bom";
import { evaluateProgram } from "../../modules/plan";
import { localConfig, rawConfig } from "../harness";

const imageRegistry = "registry.airgap.example/platform";

/** What a chart needs to render at all (the collector chart ships no default image). */
const required: Partial<Record<ChartName, Record<string, unknown>>> = { otelCollector: { image: { repository: "otel/opentelemetry-collector-k8s" } } };

async function installAll(values: Partial<Record<ChartName, Record<string, unknown>>>) {
    const raw = rawConfig(localConfig({ airgap: { imageRegistry, chartMirror: "oci://registry.airgap.example/charts" } }));
    const config = parseStackConfig(raw);
    const run = await evaluateProgram(raw, async () => {
        const cluster = await createCluster(config);
        for (const chart of Object.keys(charts) as ChartName[]) {
            const context = new AddonContext(config, cluster, { id: chart, area: "storage" });
            new HelmAddon(`bare-${chart}`, {
                context,
                settings: { enabled: true, values: values[chart] ?? {} },
                chart,
                namespace: { name: `bare-${chart.toLowerCase()}`, podSecurity: "baseline" },
                values: required[chart] ?? {},
                defaultTimeoutSeconds: 300,
                crds: "none",
                traffic: {},
            });
        }
        return {};
    });
    return buildBom("bare", config, run.resources);
}

describe("the air-gap mapping from the chart image tables", () => {
    it("sends every image of every pinned chart through the image registry when the add-on names none", async () => {
        const bom = await installAll({});
        expect(bom.charts.map((c) => c.key).sort()).to.deep.equal((Object.keys(charts) as ChartName[]).sort());
        expect(bom.images.length).to.be.greaterThan(20);
        expect(bom.images.filter((i) => i.deployed.registry !== imageRegistry).map((i) => `${i.key}/${i.image}: ${i.deployed.reference}`)).to.deep.equal([]);
    });

    it("maps components a stack switches on and images it chooses itself", async () => {
        const bom = await installAll({
            kubePrometheusStack: {
                grafana: { imageRenderer: { enabled: true }, persistence: { enabled: true } },
                thanosRuler: { enabled: true },
                prometheusOperator: { admissionWebhooks: { deployment: { enabled: true } } },
            },
            ingressNginx: { defaultBackend: { enabled: true } },
            falco: { falcosidekick: { enabled: true, webui: { enabled: true } }, driver: { kind: "kmod" } },
            vault: { csi: { enabled: true } },
            pinniped: { image: { repository: "bitnamilegacy/pinniped" } },
            thanos: { rule: { enabled: true } },
            fluentBit: { hotReload: { enabled: true } },
        });
        const names = bom.images.map((i) => `${i.key}/${i.image}`);
        expect(names).to.include.members([
            "kubePrometheusStack/grafana-image-renderer",
            "kubePrometheusStack/grafana-init-chown",
            "kubePrometheusStack/thanos-ruler",
            "kubePrometheusStack/admission-webhook",
            "ingressNginx/default-backend",
            "falco/falcosidekick-ui",
            "falco/falcosidekick-ui-redis",
            "falco/driver-loader",
            "vault/csi-provider",
            "thanos/rule-config-reloader",
            "fluentBit/config-reloader",
        ]);
        expect(bom.images.filter((i) => i.deployed.registry !== imageRegistry).map((i) => `${i.key}/${i.image}: ${i.deployed.reference}`)).to.deep.equal([]);
        expect(bom.images.find((i) => i.key === "pinniped")?.deployed.reference).to.equal(`${imageRegistry}/bitnamilegacy/pinniped:0.40.0-debian-12-r2`);
        expect(bom.images.find((i) => i.key === "pinniped")?.upstream.reference).to.equal("docker.io/bitnamilegacy/pinniped:0.40.0-debian-12-r2");
    });
});
