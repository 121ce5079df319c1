/**
 * `platform:ingress:Ingress`: the one ingress controller behind the one cloud load balancer.
 * ingress-nginx (default; retired upstream in March 2026, pinned to its final patched release and
 * hardened), Envoy Gateway (`ingress.controller: envoyGateway`, the maintained Gateway API path) or
 * Contour with the Gateway API (`ingress.controller: contour`, Kubernetes 1.32–1.34).
 *
 * Teardown order, by data: the LoadBalancer Service depends on the release and, through the
 * Kubernetes provider, on the cluster and its network; `pulumi destroy` walks that graph backwards,
 * so the Service (and with it the cloud load balancer) goes first, then the controller, then the
 * cluster and the VPC/VNet.
 *
 * CRDs outlive the controller: Envoy Gateway's come from its chart's crds/ folder (Helm never
 * deletes those), Contour's from a CRD-only release Pulumi never uninstalls. Switching controller
 * keeps every Gateway and route (docs/operations.md, "Switching the ingress controller").
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { CustomResourceDefinitionPatch } from "@pulumi/kubernetes/apiextensions/v1";
import { Service } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { ConfigIssue, PlatformConfig } from "../../config";
import type { IngressConfig, IngressController } from "../../config/sections/ingress";
import { defineAddon, uses } from "../addon";
import type { AddonContext } from "../context";
import { CrdStrategy, HelmAddon, Scraping } from "../helm";
import { observability } from "../observability";
import type { PlatformPeer } from "../peers";
import type { EgressTarget, TrafficProfile } from "../traffic";
import { deepMerge, Values } from "../values";
import { DataPlaneOptions, spreadPolicy } from "./common";
import {
    contourChartCrds,
    contourCrdReleaseName,
    contourCrdValues,
    contourIngressClass,
    contourValues,
    envoyLabels,
    gatewayClassSpec,
    gatewaySpec,
    httpListenerName,
} from "./contour";
import {
    envoyGatewayClassSpec,
    envoyGatewaySpec,
    envoyGatewayValues,
    envoyHttpListenerName,
    envoyListenerPorts,
    envoyProxyLabels,
    envoyProxySpec,
} from "./envoy-gateway";
import { retiredControllerAcceptance } from "../../../policy-pack/policies/helm/ingress-nginx";
import { ingressValueIssues } from "./hardening";
import { loadBalancerServiceName, loadBalancerServiceSpec } from "./load-balancer";
import { nginxControllerLabels, nginxIngressClass, nginxValues } from "./nginx";

export * from "./common";
export * from "./contour";
export * from "./envoy-gateway";
export * from "./hardening";
export * from "./load-balancer";
export * from "./nginx";

/** What the rest of the platform (cert-manager, tenants, network policies, DNS) uses from ingress. */
export interface IngressOutputs {
    controller: IngressController;
    /**
     * The IngressClass tenants and cert-manager HTTP01 use (the cluster default); absent for Envoy
     * Gateway, which serves Gateway API routes only.
     */
    ingressClassName?: string;
    /** The controller's namespace (network policies allow traffic from it). */
    namespace: string;
    /** Pod labels of the data plane that receives traffic (nginx controllers or Envoy). */
    dataPlaneLabels: Record<string, string>;
    /** The shared Gateway (Envoy Gateway, Contour); `httpListener` is its port-80 listener. */
    gateway?: { name: string; namespace: string; className: string; httpListener: string };
    /**
     * What installs the Gateway API CRDs, when the controller brings them: what a chart that needs them
     * at start (cert-manager with its Gateway API support, external-dns' Gateway sources) waits for.
     */
    gatewayApiCrds?: Release;
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

type ControllerChart = "ingressNginx" | "envoyGateway" | "contour";

interface ControllerPlan {
    chart: ControllerChart;
    releaseName: string;
    namespace: string;
    /** The IngressClass the controller serves; none for a Gateway-API-only controller. */
    ingressClassName?: string;
    dataPlaneLabels: Record<string, string>;
    settings: IngressConfig["nginx"] | IngressConfig["envoyGateway"] | IngressConfig["contour"];
    values: (d: DataPlaneOptions) => Values;
    /** Listeners behind the load balancer, the admission webhook, and every backend. */
    traffic: TrafficProfile;
    /** How the chart's CRDs stay current. */
    crds: CrdStrategy;
    /** Values paths (verified in the chart's templates) where its pods read priorityClassName. */
    priorityClassAt: readonly string[];
    /** The data plane's HTTP and HTTPS container ports, when they are not named `http`/`https`. */
    targetPorts?: { http: number; https: number };
    /** The shared Gateway, for Gateway API controllers. */
    gateway?: { name: string; httpListener: string };
}

/** The controller's backends: tenants' pods on their service ports, and the platform's UIs on their ingress ports. */
const backends: EgressTarget[] = [{ to: "tenants", ports: "service" }, { to: "ingressBackends" }];

/** Which chart, namespace, labels and values the selected controller uses. Pure. */
export function controllerPlan(config: IngressConfig, imageRegistry: string | undefined): ControllerPlan {
    if (config.controller === "envoyGateway") {
        const namespace = "envoy-gateway-system";
        const gatewayName = config.envoyGateway.gatewayName;
        return {
            chart: "envoyGateway",
            releaseName: "envoy-gateway",
            namespace,
            dataPlaneLabels: envoyProxyLabels(gatewayName, namespace),
            settings: config.envoyGateway,
            values: (d) => envoyGatewayValues({ releaseName: d.releaseName, replicas: d.replicas, spread: d.spread }),
            // The proxies listen on 10080/10443; the controller's topology webhook on 9443.
            traffic: { publicPorts: [envoyListenerPorts.http, envoyListenerPorts.https], webhookPorts: [9443], egress: backends },
            crds: "install-only",
            priorityClassAt: ["deployment.priorityClassName"],
            targetPorts: envoyListenerPorts,
            gateway: { name: gatewayName, httpListener: envoyHttpListenerName },
        };
    }
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
            // The controller's release renders no CRDs: the CRD release does (templates).
            crds: "none",
            priorityClassAt: ["contour.priorityClassName", "envoy.priorityClassName"],
            gateway: { name: config.contour.gatewayName, httpListener: httpListenerName },
        };
    }
    return {
        chart: "ingressNginx",
        releaseName: "ingress-nginx",
        namespace: "ingress-nginx",
        ingressClassName: nginxIngressClass,
        dataPlaneLabels: nginxControllerLabels("ingress-nginx"),
        settings: config.nginx,
        values: (d) => nginxValues({ ...d, annotationsRiskLevel: config.nginx.annotationsRiskLevel, acceptRetired: config.nginx.acceptRetired }),
        traffic: { publicPorts: [80, 443], webhookPorts: [8443], egress: backends },
        crds: "none",
        priorityClassAt: ["controller.priorityClassName", "controller.admissionWebhooks.patch.priorityClassName"],
    };
}

