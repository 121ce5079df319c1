import { expect } from "chai";
import { charts } from "../../../modules/addons/versions";
import { ingressLoadBalancerLabel, loadBalancerServiceName } from "../../../modules/addons/ingress";
import { localConfig, planConfig, PlanResult, withAlertReceiver } from "../../harness";
import { internalAnnotation, ManagedCloud, planError } from "../../fakes/cluster";
import { planRouting } from "../routing";

const clouds: ManagedCloud[] = ["aws", "azure", "gcp"];

type Obj = Record<string, unknown>;
const get = (o: unknown, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

function loadBalancers(plan: PlanResult) {
    return plan.ofType("kubernetes:core/v1:Service").filter((s) => get(s.props, "spec.type") === "LoadBalancer");
}

/** The values of the release named `name` (the controller's release: `ingress-nginx`, `envoy-gateway`, `contour`). */
function values(plan: PlanResult, name: string): Obj {
    const release = plan.releases().find((r) => r.props.name === name);
    expect(release, `${name} release`).to.not.equal(undefined);
    return (release as { props: Obj }).props.values as Obj;
}

describe("ingress: one hardened controller behind one load balancer", () => {
    for (const cloud of clouds) {
        for (const controller of ["nginx", "envoyGateway", "contour"] as const) {
            it(`${cloud} with ${controller}: exactly one Service of type LoadBalancer in the whole platform, and the chart makes none`, async () => {
                const plan = await planRouting(cloud, { ingress: { controller } });
                const lbs = loadBalancers(plan);
                expect(lbs.map((s) => s.name)).to.deep.equal(["ingress-load-balancer"]);
                expect((get(lbs[0].props, "metadata.labels") as Obj)[ingressLoadBalancerLabel]).to.equal("true");
                if (controller === "nginx") {
                    const v = values(plan, "ingress-nginx");
                    expect(get(v, "controller.service.enabled")).to.equal(false);
                    expect(get(v, "controller.extraArgs.publish-service")).to.equal(`ingress-nginx/${loadBalancerServiceName}`);
                } else if (controller === "contour") {
                    const v = values(plan, "contour");
                    expect(get(v, "envoy.service.type")).to.equal("ClusterIP");
                    expect(get(v, "contour.envoyServiceName")).to.equal(loadBalancerServiceName);
                } else {
                    // The controller's Service and the proxies' Service (shaped by the EnvoyProxy) stay internal.
                    expect(get(values(plan, "envoy-gateway"), "service.type")).to.equal("ClusterIP");
                    const [proxy] = plan.ofType("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy");
                    expect(get(proxy.props, "spec.provider.kubernetes.envoyService.type")).to.equal("ClusterIP");
                }
            });
        }

        it(`${cloud}: the load balancer is internal exactly when configured, with the cloud's own annotation`, async () => {
            const [key, value] = internalAnnotation[cloud];
            const internal = loadBalancers(await planRouting(cloud, { ingress: { loadBalancer: { internal: true } } }))[0];
            const external = loadBalancers(await planRouting(cloud))[0];
            expect((get(internal.props, "metadata.annotations") as Obj)[key]).to.equal(value);
            expect(get(external.props, "metadata.annotations") as Obj).to.not.have.property(key);
        });

        it(`${cloud}: pulumi destroy removes the load balancer before the controller and before the cluster's network`, async () => {
            const plan = await planRouting(cloud);
            const networkUrn = plan.networkUrn;
            const lb = loadBalancers(plan)[0];
            const deps = plan.transitiveDependencies(lb.urn);
            // Destroy runs the graph backwards: whatever the Service waits for is deleted after it.
            expect(networkUrn).to.not.equal("");
            expect(deps.has(networkUrn), "LB Service depends on the network (through the cluster's provider)").to.equal(true);
            expect(deps.has(plan.releases("ingress-nginx")[0].urn), "LB Service depends on the controller release").to.equal(true);
            // Pulumi must await the Service's deletion on a cloud (the cloud LB is gone only then).
            expect(get(lb.props, "metadata.annotations") as Obj).to.not.have.property("pulumi.com/skipAwait");
        });
    }

    it("ingress-nginx is pinned to its final patched release and hardened", async () => {
        const plan = await planRouting("aws");
        const [release] = plan.releases("ingress-nginx");
        expect(release.props.version).to.equal("4.15.1");
        expect(charts.ingressNginx.version).to.equal("4.15.1");
        const v = release.props.values as Obj;
        expect(get(v, "controller.allowSnippetAnnotations")).to.equal(false);
        expect(get(v, "controller.config.allow-snippet-annotations")).to.equal("false");
        expect(["Low", "Medium", "High"]).to.include(get(v, "controller.config.annotations-risk-level"));
        expect(get(v, "controller.admissionWebhooks.enabled")).to.equal(true);
        expect(get(v, "controller.metrics.enabled")).to.equal(true);
        expect(get(v, "controller.ingressClassResource.default")).to.equal(true);
        expect(get(v, "controller.ingressClassResource.name")).to.equal("nginx");
    });

    it("prod runs the controller highly available (replicas, PodDisruptionBudget, zone spread); dev runs one replica", async () => {
        const prod = values(await planRouting("azure", withAlertReceiver({ environment: "prod" })), "ingress-nginx");
        const dev = values(await planRouting("azure"), "ingress-nginx");
        expect(get(prod, "controller.replicaCount")).to.be.at.least(3);
        // The chart renders its PDB only above one replica; maxUnavailable bounds voluntary evictions.
        expect(get(prod, "controller.maxUnavailable")).to.equal(1);
        const keys = (get(prod, "controller.topologySpreadConstraints") as Obj[]).map((c) => c.topologyKey);
        expect(keys).to.include("topology.kubernetes.io/zone");
        expect(get(dev, "controller.replicaCount")).to.equal(1);
        expect(get(dev, "controller.topologySpreadConstraints")).to.deep.equal([]);
    });

    it("Contour with the Gateway API: a GatewayClass for Contour's controller and one shared Gateway it serves", async () => {
        const plan = await planRouting("gcp", withAlertReceiver({ environment: "prod", ingress: { controller: "contour" } }));
        expect(plan.releases("ingress-nginx")).to.deep.equal([]);
        const release = plan.releases("contour").find((r) => r.props.name === "contour");
        if (!release) {
            throw new Error("no contour release");
        }
        expect(release.props.version).to.equal(charts.contour.version);
        const v = release.props.values as Obj;
        const classes = plan.ofType("kubernetes:gateway.networking.k8s.io/v1:GatewayClass");
        const gateways = plan.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway");
        expect(classes).to.have.length(1);
        expect(gateways).to.have.length(1);
        expect(get(classes[0].props, "spec.controllerName")).to.equal("projectcontour.io/gateway-controller");
        const gw = gateways[0].props;
        expect(get(gw, "spec.gatewayClassName")).to.equal(get(classes[0].props, "metadata.name"));
        // Contour is statically bound to exactly that Gateway.
        expect(get(v, "configInline.gateway.gatewayRef")).to.deep.equal({ name: get(gw, "metadata.name"), namespace: get(gw, "metadata.namespace") });
        // The Gateway waits for Contour and for the release that installs the Gateway API CRDs.
        expect(plan.transitiveDependencies(gateways[0].urn).has(release.urn)).to.equal(true);
        const crds = plan.releases("contour").find((r) => r.props.name === "contour-crds");
        expect(plan.transitiveDependencies(gateways[0].urn).has(crds?.urn ?? "")).to.equal(true);
        // Ingress keeps working (cert-manager HTTP01, tenants): Contour's IngressClass is the default.
        expect(get(v, "contour.ingressClass")).to.deep.equal({ name: "contour", create: true, default: true });
        expect(get(v, "envoy.replicaCount")).to.be.at.least(3);
        expect(get(v, "envoy.pdb.create")).to.equal(true);
    });

    it("an air-gapped stack pulls the controller images through the mirror", async () => {
        const airgap = { imageRegistry: "registry.example.com/mirror" };
        const nginx = values(await planRouting("aws", { airgap }), "ingress-nginx");
        const contour = values(await planRouting("aws", { airgap, ingress: { controller: "contour" } }), "contour");
        const envoyGateway = values(await planRouting("aws", { airgap, ingress: { controller: "envoyGateway" } }), "envoy-gateway");
        expect(get(nginx, "global.image.registry")).to.equal("registry.example.com/mirror");
        expect(get(contour, "global.imageRegistry")).to.equal("registry.example.com/mirror");
        // The controller, the proxies (the controller's default EnvoyProxy) and the rate limit service all
        // go through the mirror, as full references: the chart's global.imageRegistry would replace only
        // their first path segment (doubling a mirror's path) and never reaches the proxies' built-in image.
        expect(get(envoyGateway, "global.imageRegistry")).to.equal("");
        expect(get(envoyGateway, "global.images.envoyGateway.image")).to.equal(`registry.example.com/mirror/envoyproxy/gateway:${charts.envoyGateway.version}`);
        expect(get(envoyGateway, "global.images.envoyProxy.image")).to.equal("registry.example.com/mirror/envoyproxy/envoy:distroless-v1.39.0");
        expect(get(envoyGateway, "global.images.ratelimit.image")).to.equal("registry.example.com/mirror/envoyproxy/ratelimit:17b1956c");
        const upstream = values(await planRouting("aws", { ingress: { controller: "envoyGateway" } }), "envoy-gateway");
        expect(get(upstream, "global")).to.equal(undefined);
    });

    it("user values cannot undo the hardening or add a second load balancer", async () => {
        const nginx = await planError(() =>
            planRouting("aws", {
                ingress: {
                    nginx: {
                        values: {
                            controller: {
                                allowSnippetAnnotations: true,
                                config: { "annotations-risk-level": "Critical" },
                                admissionWebhooks: { enabled: false },
                                service: { enabled: true },
                            },
                        },
                    },
                },
            }),
        );
        expect(nginx).to.include("ingress.nginx.values.controller.allowSnippetAnnotations: snippet annotations stay off");
        expect(nginx).to.include("ingress.nginx.values.controller.config.annotations-risk-level: Critical would re-admit");
        expect(nginx).to.include("ingress.nginx.values.controller.admissionWebhooks.enabled:");
        expect(nginx).to.include("ingress.nginx.values.controller.service.enabled: the platform's one LoadBalancer Service");
        const contour = await planError(() =>
            planRouting("gcp", { ingress: { controller: "contour", contour: { values: { envoy: { service: { type: "LoadBalancer" } } } } } }),
        );
        expect(contour).to.include("ingress.contour.values.envoy.service.type:");
        // Harmless values still merge.
        const ok = await planRouting("aws", { ingress: { nginx: { values: { controller: { config: { "proxy-body-size": "8m" } } } } } });
        expect(get(values(ok, "ingress-nginx"), "controller.config.proxy-body-size")).to.equal("8m");
    });

    it("the Critical annotation risk level is rejected with the key path", async () => {
        const error = await planError(() => planConfig(localConfig({ ingress: { nginx: { annotationsRiskLevel: "Critical" } } })));
        expect(error).to.match(/ingress\.nginx\.annotationsRiskLevel: must be one of "Low", "Medium", "High"/);
    });

    it("on an existing cluster (kind) the load balancer does not block pulumi up waiting for an address", async () => {
        const plan = await planConfig(localConfig());
        const lbs = loadBalancers(plan);
        expect(lbs).to.have.length(1);
        expect((get(lbs[0].props, "metadata.annotations") as Obj)["pulumi.com/skipAwait"]).to.equal("true");
        expect(plan.mandatoryViolations).to.deep.equal([]);
    });

    it("ingress.enabled: false installs no controller and no load balancer", async () => {
        const plan = await planRouting("aws", { ingress: { enabled: false } });
        expect(plan.releases("ingress-nginx")).to.deep.equal([]);
        expect(loadBalancers(plan)).to.deep.equal([]);
    });
});
