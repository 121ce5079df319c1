import { expect } from "chai";
import type { ChartName } from "../../../modules/addons/versions";
import { planRouting } from "../routing";

type Obj = Record<string, unknown>;
const get = (o: unknown, path: string[]): unknown => path.reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

/** The scrape switches of this area's charts (as the observability area's registry states them). */
const switches: Partial<Record<ChartName, [string[], unknown]>> = {
    ingressNginx: [["controller", "metrics", "serviceMonitor", "enabled"], true],
    contour: [["metrics", "serviceMonitor", "enabled"], true],
    externalDns: [["serviceMonitor", "enabled"], true],
    snapshotController: [["controller", "serviceMonitor", "create"], true],
};
const chartOf: Record<string, ChartName> = {
    "ingress-nginx": "ingressNginx",
    contour: "contour",
    "external-dns": "externalDns",
    "snapshot-controller": "snapshotController",
};

describe("storage and routing with the monitoring stack", () => {
    for (const controller of ["nginx", "contour"] as const) {
        it(`with ${controller}: the routing charts (installed after observability) render their ServiceMonitors and wait for the monitoring CRDs`, async () => {
            const plan = await planRouting(
                "aws",
                { ingress: { controller }, dns: { enabled: true, zones: [{ domain: "apps.example.com", id: "Z0123456789ABCDEFGHIJ" }] } },
                { snapshotControllerBuiltIn: false, installCsiDriver: undefined },
                true,
            );
            const crds = plan.release("prometheus-operator-crds");
            // Contour's CRD-only release runs no workloads and exposes no metrics.
            const releases = plan.releases().filter((r) => String(r.props.chart) in chartOf && r.props.name !== "contour-crds");
            expect(releases.map((r) => String(r.props.chart)).sort()).to.deep.equal(
                [controller === "nginx" ? "ingress-nginx" : "contour", "external-dns", "snapshot-controller"].sort(),
            );
            for (const r of releases.filter((x) => x.props.chart !== "snapshot-controller")) {
                const [path, value] = switches[chartOf[String(r.props.chart)]] ?? [[], undefined];
                expect(get(r.props.values, path), `${String(r.props.chart)} scrape switch`).to.equal(value);
                expect(plan.transitiveDependencies(r.urn).has(crds?.urn ?? ""), `${String(r.props.chart)} waits for the CRDs`).to.equal(true);
            }
        });
    }

    it("with envoyGateway: the proxies the controller runs are scraped by a PodMonitor that selects them (the chart has no monitor switch)", async () => {
        const plan = await planRouting(
            "aws",
            { ingress: { controller: "envoyGateway" } },
            { snapshotControllerBuiltIn: false, installCsiDriver: undefined },
            true,
        );
        const monitor = plan.ofType("kubernetes:monitoring.coreos.com/v1:PodMonitor").find((m) => get(m.props, ["metadata", "name"]) === "envoy-gateway");
        expect(monitor, "the envoy-gateway PodMonitor").to.not.equal(undefined);
        const selector = get(monitor?.props, ["spec", "selector", "matchLabels"]) as Record<string, string>;
        const [lb] = plan.ofType("kubernetes:core/v1:Service").filter((s) => get(s.props, ["spec", "type"]) === "LoadBalancer");
        const proxyLabels = get(lb.props, ["spec", "selector"]) as Record<string, string>;
        for (const [k, v] of Object.entries(selector)) {
            expect(proxyLabels[k], k).to.equal(v);
        }
        expect(get(monitor?.props, ["spec", "podMetricsEndpoints"])).to.deep.equal([{ port: "metrics", path: "/stats/prometheus", interval: "30s" }]);
    });

    it("without the monitoring stack no chart renders a ServiceMonitor (its CRD would be missing)", async () => {
        const plan = await planRouting("aws", { dns: { enabled: true, zones: [{ domain: "apps.example.com", id: "Z0123456789ABCDEFGHIJ" }] } });
        for (const r of plan.releases()) {
            const [path] = switches[chartOf[String(r.props.chart)]] ?? [[]];
            expect(get(r.props.values, path), String(r.props.chart)).to.not.equal(true);
        }
    });
});