/** The data plane's options for a stack: sizing, names, spreading, and the image registry (the air-gap mirror or upstream). */
function dataPlaneOptions(config: PlatformConfig, plan: ControllerPlan, nodesCarryZoneLabels: boolean): DataPlaneOptions {
    return {
        replicas: config.ingress.replicas,
        releaseName: plan.releaseName,
        namespace: plan.namespace,
        loadBalancerServiceName,
        registry: (upstream) => config.airgap.imageRegistry ?? upstream,
        spread: spreadPolicy(config.environment, nodesCarryZoneLabels),
    };
}

/** The Helm resource policy annotation that keeps an object when its release stops rendering it. */
export const helmKeepAnnotation = { "helm.sh/resource-policy": "keep" } as const;

/**
 * Problems the ingress settings cause elsewhere in the stack: a platform service published through
 * an Ingress while the controller serves none.
 */
export function ingressCompatibilityIssues(config: PlatformConfig): ConfigIssue[] {
    const identity = config.identity;
    if (config.ingress.controller !== "envoyGateway" || identity.provider === "none" || identity.ingressClassName) {
        return [];
    }
    return [
        {
            path: "identity.provider",
            message:
                `${identity.provider} is published through an Ingress, and ingress.controller envoyGateway serves Gateway API routes only: ` +
                `use ingress.controller nginx or contour, or set identity.ingressClassName to an IngressClass another controller serves`,
        },
    ];
}

