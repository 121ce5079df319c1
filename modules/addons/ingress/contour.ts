/**
 * Contour with the Gateway API (projectcontour/helm-charts `contour` 0.7.0 keys), statically
 * provisioned: one GatewayClass and one shared Gateway that Contour serves (`gateway.gatewayRef`),
 * Envoy as a Deployment behind the platform's one LoadBalancer Service. Contour keeps serving
 * Ingress (class `contour`, the cluster default) next to Gateway API routes, so cert-manager HTTP01
 * and tenant Ingresses work the same as with ingress-nginx.
 */
import type { Values } from "../values";
import { spreadConstraints, DataPlaneOptions } from "./common";

export const contourIngressClass = "contour";
export const contourControllerName = "projectcontour.io/gateway-controller";
export const gatewayApiVersion = "gateway.networking.k8s.io/v1";

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
            manageCRDs: true,
            ingressClass: { name: contourIngressClass, create: true, default: true },
            // Contour reports the platform Service's address in Ingress and Gateway status.
            envoyServiceName: o.loadBalancerServiceName,
            pdb: { create: ha, maxUnavailable: 1 },
            topologySpreadConstraints: spreadConstraints(contour, ha ? 2 : 1),
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        },
        envoy: {
            kind: "deployment",
            replicaCount: o.replicas,
            pdb: { create: ha, maxUnavailable: 1 },
            topologySpreadConstraints: spreadConstraints(envoy, o.replicas),
            useHostPort: { http: false, https: false, metrics: false },
            // The chart's own Envoy Service stays cluster-internal: one LoadBalancer for the platform.
            service: { type: "ClusterIP", externalTrafficPolicy: "" },
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        },
        gatewayAPI: { manageCRDs: true },
        metrics: { serviceMonitor: { enabled: false } },
    };
}

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
