/**
 * Every Kubernetes-object rule of the catalogue (W1-W15, S1-S5, N1, N3-N7), written once as CEL.
 */
import { CelRule } from "../../cel/rule";
import { namespaceRbacRules } from "./namespaces-rbac";
import { podSecurityRules } from "./pod-security";
import { serviceRules } from "./services";
import { workloadRules } from "./workloads";

/** All Kubernetes CEL rules, in catalogue order. */
export const kubernetesRules: CelRule[] = [...podSecurityRules, ...workloadRules, ...serviceRules, ...namespaceRbacRules];
