/**
 * Contour with the Gateway API (projectcontour/helm-charts `contour` 0.7.0 keys), statically
 * provisioned: one GatewayClass and one shared Gateway that Contour serves (`gateway.gatewayRef`),
 * Envoy as a Deployment behind the platform's one LoadBalancer Service. Contour keeps serving
 * Ingress (class `contour`, the cluster default) next to Gateway API routes, so cert-manager HTTP01
 * and tenant Ingresses work the same as with ingress-nginx.
 *
 * The CRDs (Contour's and the Gateway API's) come from a second release of the same chart that
 * renders nothing else (`contourCrdValues`), which Pulumi never uninstalls: switching controller or
 * turning ingress off keeps every Gateway, route and HTTPProxy. The controller's release renders no
 * CRDs (the chart has no keep-policy switch, and `helm uninstall` deletes every CRD it rendered).
 */
import type { Values } from "../values";
import { spreadConstraints, DataPlaneOptions } from "./common";
import { gatewayApiVersion } from "./envoy-gateway";

export const contourIngressClass = "contour";
export const contourControllerName = "projectcontour.io/gateway-controller";

export function envoyLabels(releaseName: string): Record<string, string> {
    return { "app.kubernetes.io/name": "contour", "app.kubernetes.io/instance": releaseName, "app.kubernetes.io/component": "envoy" };
}

export interface ContourOptions extends DataPlaneOptions {
    /** Name of the shared Gateway and its GatewayClass. */
    gatewayName: string;
    /** The air-gap image registry, when one is set (overrides every image's registry). */
    imageRegistry?: string;
}

export function contourValues(o: ContourOptions): Values {
    const envoy = envoyLabels(o.releaseName);
    const contour = { ...envoy, "app.kubernetes.io/component": "contour" };
    const ha = o.replicas > 1;
    return {
        global: { imageRegistry: o.imageRegistry ?? "" },
        configInline: {
            disablePermitInsecure: false,
            tls: { "fallback-certificate": {} },
            "accesslog-format": "envoy",
            gateway: { gatewayRef: { name: o.gatewayName, namespace: o.namespace } },
        },
        contour: {
            replicaCount: ha ? 2 : 1,
            // The CRDs come from the CRD release (contourCrdValues).
            manageCRDs: false,
            ingressClass: { name: contourIngressClass, create: true, default: true },
            // Contour reports the platform Service's address in Ingress and Gateway status.
            envoyServiceName: o.loadBalancerServiceName,
            pdb: { create: ha, maxUnavailable: 1 },
            topologySpreadConstraints: spreadConstraints(contour, ha ? 2 : 1, o.spread),
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        },
        envoy: {
            kind: "deployment",
            replicaCount: o.replicas,
            pdb: { create: ha, maxUnavailable: 1 },
            topologySpreadConstraints: spreadConstraints(envoy, o.replicas, o.spread),
            useHostPort: { http: false, https: false, metrics: false },
            // The chart's own Envoy Service stays cluster-internal: one LoadBalancer for the platform.
            service: { type: "ClusterIP", externalTrafficPolicy: "" },
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        },
        gatewayAPI: { manageCRDs: false },
        metrics: { serviceMonitor: { enabled: false } },
    };
}

/** The release that holds the CRDs: the same chart, with its Deployments, RBAC, config and IngressClass off. */
export const contourCrdReleaseName = "contour-crds";

/**
 * Values for the CRD-only release of the Contour chart: Contour's CRDs and the Gateway API's
 * (`contour.manageCRDs`, `gatewayAPI.manageCRDs`, rendered as templates, so chart bumps upgrade them)
 * and nothing else. Every other object the chart can render is switched off, and the names are
 * distinct from the controller release's in case a chart bump adds one.
 */
export function contourCrdValues(): Values {
    return {
        fullnameOverride: contourCrdReleaseName,
        configInline: null,
        contour: {
            enabled: false,
            manageCRDs: true,
            ingressClass: { create: false },
            certgen: { serviceAccount: { create: false } },
        },
        envoy: { enabled: false },
        gatewayAPI: { manageCRDs: true },
        metrics: { serviceMonitor: { enabled: false }, prometheusRule: { enabled: false } },
        rbac: { create: false },
    };
}

/**
 * Every CRD the Contour chart (0.7.0 and earlier) renders: Contour's five and the Gateway API's
 * experimental bundle (v1.3.0). Stacks created before the CRD release had them in the controller's
 * release; they are annotated `helm.sh/resource-policy: keep` before that release stops rendering
 * them, or its upgrade would delete them.
 */
export const contourChartCrds: readonly string[] = [
    "contourconfigurations.projectcontour.io",
    "contourdeployments.projectcontour.io",
    "extensionservices.projectcontour.io",
    "httpproxies.projectcontour.io",
    "tlscertificatedelegations.projectcontour.io",
    "backendtlspolicies.gateway.networking.k8s.io",
    "gatewayclasses.gateway.networking.k8s.io",
    "gateways.gateway.networking.k8s.io",
    "grpcroutes.gateway.networking.k8s.io",
    "httproutes.gateway.networking.k8s.io",
    "referencegrants.gateway.networking.k8s.io",
    "tcproutes.gateway.networking.k8s.io",
    "tlsroutes.gateway.networking.k8s.io",
    "udproutes.gateway.networking.k8s.io",
    "xbackendtrafficpolicies.gateway.networking.x-k8s.io",
    "xlistenersets.gateway.networking.x-k8s.io",
];

/** The GatewayClass Contour serves. */
export function gatewayClassSpec(name: string) {
    return { apiVersion: gatewayApiVersion, kind: "GatewayClass", metadata: { name }, spec: { controllerName: contourControllerName } };
}

/** The shared Gateway's plain-HTTP listener (port 80): where ACME HTTP-01 challenges arrive. */
export const httpListenerName = "http";

/**
 * The shared Gateway: HTTP on 80 and Contour's HTTPS-passthrough-to-Ingress protocol on 443, open to
 * routes from every namespace (tenants attach HTTPRoutes; Ingress keeps working).
 */
export function gatewaySpec(name: string, namespace: string) {
    const allowedRoutes = { namespaces: { from: "All" } };
    return {
        apiVersion: gatewayApiVersion,
        kind: "Gateway",
        metadata: { name, namespace },
        spec: {
            gatewayClassName: name,
            listeners: [
                { name: httpListenerName, protocol: "HTTP", port: 80, allowedRoutes },
                { name: "https", protocol: "projectcontour.io/https", port: 443, allowedRoutes },
            ],
        },
    };
}
