/**
 * The Kubernetes-object group of the catalogue (W1-W15, S1-S5, N1, N3-N7). Each rule is written once as
 * CEL (./rules.ts); CrossGuard evaluates it through ../../cel/policy.ts and Gatekeeper gets the same CEL
 * as a ConstraintTemplate (../../cel/gatekeeper.ts). Host uniqueness across the stack (S4) needs every
 * Ingress at once, so it is a stack policy in TypeScript.
 */
import type { PlatformPolicy } from "../../lib/engine";
import { celPolicy } from "../../cel/policy";
import { GroupMember, PSS_BASELINE, PSS_RESTRICTED } from "./pss";
import { namespaceRbacRules, podSecurityRules, serviceRules, workloadRules } from "./rules";
import { requireUniqueIngressHosts } from "./unique-ingress-hosts";

export { kubernetesRules } from "./rules";

const workloads = [...podSecurityRules, ...workloadRules].map(celPolicy);
const services = [...serviceRules.map(celPolicy), requireUniqueIngressHosts];
const namespacesRbac = namespaceRbacRules.map(celPolicy);

/** The kubernetes group of the catalogue, in catalogue order. */
export const kubernetesPolicies: PlatformPolicy[] = [...workloads, ...services, ...namespacesRbac];

/** The catalogue's sections within the kubernetes group. */
export const kubernetesSections: Readonly<Record<string, readonly PlatformPolicy[]>> = {
    workloads,
    services,
    "namespaces-rbac": namespacesRbac,
};

/** Groups that are exactly the Pod Security Standards controls of a level: members with their parameters. */
export const pssGroups: Readonly<Record<"pss-baseline" | "pss-restricted", readonly GroupMember[]>> = {
    "pss-baseline": PSS_BASELINE,
    "pss-restricted": PSS_RESTRICTED,
};
