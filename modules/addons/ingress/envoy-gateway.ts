/**
 * Envoy Gateway (envoyproxy/gateway `gateway-helm` v1.9.0 keys): the maintained Gateway API path.
 * The chart installs the controller (and, from its `crds` subchart's crds/ folder, the Envoy Gateway
 * and Gateway API CRDs, which Helm never deletes); the controller creates the Envoy data plane for
 * the platform's one Gateway, shaped by an EnvoyProxy the GatewayClass names: replicas, zone and
 * node spread, the platform PriorityClass, a ClusterIP Service (the platform's one LoadBalancer
 * Service is a first-class resource, modules/addons/ingress/load-balancer.ts) and a
 * PodDisruptionBudget.
 *
 * The shared Gateway has one listener, plain HTTP on port 80 (ACME HTTP-01 challenges and HTTPS
 * redirects, routes from every namespace), and accepts ListenerSets from every namespace: a tenant
 * brings its HTTPS listener with its own hostname and certificate (Gateway API v1.5+ ListenerSet),
 * and attaches HTTPRoutes to it. Envoy Gateway serves no Ingress objects.
 */
import type { Values } from "../values";
import { spreadConstraints, SpreadPolicy } from "./common";

export const envoyGatewayControllerName = "gateway.envoyproxy.io/gatewayclass-controller";
export const gatewayApiVersion = "gateway.networking.k8s.io/v1";
export const envoyProxyApiVersion = "gateway.envoyproxy.io/v1alpha1";

/** Envoy listens on the listener port plus 10000 for ports below 1024 (no NET_BIND_SERVICE needed). */
export const envoyListenerPorts = { http: 10080, https: 10443 } as const;

/** Pod labels of the controller (the chart's Deployment selector). */
export function envoyGatewayControllerLabels(releaseName: string): Record<string, string> {
    return { "control-plane": "envoy-gateway", "app.kubernetes.io/name": "gateway-helm", "app.kubernetes.io/instance": releaseName };
}

/** Pod labels the controller puts on the Envoy proxies it runs for one Gateway. */
export function envoyProxyLabels(gatewayName: string, gatewayNamespace: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": "envoy",
        "app.kubernetes.io/component": "proxy",
        "app.kubernetes.io/managed-by": "envoy-gateway",
        "gateway.envoyproxy.io/owning-gateway-name": gatewayName,
        "gateway.envoyproxy.io/owning-gateway-namespace": gatewayNamespace,
    };
}

export interface EnvoyGatewayOptions {
    releaseName: string;
    /** Data-plane replicas; the controller runs two replicas when the data plane has more than one. */
    replicas: number;
    spread: SpreadPolicy;
}

/**
 * The controller chart's values. The air-gap registry is not set here: HelmAddon writes it from the
 * chart's image table (modules/addons/images/), as full references of the controller, the Envoy
 * proxies and the rate limit service, since the chart's `global.imageRegistry` does not reach the
 * proxies' image and doubles a registry that has a path.
 */
export function envoyGatewayValues(o: EnvoyGatewayOptions): Values {
    const ha = o.replicas > 1;
    return {
        deployment: {
            replicas: ha ? 2 : 1,
            pod: { topologySpreadConstraints: spreadConstraints(envoyGatewayControllerLabels(o.releaseName), ha ? 2 : 1, o.spread) },
            envoyGateway: { resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1024Mi" } } },
        },
        podDisruptionBudget: ha ? { minAvailable: 1 } : { minAvailable: 0 },
        // The controller's own Service (xDS, webhook) stays cluster-internal.
        service: { type: "ClusterIP" },
        config: {
            envoyGateway: {
                gateway: { controllerName: envoyGatewayControllerName },
                // The risky extension APIs stay off (they are off by default; hardening rejects turning them on).
                extensionApis: { enableEnvoyPatchPolicy: false, enableBackend: false, enableLua: false },
            },
        },
    };
}

export interface EnvoyProxyOptions {
    name: string;
    namespace: string;
    replicas: number;
    spread: SpreadPolicy;
    /** Labels of the proxies (their selector): spread constraints select them. */
    proxyLabels: Record<string, string>;
    /** The platform PriorityClass, when the platform has one. */
    priorityClassName?: string;
}

/**
 * The EnvoyProxy the GatewayClass names: the data plane's Deployment, Service and PDB. Merged over
 * the controller's defaults (StrategicMerge), so the chart's image settings (the air-gap mirror) hold.
 */
export function envoyProxySpec(o: EnvoyProxyOptions) {
    const ha = o.replicas > 1;
    return {
        apiVersion: envoyProxyApiVersion,
        kind: "EnvoyProxy",
        metadata: { name: o.name, namespace: o.namespace },
        spec: {
            mergeType: "StrategicMerge",
            provider: {
                type: "Kubernetes",
                kubernetes: {
                    envoyDeployment: {
                        replicas: o.replicas,
                        pod: {
                            labels: { "platform.io/component": "ingress" },
                            topologySpreadConstraints: spreadConstraints(o.proxyLabels, o.replicas, o.spread),
                            ...(o.priorityClassName ? { priorityClassName: o.priorityClassName } : {}),
                        },
                        container: { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } } },
                    },
                    // The platform's one LoadBalancer Service sends traffic to the proxies; theirs stays internal.
                    envoyService: { type: "ClusterIP" },
                    ...(ha ? { envoyPDB: { maxUnavailable: 1 } } : {}),
                },
            },
        },
    };
}

/** The GatewayClass Envoy Gateway serves, configured by the platform's EnvoyProxy. */
export function envoyGatewayClassSpec(name: string, envoyProxy: { name: string; namespace: string }) {
    return {
        apiVersion: gatewayApiVersion,
        kind: "GatewayClass",
        metadata: { name },
        spec: {
            controllerName: envoyGatewayControllerName,
            parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: envoyProxy.name, namespace: envoyProxy.namespace },
        },
    };
}

/** The shared Gateway's plain-HTTP listener (port 80): where ACME HTTP-01 challenges arrive. */
export const envoyHttpListenerName = "http";

/**
 * The shared Gateway: HTTP on 80 for routes from every namespace, and ListenerSets from every
 * namespace (each tenant's HTTPS listeners, with its own hostnames and certificates).
 */
export function envoyGatewaySpec(name: string, namespace: string) {
    const all = { namespaces: { from: "All" } };
    return {
        apiVersion: gatewayApiVersion,
        kind: "Gateway",
        metadata: { name, namespace },
        spec: {
            gatewayClassName: name,
            allowedListeners: all,
            listeners: [{ name: envoyHttpListenerName, protocol: "HTTP", port: 80, allowedRoutes: all }],
        },
    };
}
