/**
 * Every Kubernetes rule written as CEL, in catalogue order: pure data, the one source of both the
 * CrossGuard policies (./index.ts) and the Gatekeeper objects (../../cel/gatekeeper.ts). Importing this
 * compiles nothing, so the program can render Gatekeeper constraints without loading the CEL evaluator.
 */
import type { CelRule } from "../../cel/rule";
import { namespaceRbacRules } from "./namespaces-rbac";
import { podSecurityRules } from "./pod-security";
import { serviceRules } from "./services";
import { workloadRules } from "./workloads";

export { namespaceRbacRules, podSecurityRules, serviceRules, workloadRules };

/** All Kubernetes CEL rules (W1-W15, S1-S5, N1, N3-N7). */
export const kubernetesRules: readonly CelRule[] = [...podSecurityRules, ...workloadRules, ...serviceRules, ...namespaceRbacRules];
