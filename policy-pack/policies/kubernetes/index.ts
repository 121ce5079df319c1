/**
 * The Kubernetes-object group of the catalogue (W1-W15, S1-S5, N1, N3-N7). Each rule is written once as
 * CEL (./rules.ts); CrossGuard evaluates it through ../../cel/policy.ts and Gatekeeper gets the same CEL
 * as a ConstraintTemplate (../../cel/gatekeeper.ts). Host uniqueness across the stack (S4) needs every
 * Ingress at once, so it is a stack policy in TypeScript.
 */
import type { PlatformPolicy } from "../../lib/engine";
import { celPolicy } from "../../cel/policy";
import { kubernetesRules } from "./rules";
import { requireUniqueIngressHosts } from "./unique-ingress-hosts";

/** The kubernetes group of the catalogue, in catalogue order. */
export const kubernetesPolicies: PlatformPolicy[] = [...kubernetesRules.map(celPolicy), requireUniqueIngressHosts];
