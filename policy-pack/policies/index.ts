/**
 * Every policy of the pack, listed explicitly in one array (a policy that registered itself on import
 * could silently vanish). Groups follow the catalogue: Kubernetes objects, Helm releases, clusters,
 * cloud IAM grants, storage, and stack-wide checks.
 */
import type { PlatformPolicy } from "../lib/engine";
import { cloudPolicies } from "./cloud";
import { helmPolicies } from "./helm";
import { iamPolicies } from "./iam";
import { kubernetesPolicies, kubernetesRules } from "./kubernetes";
import { readsNamespace, stackRuleReads } from "../cel/policy";
import { stackPolicies } from "./stack";
import { storagePolicies } from "./storage";
import { requireUniqueIngressHosts } from "./kubernetes/unique-ingress-hosts";
import { limitRangeType, namespaceType, networkPolicyType, requireTenantNamespaceBaseline, resourceQuotaType } from "./stack/require-tenant-namespace-baseline";

/** The catalogue's groups, by name (the `policy check --rules` CLI selects among them). */
export const policyGroups: Readonly<Record<string, readonly PlatformPolicy[]>> = {
    kubernetes: kubernetesPolicies,
    helm: helmPolicies,
    cloud: cloudPolicies,
    iam: iamPolicies,
    storage: storagePolicies,
    stack: stackPolicies,
};

export const policies: readonly PlatformPolicy[] = [
    ...kubernetesPolicies,
    ...helmPolicies,
    ...cloudPolicies,
    ...iamPolicies,
    ...storagePolicies,
    ...stackPolicies,
];

/**
 * For each stack policy, the resource types it reads: the `policy check` CLI keeps only those resources
 * for it (not every object of a large input). CEL rules that read the object's Namespace run as stack
 * policies and read the Namespaces and the kinds they match.
 */
export const stackPolicyInputs: Readonly<Record<string, (type: string) => boolean>> = {
    [requireUniqueIngressHosts.name]: (type) => /^kubernetes:[^:]+:Ingress$/.test(type),
    [requireTenantNamespaceBaseline.name]: (type) => [namespaceType, networkPolicyType, resourceQuotaType, limitRangeType].includes(type),
    ...Object.fromEntries(kubernetesRules.filter(readsNamespace).map((rule) => [rule.name, stackRuleReads(rule)])),
};
