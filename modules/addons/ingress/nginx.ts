/**
 * ingress-nginx chart values (4.15.1 keys, the project's final release): hardened and, in prod,
 * highly available. The chart's own Services are off: the platform's one LoadBalancer Service is a
 * first-class resource (modules/addons/ingress/load-balancer.ts) the controller publishes through.
 * A stack's acceptance of the retired controller (`ingress.nginx.acceptRetired`) is written as two
 * annotations on the controller Deployment, where the policy pack reads it from the release.
 */
import type { AcceptRetired } from "../../config/sections/ingress";
import { retiredControllerAcceptance } from "../../../policy-pack/policies/helm/ingress-nginx";
import type { Values } from "../values";
import { spreadConstraints, DataPlaneOptions } from "./common";

/** The IngressClass ingress-nginx serves; the cluster's default class. */
export const nginxIngressClass = "nginx";

/** Pod labels the chart puts on the controller pods (its selector labels plus component). */
export function nginxControllerLabels(releaseName: string): Record<string, string> {
    return { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/instance": releaseName, "app.kubernetes.io/component": "controller" };
}

export interface NginxOptions extends DataPlaneOptions {
    /** Highest annotation risk level accepted (never Critical). */
    annotationsRiskLevel: "Low" | "Medium" | "High";
    /** The stack's explicit acceptance of the retired controller, when it gives one. */
    acceptRetired?: AcceptRetired;
}

/** The controller Deployment's annotations that record the acceptance of the retired controller. */
export function acceptanceAnnotations(accept: AcceptRetired | undefined): Record<string, string> {
    if (!accept) {
        return {};
    }
    return { [retiredControllerAcceptance.reason]: accept.reason, ...(accept.until ? { [retiredControllerAcceptance.until]: accept.until } : {}) };
}

export function nginxValues(o: NginxOptions): Values {
    const labels = nginxControllerLabels(o.releaseName);
    return {
        global: { image: { registry: o.registry("registry.k8s.io") } },
        controller: {
            ...(o.acceptRetired ? { annotations: acceptanceAnnotations(o.acceptRetired) } : {}),
            replicaCount: o.replicas,
            // The chart renders the PodDisruptionBudget only above one replica.
            maxUnavailable: 1,
            topologySpreadConstraints: spreadConstraints(labels, o.replicas, o.spread),
            // Hardening: no snippet annotations (CVE-2021-25742, CVE-2025-1974), annotation risk
            // capped below Critical, annotation and path validation on, admission webhook on.
            allowSnippetAnnotations: false,
            enableAnnotationValidations: true,
            config: {
                "allow-snippet-annotations": "false",
                "annotations-risk-level": o.annotationsRiskLevel,
                "strict-validate-path-type": "true",
                "server-tokens": "false",
            },
            admissionWebhooks: { enabled: true, failurePolicy: "Fail" },
            metrics: { enabled: true, serviceMonitor: { enabled: false } },
            ingressClass: nginxIngressClass,
            ingressClassResource: { name: nginxIngressClass, enabled: true, default: true, controllerValue: "k8s.io/ingress-nginx" },
            watchIngressWithoutClass: false,
            // One load balancer for the platform: the chart creates no Service of its own and the
            // controller reports the platform Service's address in Ingress status.
            service: { enabled: false },
            publishService: { enabled: false },
            extraArgs: { "publish-service": `${o.namespace}/${o.loadBalancerServiceName}` },
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        },
        defaultBackend: { enabled: false },
    };
}
