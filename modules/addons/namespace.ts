/**
 * Namespaces with Pod Security Admission labels: every namespace the platform creates goes through
 * here. Kubernetes' own namespaces are listed here too: the platform never manages them.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { podSecurityVersion } from "./versions";

/** Pod Security Standards level enforced on a namespace. */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** PSA labels: the level enforced, audited and warned on, at a pinned version. */
export function podSecurityLabels(level: PodSecurityLevel, version = podSecurityVersion): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const mode of ["enforce", "audit", "warn"]) {
        labels[`pod-security.kubernetes.io/${mode}`] = level;
        labels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    return labels;
}

export interface NamespaceArgs {
    /** The namespace's name in the cluster. */
    name: string;
    /** Pod Security level; `restricted` unless the service truly needs more (node agents). */
    podSecurity: PodSecurityLevel;
    /** Extra labels (e.g. `platform.io/component`). */
    labels?: Record<string, string>;
}

/** Kubernetes' own namespaces: exempt from admission constraints, never given platform network policies. */
export const systemNamespaces = ["kube-system", "kube-public", "kube-node-lease", "default"] as const;

/** The label every platform namespace carries, used by network policies to select platform traffic. */
export const platformNamespaceLabel = "platform.io/namespace";

export function createNamespace(resourceName: string, args: NamespaceArgs, opts: pulumi.CustomResourceOptions): Namespace {
    return new Namespace(
        resourceName,
        {
            metadata: {
                name: args.name,
                labels: { [platformNamespaceLabel]: args.name, ...podSecurityLabels(args.podSecurity), ...args.labels },
            },
        },
        opts,
    );
}
