/**
 * `platform:ingress:Ingress`: the one ingress controller behind the one cloud load balancer.
 * ingress-nginx (default; retired upstream in March 2026, pinned to its final patched release and
 * hardened) or Contour with the Gateway API (`ingress.controller: contour`, maintained).
 *
 * Teardown order, by data: the LoadBalancer Service depends on the release and, through the
 * Kubernetes provider, on the cluster and its network; `pulumi destroy` walks that graph backwards,
 * so the Service (and with it the cloud load balancer) goes first, then the controller, then the
 * cluster and the VPC/VNet.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Service } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { PlatformConfig } from "../../config";
import type { IngressConfig, IngressController } from "../../config/sections/ingress";
import { defineAddon, uses } from "../addon";
import type { AddonContext } from "../context";
import { HelmAddon, Scraping } from "../helm";
import { observability } from "../observability";
import type { PlatformPeer } from "../peers";
import type { EgressTarget, TrafficProfile } from "../traffic";
import { deepMerge } from "../values";
import { DataPlaneOptions } from "./common";
import { contourIngressClass, contourValues, envoyLabels, gatewayClassSpec, gatewaySpec, httpListenerName } from "./contour";
import { ingressValueIssues } from "./hardening";
import { loadBalancerServiceName, loadBalancerServiceSpec } from "./load-balancer";
import { nginxControllerLabels, nginxIngressClass, nginxValues } from "./nginx";

export * from "./common";
export * from "./contour";
export * from "./hardening";
export * from "./load-balancer";
export * from "./nginx";

/** What the rest of the platform (cert-manager, tenants, network policies, DNS) uses from ingress. */
export interface IngressOutputs {
    controller: IngressController;
    /** The IngressClass tenants and cert-manager HTTP01 use (the cluster default). */
    ingressClassName: string;
    /** The controller's namespace (network policies allow traffic from it). */
    namespace: string;
    /** Pod labels of the data plane that receives traffic (nginx controllers or Envoy). */
    dataPlaneLabels: Record<string, string>;
    /** The shared Gateway, when the controller is Contour; `httpListener` is its port-80 listener. */
    gateway?: { name: string; namespace: string; className: string; httpListener: string };
    /** The controller's release: what depends on the controller being installed. */
    release: Release;
    /** The one LoadBalancer Service. */
    loadBalancer: Service;
    /** The data plane's pods, which send every request into the cluster (tenants accept traffic from them). */
    dataPlane: PlatformPeer;
}

/** cert-manager ACME HTTP01 solver for the platform's controller (works for nginx and Contour alike). */
export function http01Solver(ingressClassName: string) {
    return { http01: { ingress: { ingressClassName } } };
}

interface ControllerPlan {
    chart: "ingressNginx" | "contour";
    releaseName: string;
    namespace: string;
    ingressClassName: string;
    dataPlaneLabels: Record<string, string>;
    settings: IngressConfig["nginx"] | IngressConfig["contour"];
    values: (d: DataPlaneOptions) => Record<string, unknown>;
    /** Listeners behind the load balancer, the admission webhook, and every backend. */
    traffic: TrafficProfile;
}

/** The controller's backends: tenants' pods on their service ports, and the platform's UIs on their ingress ports. */
const backends: EgressTarget[] = [{ to: "tenants", ports: "service" }, { to: "ingressBackends" }];

/** Which chart, namespace, labels and values the selected controller uses. Pure. */
export function controllerPlan(config: IngressConfig, imageRegistry: string | undefined): ControllerPlan {
    if (config.controller === "contour") {
        return {
            chart: "contour",
            releaseName: "contour",
            namespace: "projectcontour",
            ingressClassName: contourIngressClass,
            dataPlaneLabels: envoyLabels("contour"),
            settings: config.contour,
            values: (d) => contourValues({ ...d, gatewayName: config.contour.gatewayName, imageRegistry }),
            traffic: { publicPorts: [80, 443, 8080, 8443], webhookPorts: [8443], egress: backends },
        };
    }
    return {
        chart: "ingressNginx",
        releaseName: "ingress-nginx",
        namespace: "ingress-nginx",
        ingressClassName: nginxIngressClass,
        dataPlaneLabels: nginxControllerLabels("ingress-nginx"),
        settings: config.nginx,
        values: (d) => nginxValues({ ...d, annotationsRiskLevel: config.nginx.annotationsRiskLevel }),
        traffic: { publicPorts: [80, 443], webhookPorts: [8443], egress: backends },
    };
}

