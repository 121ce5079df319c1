/**
 * The Gateway API path as rules: a maintained controller that plans on every Kubernetes version the
 * platform supports, CRDs that outlive the controller's release (so a switch keeps every Gateway and
 * route), cert-manager waiting for those CRDs, and the platform services that sit behind it.
 */
import { expect } from "chai";
import { checkChart } from "../../../modules/addons/compatibility";
import { envoyListenerPorts, envoyProxyLabels } from "../../../modules/addons/ingress";
import { ingress } from "../../../modules/addons/ingress";
import { certManager } from "../../../modules/addons/security/cert-manager";
import { identity } from "../../../modules/addons/security/identity";
import { personaRules } from "../../../modules/addons/security/rbac/personas";
import { charts } from "../../../modules/addons/versions";
import { defaultKubernetesVersion, supportedKubernetesVersions } from "../../../modules/config/sections/cluster";
import { clusterSection, managedClouds, planAddonsOn, planError } from "../../fakes/cluster";
import { planConfig, PlanResult, rejectionOf } from "../../harness";
import { planRouting } from "../routing";

type Obj = Record<string, unknown>;
const get = (o: unknown, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

function releaseNamed(plan: PlanResult, name: string) {
    const found = plan.releases().find((r) => r.props.name === name);
    if (!found) {
        throw new Error(
            `no release named ${name}; releases: ${plan
                .releases()
                .map((r) => r.props.name)
                .join(", ")}`,
        );
    }
    return found;
}

describe("ingress: the maintained Gateway API path (Envoy Gateway)", () => {
    it("Envoy Gateway's pinned chart supports every Kubernetes version the platform offers; Contour's does not support the default one", () => {
        for (const version of supportedKubernetesVersions) {
            expect(checkChart("envoyGateway", charts.envoyGateway, version), `envoyGateway on ${version}`).to.equal(undefined);
        }
        expect(checkChart("contour", charts.contour, defaultKubernetesVersion)?.kind, `contour on ${defaultKubernetesVersion}`).to.equal("unsupported");
    });

    it(`a cluster on the default Kubernetes version (${defaultKubernetesVersion}) plans with Envoy Gateway, while Contour fails naming the version key`, async () => {
        const cluster = { ...clusterSection("aws"), kubernetesVersion: defaultKubernetesVersion };
        const plan = await planConfig({ environment: "dev", cluster, ingress: { controller: "envoyGateway" } });
        expect(releaseNamed(plan, "envoy-gateway").props.version).to.equal(charts.envoyGateway.version);
        expect(plan.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
        const contour = await planError(() => planConfig({ environment: "dev", cluster, ingress: { controller: "contour" } }));
        expect(contour).to.match(/cluster\.kubernetesVersion: chart contour 0\.7\.0 supports Kubernetes 1\.32–1\.34, not 1\.35/);
    });

    for (const cloud of managedClouds) {
        it(`${cloud}: a GatewayClass for Envoy Gateway configured by the platform's EnvoyProxy, one shared Gateway, and the load balancer on the proxies`, async () => {
            const plan = await planRouting(cloud, { ingress: { controller: "envoyGateway" } });
            expect(plan.releases("ingress-nginx")).to.deep.equal([]);
            const release = releaseNamed(plan, "envoy-gateway");
            expect(release.props.chart).to.equal("oci://docker.io/envoyproxy/gateway-helm");
            const [proxy] = plan.ofType("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy");
            const [gatewayClass] = plan.ofType("kubernetes:gateway.networking.k8s.io/v1:GatewayClass");
            const gateways = plan.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway");
            expect(gateways).to.have.length(1);
            const gateway = gateways[0];
            expect(get(gatewayClass.props, "spec.controllerName")).to.equal("gateway.envoyproxy.io/gatewayclass-controller");
            expect(get(gatewayClass.props, "spec.parametersRef")).to.deep.equal({
                group: "gateway.envoyproxy.io",
                kind: "EnvoyProxy",
                name: get(proxy.props, "metadata.name"),
                namespace: get(proxy.props, "metadata.namespace"),
            });
            expect(get(gateway.props, "spec.gatewayClassName")).to.equal(get(gatewayClass.props, "metadata.name"));
            // HTTP on 80 for ACME HTTP-01 and routes from every namespace; HTTPS listeners come as ListenerSets.
            expect(get(gateway.props, "spec.listeners")).to.deep.equal([
                { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "All" } } },
            ]);
            expect(get(gateway.props, "spec.allowedListeners")).to.deep.equal({ namespaces: { from: "All" } });
            // The EnvoyProxy, class and Gateway wait for the release that installs their CRDs.
            for (const r of [proxy, gatewayClass, gateway]) {
                expect(plan.transitiveDependencies(r.urn).has(release.urn), r.name).to.equal(true);
            }
            // The one load balancer sends traffic to this Gateway's proxies, on the ports Envoy listens on.
            const [lb] = plan.ofType("kubernetes:core/v1:Service").filter((s) => get(s.props, "spec.type") === "LoadBalancer");
            const ns = String(get(gateway.props, "metadata.namespace"));
            expect(get(lb.props, "metadata.namespace")).to.equal(ns);
            expect(get(lb.props, "spec.selector")).to.deep.equal(envoyProxyLabels(String(get(gateway.props, "metadata.name")), ns));
            expect((get(lb.props, "spec.ports") as Obj[]).map((p) => [p.port, p.targetPort])).to.deep.equal([
                [80, envoyListenerPorts.http],
                [443, envoyListenerPorts.https],
            ]);
        });
    }

    it("the Gateway's name follows ingress.envoyGateway.gatewayName", async () => {
        const plan = await planRouting("gcp", { ingress: { controller: "envoyGateway", envoyGateway: { gatewayName: "edge" } } });
        const [gateway] = plan.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway");
        expect(get(gateway.props, "metadata.name")).to.equal("edge");
        expect(get(gateway.props, "spec.gatewayClassName")).to.equal("edge");
    });
});

