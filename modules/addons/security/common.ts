/** Pieces every security add-on shares: system namespaces, config errors, hardened pod settings. */
import * as pulumi from "@pulumi/pulumi";
import type { BoundIdentity } from "../../cluster/contract";
import { ConfigError } from "../../config/errors";

/** Kubernetes' own namespaces: exempt from admission constraints, never given platform network policies. */
export const systemNamespaces = ["kube-system", "kube-public", "kube-node-lease", "default"] as const;

/**
 * A bad option found while building an add-on (one that depends on the cluster, so the config schema
 * cannot see it): a ConfigError naming the key path, reported like every other config problem.
 */
export class SecurityConfigError extends ConfigError {
    constructor(keyPath: string, message: string) {
        super([{ path: keyPath, message }]);
    }
}

/** Restricted-PSS container security context (drop ALL, no escalation, RuntimeDefault seccomp). */
export const restrictedContainer = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
};

/** Restricted-PSS pod security context. */
export const restrictedPod = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

/** Requests (and a memory limit) sized for a small controller. */
export function smallResources(cpu = "50m", memory = "128Mi", memoryLimit = "256Mi") {
    return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** The identity pieces a chart needs (service-account annotations, pod labels), or none. */
export interface ChartIdentity {
    annotations: pulumi.Output<Record<string, string>>;
    podLabels: Record<string, string>;
    /** Cloud resources that must exist before the pods use the identity. */
    resources: pulumi.Resource[];
}

export function chartIdentity(bound: BoundIdentity | undefined): ChartIdentity | undefined {
    return bound ? { annotations: bound.serviceAccountAnnotations, podLabels: bound.podLabels, resources: bound.resources } : undefined;
}

/** The host of an https URL (`https://dex.example.com/x` -> `dex.example.com`). */
export function hostOf(url: string): string {
    return new URL(url).host;
}