/** The data plane's options for a stack: sizing, names, and the image registry (the air-gap mirror or upstream). */
function dataPlaneOptions(config: PlatformConfig, plan: ControllerPlan): DataPlaneOptions {
    return {
        replicas: config.ingress.replicas,
        releaseName: plan.releaseName,
        namespace: plan.namespace,
        loadBalancerServiceName,
        registry: (upstream) => config.airgap.imageRegistry ?? upstream,
    };
}

export interface IngressArgs {
    context: AddonContext;
    config: IngressConfig;
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
}

export class Ingress extends pulumi.ComponentResource {
    readonly controller: HelmAddon;
    readonly loadBalancer: Service;
    readonly gatewayClass?: CustomResource;
    readonly gateway?: CustomResource;
    readonly outputs: IngressOutputs;

    constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
        const { context, config } = args;
        const cluster = context.cluster;
        const plan = controllerPlan(config, context.config.airgap.imageRegistry);
        super("platform:ingress:Ingress", name, {}, { ...opts, providers: { kubernetes: cluster.provider } });
        const child = { parent: this };

        this.controller = new HelmAddon(
            `${name}-${config.controller}`,
            {
                context,
                settings: { ...plan.settings, enabled: true },
                chart: plan.chart,
                releaseName: plan.releaseName,
                namespace: { name: plan.namespace, podSecurity: "restricted", labels: { "platform.io/component": "ingress" } },
                values: plan.values(dataPlaneOptions(context.config, plan)),
                defaultTimeoutSeconds: 600,
                crds: config.controller === "contour" ? "templates" : "none",
                scraping: args.scraping,
                traffic: plan.traffic,
            },
            child,
        );

        this.loadBalancer = new Service(
            `${name}-load-balancer`,
            loadBalancerServiceSpec({
                namespace: plan.namespace,
                selector: plan.dataPlaneLabels,
                annotations: cluster.loadBalancer.serviceAnnotations(config.loadBalancer.internal),
                sourceRanges: config.loadBalancer.sourceRanges,
                awaitAddress: cluster.loadBalancer.awaitAddress,
            }),
            { ...child, dependsOn: [this.controller.release] },
        );

        let gateway: IngressOutputs["gateway"];
        if (config.controller === "contour") {
            const gatewayName = config.contour.gatewayName;
            // The Gateway API CRDs come with the Contour release (gatewayAPI.manageCRDs).
            this.gatewayClass = new CustomResource(`${name}-gateway-class`, gatewayClassSpec(gatewayName), {
                ...child,
                dependsOn: [this.controller.release],
            });
            this.gateway = new CustomResource(`${name}-gateway`, gatewaySpec(gatewayName, plan.namespace), {
                ...child,
                dependsOn: [this.gatewayClass],
            });
            gateway = { name: gatewayName, namespace: plan.namespace, className: gatewayName, httpListener: httpListenerName };
        }

        this.outputs = {
            controller: config.controller,
            ingressClassName: plan.ingressClassName,
            namespace: plan.namespace,
            dataPlaneLabels: plan.dataPlaneLabels,
            gateway,
            release: this.controller.release,
            loadBalancer: this.loadBalancer,
            dataPlane: { namespaceName: plan.namespace, podLabels: plan.dataPlaneLabels },
        };
        this.registerOutputs({ ingressClassName: plan.ingressClassName, namespace: plan.namespace });
    }
}

/**
 * The ingress add-on: one controller (ingress-nginx, or Contour with the Gateway API) behind the one
 * cloud load balancer. Hardening is checked on the values Helm will get (the platform's, then the
 * stack's) before anything is installed.
 */
export const ingress = defineAddon({
    id: "ingress",
    area: "ingress",
    configPath: "ingress.enabled",
    description: "the ingress controller and its load balancer",
    enabled: (config) => config.ingress.enabled,
    needs: { observability: uses(observability) },
    issues: (config) => {
        const plan = controllerPlan(config.ingress, config.airgap.imageRegistry);
        return ingressValueIssues(config.ingress.controller, deepMerge(plan.values(dataPlaneOptions(config, plan)), plan.settings.values));
    },
    namespaces: (config) => [{ name: controllerPlan(config.ingress, undefined).namespace, podSecurity: "restricted" }],
    install: (context, { observability }): IngressOutputs => new Ingress("ingress", { context, config: context.config.ingress, scraping: observability?.scraping }).outputs,
    outputs: (provided) => ({
        ingress: provided
            ? {
                  controller: provided.controller,
                  ingressClassName: provided.ingressClassName,
                  namespace: provided.namespace,
                  gateway: provided.gateway,
                  loadBalancer: provided.loadBalancer.status.loadBalancer.ingress,
              }
            : { enabled: false },
    }),
});