describe("ingress: teams bring their own HTTPS listeners to the shared Gateway", () => {
    it("a tenant's edit and deploy personas write HTTPRoutes and ListenerSets in their namespaces; view reads them", () => {
        const can = (persona: "edit" | "deploy" | "view", resource: string, verb: string) =>
            personaRules(persona).some(
                (r) =>
                    (r.apiGroups as string[]).includes("gateway.networking.k8s.io") &&
                    (r.resources as string[]).includes(resource) &&
                    (r.verbs as string[]).includes(verb),
            );
        for (const resource of ["httproutes", "listenersets"]) {
            expect(can("edit", resource, "create"), `edit creates ${resource}`).to.equal(true);
            expect(can("deploy", resource, "patch"), `deploy patches ${resource}`).to.equal(true);
            expect(can("view", resource, "list"), `view lists ${resource}`).to.equal(true);
            expect(can("view", resource, "create"), `view never creates ${resource}`).to.equal(false);
        }
        // Never the shared Gateway or its class: those are the platform's.
        expect(can("edit", "gateways", "create")).to.equal(false);
        expect(can("edit", "gatewayclasses", "create")).to.equal(false);
    });
});

describe("ingress: CRDs outlive the controller's release", () => {
    it("Envoy Gateway installs the Envoy Gateway and Gateway API CRDs from its chart's crds/ folder, which Helm never deletes", async () => {
        const plan = await planRouting("aws", { ingress: { controller: "envoyGateway" } });
        const release = releaseNamed(plan, "envoy-gateway");
        expect(release.props.skipCrds).to.equal(false);
        expect(get(release.props.values, "crds.enabled"), "the crds subchart stays on").to.not.equal(false);
    });

    it("Contour's and the Gateway API's CRDs come from a CRD-only release Pulumi never uninstalls; the controller's release renders none", async () => {
        const plan = await planRouting("azure", { ingress: { controller: "contour" } });
        const controller = releaseNamed(plan, "contour");
        const crds = releaseNamed(plan, "contour-crds");
        expect(get(controller.props.values, "contour.manageCRDs")).to.equal(false);
        expect(get(controller.props.values, "gatewayAPI.manageCRDs")).to.equal(false);
        expect(get(crds.props.values, "contour.manageCRDs")).to.equal(true);
        expect(get(crds.props.values, "gatewayAPI.manageCRDs")).to.equal(true);
        // Nothing but CRDs: no Contour, no Envoy, no IngressClass, no RBAC, no config.
        expect(get(crds.props.values, "contour.enabled")).to.equal(false);
        expect(get(crds.props.values, "envoy.enabled")).to.equal(false);
        expect(get(crds.props.values, "contour.ingressClass.create")).to.equal(false);
        expect(get(crds.props.values, "rbac.create")).to.equal(false);
        expect(get(crds.props.values, "configInline")).to.equal(null);
        expect(crds.props.version).to.equal(controller.props.version);
        expect(crds.retainOnDelete, "removing Contour leaves its CRDs and every Gateway and route").to.equal(true);
        expect(controller.retainOnDelete).to.equal(false);
        // Existing stacks: the CRD release adopts the CRDs, which are marked to keep before the
        // controller's release stops rendering them (its upgrade would delete them otherwise).
        expect(crds.props.takeOwnership).to.equal(true);
        const keeps = plan.ofType("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinitionPatch");
        const names = keeps.map((k) => String(get(k.props, "metadata.name")));
        for (const crd of ["gateways.gateway.networking.k8s.io", "httproutes.gateway.networking.k8s.io", "httpproxies.projectcontour.io"]) {
            expect(names).to.include(crd);
        }
        for (const keep of keeps) {
            expect(get(keep.props, "metadata.annotations")).to.deep.equal({ "helm.sh/resource-policy": "keep" });
            expect(keep.retainOnDelete).to.equal(true);
            expect(plan.transitiveDependencies(keep.urn).has(crds.urn)).to.equal(true);
            expect(plan.transitiveDependencies(controller.urn).has(keep.urn), `the controller's release waits for ${keep.name}`).to.equal(true);
        }
    });
});

