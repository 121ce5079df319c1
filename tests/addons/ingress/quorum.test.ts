/**
 * The ingress data plane survives a zone outage and a node drain: in prod its replicas spread across
 * zones and nodes and wait rather than pile up (DoNotSchedule); elsewhere the spread is best effort.
 * Every pod the ingress charts run carries the platform PriorityClass, at the values paths the
 * charts' templates read, and the releases wait for the class.
 */
import { expect } from "chai";
import { platformPriorityClass } from "../../../modules/addons/priority";
import { spreadConstraints, spreadPolicy } from "../../../modules/addons/ingress";
import { localConfig, planConfig, PlanResult, withAlertReceiver } from "../../harness";
import { planRouting } from "../routing";

type Obj = Record<string, unknown>;
const get = (o: unknown, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

function releaseNamed(plan: PlanResult, name: string) {
    const found = plan.releases().find((r) => r.props.name === name);
    if (!found) {
        throw new Error(`no release named ${name}`);
    }
    return found;
}

/** The data plane's topology spread constraints, wherever each controller keeps them. */
function dataPlaneSpread(plan: PlanResult, controller: "nginx" | "envoyGateway" | "contour"): Obj[] {
    if (controller === "nginx") {
        return get(releaseNamed(plan, "ingress-nginx").props.values, "controller.topologySpreadConstraints") as Obj[];
    }
    if (controller === "contour") {
        return get(releaseNamed(plan, "contour").props.values, "envoy.topologySpreadConstraints") as Obj[];
    }
    const [proxy] = plan.ofType("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy");
    return get(proxy.props, "spec.provider.kubernetes.envoyDeployment.pod.topologySpreadConstraints") as Obj[];
}

const modes = (constraints: Obj[]) => Object.fromEntries(constraints.map((c) => [c.topologyKey, c.whenUnsatisfiable]));

describe("ingress quorum: spread across zones and nodes, above tenant workloads", () => {
    for (const controller of ["nginx", "envoyGateway", "contour"] as const) {
        it(`${controller}: in prod the data plane spreads across zones and nodes and never piles up (DoNotSchedule)`, async () => {
            const plan = await planRouting("aws", withAlertReceiver({ environment: "prod", ingress: { controller } }));
            const spread = dataPlaneSpread(plan, controller);
            expect(modes(spread)).to.deep.equal({ "topology.kubernetes.io/zone": "DoNotSchedule", "kubernetes.io/hostname": "DoNotSchedule" });
            for (const c of spread) {
                expect(c.maxSkew).to.equal(1);
                expect(Object.keys(get(c, "labelSelector.matchLabels") as Obj).length, "selects the data plane's pods").to.be.greaterThan(0);
            }
        });

        it(`${controller}: in staging the spread is best effort (ScheduleAnyway)`, async () => {
            const plan = await planRouting("azure", { environment: "staging", ingress: { controller } });
            expect(modes(dataPlaneSpread(plan, controller))).to.deep.equal({
                "topology.kubernetes.io/zone": "ScheduleAnyway",
                "kubernetes.io/hostname": "ScheduleAnyway",
            });
        });
    }

    it("the spread selects exactly the data plane's pods (the load balancer's selector)", async () => {
        for (const controller of ["nginx", "envoyGateway", "contour"] as const) {
            const plan = await planRouting("gcp", withAlertReceiver({ environment: "prod", ingress: { controller } }));
            const [lb] = plan.ofType("kubernetes:core/v1:Service").filter((s) => get(s.props, "spec.type") === "LoadBalancer");
            for (const c of dataPlaneSpread(plan, controller)) {
                expect(get(c, "labelSelector.matchLabels"), controller).to.deep.equal(get(lb.props, "spec.selector"));
            }
        }
    });

    it("on an adopted cluster, whose nodes may carry no zone label, prod spreads strictly across nodes and as best it can across zones", async () => {
        expect(spreadPolicy("prod", false)).to.deep.equal({ zone: "ScheduleAnyway", node: "DoNotSchedule" });
        expect(spreadPolicy("prod", true)).to.deep.equal({ zone: "DoNotSchedule", node: "DoNotSchedule" });
        expect(spreadConstraints({ app: "x" }, 1, spreadPolicy("prod", true)), "one replica: nothing to spread").to.deep.equal([]);
        const plan = await planConfig(withAlertReceiver(localConfig({ environment: "prod", ingress: { controller: "envoyGateway" } })));
        const [proxy] = plan.ofType("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy");
        expect(modes(get(proxy.props, "spec.provider.kubernetes.envoyDeployment.pod.topologySpreadConstraints") as Obj[])).to.deep.equal({
            "topology.kubernetes.io/zone": "ScheduleAnyway",
            "kubernetes.io/hostname": "DoNotSchedule",
        });
    });

    const priorityPaths: Record<"nginx" | "envoyGateway" | "contour", [string, string[]]> = {
        nginx: ["ingress-nginx", ["controller.priorityClassName", "controller.admissionWebhooks.patch.priorityClassName"]],
        envoyGateway: ["envoy-gateway", ["deployment.priorityClassName"]],
        contour: ["contour", ["contour.priorityClassName", "envoy.priorityClassName"]],
    };
    for (const [controller, [releaseName, paths]] of Object.entries(priorityPaths) as [keyof typeof priorityPaths, [string, string[]]][]) {
        it(`${controller}: every pod the chart runs gets the platform PriorityClass, and the release waits for the class`, async () => {
            const plan = await planRouting("aws", { ingress: { controller } });
            const release = releaseNamed(plan, releaseName);
            for (const path of paths) {
                expect(get(release.props.values, path), path).to.equal(platformPriorityClass.name);
            }
            const [priorityClass] = plan.ofType("kubernetes:scheduling.k8s.io/v1:PriorityClass");
            expect(plan.transitiveDependencies(release.urn).has(priorityClass.urn)).to.equal(true);
            if (controller === "envoyGateway") {
                // The proxies are the controller's, not the chart's: the EnvoyProxy gives them the class.
                const [proxy] = plan.ofType("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy");
                expect(get(proxy.props, "spec.provider.kubernetes.envoyDeployment.pod.priorityClassName")).to.equal(platformPriorityClass.name);
                expect(plan.transitiveDependencies(proxy.urn).has(priorityClass.urn)).to.equal(true);
            }
        });
    }

    it("Envoy Gateway in prod: three proxies with a PodDisruptionBudget, two controllers with theirs", async () => {
        const plan = await planRouting("gcp", withAlertReceiver({ environment: "prod", ingress: { controller: "envoyGateway" } }));
        const [proxy] = plan.ofType("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy");
        expect(get(proxy.props, "spec.provider.kubernetes.envoyDeployment.replicas")).to.equal(3);
        expect(get(proxy.props, "spec.provider.kubernetes.envoyPDB")).to.deep.equal({ maxUnavailable: 1 });
        const values = releaseNamed(plan, "envoy-gateway").props.values;
        expect(get(values, "deployment.replicas")).to.equal(2);
        expect(get(values, "podDisruptionBudget.minAvailable")).to.equal(1);
        expect(modes(get(values, "deployment.pod.topologySpreadConstraints") as Obj[])).to.deep.equal({
            "topology.kubernetes.io/zone": "DoNotSchedule",
            "kubernetes.io/hostname": "DoNotSchedule",
        });
    });
});
