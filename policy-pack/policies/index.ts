/**
 * Every policy of the pack, listed explicitly in one array (a policy that registered itself on import
 * could silently vanish). Groups follow the catalogue: Kubernetes objects, Helm releases, clusters,
 * storage, and stack-wide checks.
 */
import type { PlatformPolicy } from "../lib/engine";
import { cloudPolicies } from "./cloud";
import { helmPolicies } from "./helm";
import { kubernetesPolicies } from "./kubernetes";
import { stackPolicies } from "./stack";
import { storagePolicies } from "./storage";
import { requireUniqueIngressHosts } from "./kubernetes/unique-ingress-hosts";
import { limitRangeType, namespaceType, networkPolicyType, requireTenantNamespaceBaseline, resourceQuotaType } from "./stack/require-tenant-namespace-baseline";

/** The catalogue's groups, by name (the `policy check --rules` CLI selects among them). */
export const policyGroups: Readonly<Record<string, readonly PlatformPolicy[]>> = {
    kubernetes: kubernetesPolicies,
    helm: helmPolicies,
    cloud: cloudPolicies,
    storage: storagePolicies,
    stack: stackPolicies,
};

export const policies: readonly PlatformPolicy[] = [...kubernetesPolicies, ...helmPolicies, ...cloudPolicies, ...storagePolicies, ...stackPolicies];

/**
 * For each stack policy, the resource types it reads: the `policy check` CLI keeps only those resources
 * for it (not every object of a large input).
 */
export const stackPolicyInputs: Readonly<Record<string, (type: string) => boolean>> = {
    [requireUniqueIngressHosts.name]: (type) => /^kubernetes:[^:]+:Ingress$/.test(type),
    [requireTenantNamespaceBaseline.name]: (type) => [namespaceType, networkPolicyType, resourceQuotaType, limitRangeType].includes(type),
};
