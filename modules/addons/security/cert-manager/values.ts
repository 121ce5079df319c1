/**
 * cert-manager chart values (chart v1.21.1; its values.schema.json rejects unknown keys). Pure.
 *
 * Values paths read in the chart's templates at v1.21.1: `global.priorityClassName` (every
 * Deployment), `topologySpreadConstraints`, `webhook.topologySpreadConstraints` and
 * `cainjector.topologySpreadConstraints`; the pods carry `app.kubernetes.io/instance: <release>` and
 * `app.kubernetes.io/component: controller|webhook|cainjector`.
 */
import type { Tier } from "../../../config";
import type { Values } from "../../values";
import { deploymentSpread } from "../placement";
import { smallResources } from "../../workload-defaults";

export interface CertManagerValuesInput {
    tier: Tier;
    /** The Helm release name (the pods' `app.kubernetes.io/instance`). */
    releaseName: string;
    /** Replicas of controller, webhook and cainjector; PodDisruptionBudgets when > 1. */
    replicas: number;
    /** The namespace the chart is installed in (leader election stays inside it). */
    namespace: string;
    /** The service account the controller runs as (the DNS-01 identity is bound to it). */
    serviceAccountName: string;
    /** Image registry (the air-gap mirror or quay.io). */
    imageRegistry: string;
    /** Solve HTTP-01 through Gateway API HTTPRoutes. */
    gatewayApi: boolean;
}

export function certManagerValues(o: CertManagerValuesInput): Values {
    const ha = o.replicas > 1;
    const pdb = { enabled: ha, minAvailable: 1 };
    const spread = (component: string) => deploymentSpread({ "app.kubernetes.io/instance": o.releaseName, "app.kubernetes.io/component": component }, o.tier);
    const values: Values = {
        crds: { enabled: true, keep: true },
        imageRegistry: o.imageRegistry,
        global: { leaderElection: { namespace: o.namespace } },
        replicaCount: o.replicas,
        podDisruptionBudget: pdb,
        resources: smallResources("50m", "128Mi", "512Mi"),
        topologySpreadConstraints: spread("controller"),
        // Annotations and pod labels, with DNS-01: the DNS-01 identity (HelmAddon identities).
        serviceAccount: { create: true, name: o.serviceAccountName },
        // Metrics on; ServiceMonitors are switched on by the platform scraping (HelmAddon) once the CRDs exist.
        prometheus: { enabled: true },
        // The webhook is on every cert-manager resource's admission path: its replicas on different zones and nodes.
        webhook: {
            replicaCount: o.replicas,
            podDisruptionBudget: pdb,
            resources: smallResources("20m", "64Mi", "128Mi"),
            topologySpreadConstraints: spread("webhook"),
        },
        cainjector: {
            replicaCount: o.replicas,
            podDisruptionBudget: pdb,
            resources: smallResources("20m", "128Mi", "512Mi"),
            topologySpreadConstraints: spread("cainjector"),
        },
        startupapicheck: { enabled: true, resources: smallResources("10m", "32Mi", "64Mi") },
    };
    if (o.gatewayApi) {
        values.config = { apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", gatewayAPI: { enabled: true } };
    }
    return values;
}