/**
 * The acceptance of the retired controller is given only through `ingress.nginx.acceptRetired`
 * (validated: a reason, a real date): the annotations it writes may not come in through raw values.
 */
export function acceptanceThroughValuesIssues(config: IngressConfig): ConfigIssue[] {
    const annotations = (config.nginx.values as { controller?: { annotations?: Record<string, unknown> } }).controller?.annotations ?? {};
    return Object.values(retiredControllerAcceptance)
        .filter((key) => key in annotations)
        .map((key) => ({
            path: `ingress.nginx.values.controller.annotations.${key}`,
            message: "accept the retired controller with ingress.nginx.acceptRetired ({ reason, until }), not through raw values",
        }));
}

export interface IngressArgs {
    context: AddonContext;
    config: IngressConfig;
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
}

export class Ingress extends pulumi.ComponentResource {
    readonly controller: HelmAddon;
    /** Contour's CRD release (Contour only). */
    readonly crds?: HelmAddon;
    readonly loadBalancer: Service;
    readonly envoyProxy?: CustomResource;
    readonly gatewayClass?: CustomResource;
    readonly gateway?: CustomResource;
    readonly outputs: IngressOutputs;

    constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
        const { context, config } = args;
        const cluster = context.cluster;
        const plan = controllerPlan(config, context.config.airgap.imageRegistry);
        super("platform:ingress:Ingress", name, {}, { ...opts, providers: { kubernetes: cluster.provider } });
        const child = { parent: this };
        const dataPlane = dataPlaneOptions(context.config, plan, cluster.managedControlPlane);

        // Contour: the CRD release goes in the controller's namespace, before the controller's release
        // (which waits for it through `handedOver`, resolved once the CRDs are marked to keep).
        let handOver: (resources: pulumi.Resource[]) => void = () => undefined;
        const handedOver = new Promise<pulumi.Resource[]>((resolve) => (handOver = resolve));
        const controllerNeeds: pulumi.Input<pulumi.Resource>[] =
            config.controller === "contour" ? contourChartCrds.map((_, i) => handedOver.then((patches) => patches[i])) : [];

