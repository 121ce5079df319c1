/**
 * The Kubernetes-object group of the catalogue (W1-W15, S1-S5, N1, N3-N7). Each rule is written once as
 * CEL (./rules.ts); CrossGuard evaluates it through ../../cel/policy.ts and Gatekeeper gets the same CEL
 * as a ConstraintTemplate (../../cel/gatekeeper.ts). Host uniqueness across the stack (S4) needs every
 * Ingress at once, so it is a stack policy in TypeScript.
 */
import type { PlatformPolicy } from "../../lib/engine";
import { celPolicy } from "../../cel/policy";
import type { CelRule } from "../../cel/rule";
import { namespaceRbacRules } from "./namespaces-rbac";
import { podSecurityRules } from "./pod-security";
import { GroupMember, PSS_BASELINE, PSS_RESTRICTED } from "./pss";
import { serviceRules } from "./services";
import { requireUniqueIngressHosts } from "./unique-ingress-hosts";
import { workloadRules } from "./workloads";

/** Every Kubernetes rule written as CEL, in catalogue order (the source of both CrossGuard and Gatekeeper forms). */
export const kubernetesRules: readonly CelRule[] = [...podSecurityRules, ...workloadRules, ...serviceRules, ...namespaceRbacRules];

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