describe("ingress: what waits for the Gateway API CRDs", () => {
    for (const [controller, crdRelease] of [
        ["envoyGateway", "envoy-gateway"],
        ["contour", "contour-crds"],
    ] as const) {
        it(`with ${controller}, cert-manager runs with its Gateway API support and its release waits for ${crdRelease}`, async () => {
            const plan = await planAddonsOn(
                "aws",
                { ingress: { controller }, security: { certManager: { acme: { email: "ops@example.com" } } } },
                { addons: [ingress, certManager] },
            );
            const cm = releaseNamed(plan, "cert-manager");
            expect(get(cm.props.values, "config.gatewayAPI.enabled")).to.equal(true);
            expect(plan.transitiveDependencies(cm.urn).has(releaseNamed(plan, crdRelease).urn)).to.equal(true);
            // ACME HTTP-01 through the shared Gateway's plain-HTTP listener.
            const [issuer] = plan.ofType("kubernetes:cert-manager.io/v1:ClusterIssuer").filter((i) => get(i.props, "metadata.name") === "letsencrypt-prod");
            expect(JSON.stringify(get(issuer.props, "spec.acme.solvers"))).to.contain('"sectionName":"http"');
        });
    }

    it("with ingress-nginx, cert-manager keeps its Gateway API support off and does not wait for the controller", async () => {
        const plan = await planAddonsOn("aws", { security: { certManager: { acme: { email: "ops@example.com" } } } }, { addons: [ingress, certManager] });
        const cm = releaseNamed(plan, "cert-manager");
        expect(get(cm.props.values, "config.gatewayAPI.enabled")).to.not.equal(true);
        expect(plan.transitiveDependencies(cm.urn).has(releaseNamed(plan, "ingress-nginx").urn)).to.equal(false);
    });
});

describe("ingress: platform services behind the controller", () => {
    const pinniped = {
        provider: "pinniped",
        issuer: "https://login.example.com/platform",
        upstream: { issuer: "https://accounts.google.com", clientId: "p", clientSecret: "upstream-secret" },
    };

    it("behind Contour, the Pinniped Supervisor's Service tells Contour to speak TLS to it (its only port is HTTPS)", async () => {
        const plan = await planAddonsOn(
            "gcp",
            { ingress: { controller: "contour" }, identity: pinniped },
            { addons: [ingress, certManager, identity], secretSections: ["identity"] },
        );
        const values = releaseNamed(plan, "pinniped").props.values;
        expect(get(values, "supervisor.ingress.ingressClassName")).to.equal("contour");
        expect(get(values, "supervisor.service.public.annotations")).to.deep.include({ "projectcontour.io/upstream-protocol.tls": "https" });
    });

    it("an identity provider published through an Ingress is refused with Envoy Gateway (it serves no Ingress), naming the keys", () => {
        const problems = rejectionOf(
            { environment: "dev", cluster: clusterSection("aws"), ingress: { controller: "envoyGateway" }, identity: pinniped },
            { secretSections: ["identity"] },
        );
        expect(problems.join("\n")).to.match(
            /identity\.provider: pinniped is published through an Ingress, and ingress\.controller envoyGateway serves Gateway API routes only/,
        );
    });

    it("the same provider is accepted with Envoy Gateway when it names an IngressClass another controller serves", async () => {
        const plan = await planAddonsOn(
            "gcp",
            { ingress: { controller: "envoyGateway" }, identity: { ...pinniped, ingressClassName: "corporate" } },
            { addons: [ingress, certManager, identity], secretSections: ["identity"] },
        );
        expect(get(releaseNamed(plan, "pinniped").props.values, "supervisor.ingress.ingressClassName")).to.equal("corporate");
    });
});