        this.controller = new HelmAddon(
            `${name}-${config.controller.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
            {
                context,
                settings: { ...plan.settings, enabled: true },
                chart: plan.chart,
                releaseName: plan.releaseName,
                namespace: { name: plan.namespace, podSecurity: "restricted", labels: { "platform.io/component": "ingress" } },
                values: plan.values(dataPlane),
                defaultTimeoutSeconds: 600,
                crds: plan.crds,
                scraping: args.scraping,
                traffic: plan.traffic,
                priorityClassAt: plan.priorityClassAt,
                needs: controllerNeeds,
            },
            child,
        );
        const release = this.controller.release;

        let gatewayApiCrds: Release | undefined;
        if (config.controller === "contour") {
            const crds = new HelmAddon(
                `${name}-contour-crds`,
                {
                    context,
                    // The controller's version override applies (one chart); its values do not.
                    settings: { enabled: true, version: plan.settings.version, values: {}, timeoutSeconds: plan.settings.timeoutSeconds },
                    chart: "contour",
                    releaseName: contourCrdReleaseName,
                    namespace: { shared: this.controller.namespace, name: plan.namespace },
                    values: contourCrdValues(),
                    defaultTimeoutSeconds: 300,
                    crds: "templates",
                    // Stacks created before this release had the CRDs in the controller's release.
                    takeOwnership: true,
                    keepOnDelete: true,
                    traffic: {},
                },
                child,
            );
            this.crds = crds;
            // Keep the CRDs when the controller's release stops rendering them (its upgrade would delete
            // them otherwise), and whatever happens to the Contour releases later.
            handOver(
                contourChartCrds.map(
                    (crd) =>
                        new CustomResourceDefinitionPatch(
                            `${name}-keep-${crd}`,
                            { metadata: { name: crd, annotations: { ...helmKeepAnnotation } } },
                            { ...child, dependsOn: [crds.release], retainOnDelete: true },
                        ),
                ),
            );
            gatewayApiCrds = crds.release;
        } else if (config.controller === "envoyGateway") {
            // The chart's crds/ folder: installed with the release.
            gatewayApiCrds = release;
        }

        this.loadBalancer = new Service(
            `${name}-load-balancer`,
            loadBalancerServiceSpec({
                namespace: plan.namespace,
                selector: plan.dataPlaneLabels,
                annotations: cluster.loadBalancer.serviceAnnotations(config.loadBalancer.internal),
                sourceRanges: config.loadBalancer.sourceRanges,
                awaitAddress: cluster.loadBalancer.awaitAddress,
                targetPorts: plan.targetPorts,
            }),
            { ...child, dependsOn: [release] },
        );

        let gateway: IngressOutputs["gateway"];
        if (plan.gateway) {
            const gatewayName = plan.gateway.name;
            // One GatewayClass name for every Gateway API controller: a switch replaces it (its
            // controllerName is immutable), deleting the old one first (the name is cluster-wide).
            const classOpts = { ...child, replaceOnChanges: ["spec.controllerName"], deleteBeforeReplace: true };
            if (config.controller === "envoyGateway") {
                const priority = context.priorityClass;
                this.envoyProxy = new CustomResource(
                    `${name}-envoy-proxy`,
                    envoyProxySpec({
                        name: gatewayName,
                        namespace: plan.namespace,
                        replicas: config.replicas,
                        spread: dataPlane.spread,
                        proxyLabels: plan.dataPlaneLabels,
                        priorityClassName: priority?.name,
                    }),
                    { ...child, dependsOn: [release, ...(priority ? [priority.resource] : [])] },
                );
                this.gatewayClass = new CustomResource(
                    `${name}-gateway-class`,
                    envoyGatewayClassSpec(gatewayName, { name: gatewayName, namespace: plan.namespace }),
                    {
                        ...classOpts,
                        dependsOn: [release, this.envoyProxy],
                    },
                );
                this.gateway = new CustomResource(`${name}-gateway`, envoyGatewaySpec(gatewayName, plan.namespace), {
                    ...child,
                    dependsOn: [this.gatewayClass],
                });
            } else {
                // The Gateway API CRDs come with the CRD release, Contour with the controller's.
                this.gatewayClass = new CustomResource(`${name}-gateway-class`, gatewayClassSpec(gatewayName), { ...classOpts, dependsOn: [release] });
                this.gateway = new CustomResource(`${name}-gateway`, gatewaySpec(gatewayName, plan.namespace), { ...child, dependsOn: [this.gatewayClass] });
            }
            gateway = { name: gatewayName, namespace: plan.namespace, className: gatewayName, httpListener: plan.gateway.httpListener };
        }

        this.outputs = {
            controller: config.controller,
            ingressClassName: plan.ingressClassName,
            namespace: plan.namespace,
            dataPlaneLabels: plan.dataPlaneLabels,
            gateway,
            gatewayApiCrds,
            release,
            loadBalancer: this.loadBalancer,
            dataPlane: { namespaceName: plan.namespace, podLabels: plan.dataPlaneLabels },
        };
        this.registerOutputs({ ingressClassName: plan.ingressClassName, namespace: plan.namespace });
    }
}

/**
 * The ingress add-on: one controller (ingress-nginx, Envoy Gateway or Contour) behind the one cloud
 * load balancer. Hardening is checked on the values Helm will get (the platform's, then the stack's)
 * before anything is installed.
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
        return [
            ...ingressValueIssues(config.ingress.controller, deepMerge(plan.values(dataPlaneOptions(config, plan, true)), plan.settings.values)),
            ...ingressCompatibilityIssues(config),
            ...acceptanceThroughValuesIssues(config.ingress),
        ];
    },
    namespaces: (config) => [{ name: controllerPlan(config.ingress, undefined).namespace, podSecurity: "restricted" }],
    install: (context, { observability }): IngressOutputs =>
        new Ingress("ingress", { context, config: context.config.ingress, scraping: observability?.scraping }).outputs,
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
