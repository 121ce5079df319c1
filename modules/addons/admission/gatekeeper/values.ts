/**
 * Gatekeeper chart values (chart 3.23.0): audit on, CEL engine on, HA and fail-closed in deny mode,
 * a webhook that never sees the exempt namespaces, the namespace labels its post-install hook writes
 * equal to the platform's. Pure.
 *
 * Values paths read in the chart's templates at v3.23.0:
 * - `validatingWebhookExemptNamespacesLabels` / `mutatingWebhookExemptNamespacesLabels`: each key a
 *   `NotIn` term of the webhooks' namespaceSelector (the chart adds its own namespace under
 *   `kubernetes.io/metadata.name`);
 * - `postInstall.labelNamespace.podSecurity`: the `key=value` labels the post-install hook Job writes
 *   on its namespace with `kubectl label --overwrite` (namespace-post-install.yaml), next to
 *   `admission.gatekeeper.sh/ignore=no-self-managing`;
 * - `controllerManager.priorityClassName`, `audit.priorityClassName` (default
 *   `system-cluster-critical`) and `resourceQuota` (a ResourceQuota admitting that class in the
 *   namespace, which GKE requires outside kube-system);
 * - `controllerManager.topologySpreadConstraints`; webhook pods carry `control-plane: controller-manager`.
 */
import type { Tier } from "../../../config";
import { deploymentSpread } from "../../security/placement";
import type { Values } from "../../values";

export interface GatekeeperValuesInput {
    tier?: Tier;
    replicas: number;
    auditIntervalSeconds: number;
    enforcement: "deny" | "warn" | "dryrun";
    /** Namespaces allowed to carry the `admission.gatekeeper.sh/ignore` label. */
    exemptNamespaces: string[];
    /** Namespaces the webhooks are never called for (the constraints exclude them too). Default: none. */
    webhookExemptNamespaces?: string[];
    /** The labels the platform puts on Gatekeeper's namespace (its PSA labels): the post-install hook writes the same. */
    namespaceLabels?: Record<string, string>;
    image: (ref: string) => string;
}

/** The webhook pods' labels (gatekeeper-controller-manager-deployment.yaml). */
export const webhookPodLabels = { "control-plane": "controller-manager", "gatekeeper.sh/operation": "webhook" };

/**
 * Kubernetes' own PriorityClass for Gatekeeper's webhook and audit: the admission path of every
 * request must outrank every workload, platform ones included (Gatekeeper's documented setting,
 * with the chart's ResourceQuota admitting it in the namespace).
 */
export const gatekeeperPriorityClass = "system-cluster-critical";

/** The post-install hook's `podSecurity` entries: the platform's Pod Security labels, `key=value`. */
export function hookNamespaceLabels(labels: Record<string, string>): string[] {
    return Object.entries(labels)
        .filter(([k]) => k.startsWith("pod-security.kubernetes.io/"))
        .map(([k, v]) => `${k}=${v}`)
        .sort();
}

export function gatekeeperValues(o: GatekeeperValuesInput): Values {
    const hook = { image: { repository: o.image("openpolicyagent/gatekeeper-crds") } };
    const exempt =
        o.webhookExemptNamespaces && o.webhookExemptNamespaces.length > 0 ? { "kubernetes.io/metadata.name": [...o.webhookExemptNamespaces].sort() } : {};
    const psa = o.namespaceLabels ? { podSecurity: hookNamespaceLabels(o.namespaceLabels) } : {};
    return {
        replicas: o.replicas,
        auditInterval: o.auditIntervalSeconds,
        disableAudit: false,
        auditFromCache: false,
        constraintViolationsLimit: 50,
        enableK8sNativeValidation: true,
        logDenies: true,
        // Fail closed only when the platform denies: a webhook outage then blocks rather than admits.
        validatingWebhookFailurePolicy: o.enforcement === "deny" ? "Fail" : "Ignore",
        validatingWebhookTimeoutSeconds: 5,
        // The API server never calls the webhooks for these namespaces (kubernetes.io/metadata.name is
        // set by the API server on every namespace), so kube-system keeps working while Gatekeeper is
        // down, even with failurePolicy Fail.
        validatingWebhookExemptNamespacesLabels: exempt,
        mutatingWebhookExemptNamespacesLabels: exempt,
        resourceQuota: true,
        image: { repository: o.image("openpolicyagent/gatekeeper"), crdRepository: o.image("openpolicyagent/gatekeeper-crds") },
        postInstall: { labelNamespace: { ...hook, ...psa }, probeWebhook: { image: { repository: o.image("curlimages/curl") } } },
        postUpgrade: { labelNamespace: { ...hook, ...psa } },
        preUninstall: { deleteWebhookConfigurations: hook },
        controllerManager: {
            exemptNamespaces: o.exemptNamespaces,
            priorityClassName: gatekeeperPriorityClass,
            topologySpreadConstraints: deploymentSpread(webhookPodLabels, o.tier ?? "dev"),
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
        },
        audit: { priorityClassName: gatekeeperPriorityClass, resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } } },
        pdb: { controllerManager: { minAvailable: o.replicas > 1 ? 1 : 0 } },
    };
}
