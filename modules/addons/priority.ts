/**
 * The platform's PriorityClass: every platform service's pods run above tenant workloads (which keep
 * the cluster's default priority, 0), so under node pressure the scheduler evicts a tenant pod before
 * the ingress data plane, Vault, the admission webhook or the metrics pipeline. It stays below
 * Kubernetes' own `system-cluster-critical` and `system-node-critical` classes.
 */
import * as pulumi from "@pulumi/pulumi";
import { PriorityClass } from "@pulumi/kubernetes/scheduling/v1";

export const platformPriorityClass = {
    name: "platform-critical",
    /** Above tenant workloads (0) and below system-cluster-critical (2,000,000,000). */
    value: 1_000_000,
} as const;

/** Creates the platform's PriorityClass (with the cluster's Kubernetes provider). */
export function createPriorityClass(provider: pulumi.ProviderResource): PriorityClass {
    return new PriorityClass(
        "platform-priority-class",
        {
            metadata: { name: platformPriorityClass.name, labels: { "platform.io/component": "platform" } },
            value: platformPriorityClass.value,
            globalDefault: false,
            preemptionPolicy: "PreemptLowerPriority",
            description: "Platform services (ingress, admission, secrets, certificates, observability): scheduled and kept before tenant workloads.",
        },
        { provider },
    );
}
