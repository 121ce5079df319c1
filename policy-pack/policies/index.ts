/**
 * Every policy of the pack, listed explicitly in one array (a policy that registered itself on import
 * could silently vanish). Groups follow the catalogue: Kubernetes objects, Helm releases, clusters,
 * cloud IAM grants, storage, and stack-wide checks.
 */
import type { PlatformPolicy } from "../lib/engine";
import { cloudPolicies } from "./cloud";
import { helmPolicies } from "./helm";
import { iamPolicies } from "./iam";
import { kubernetesPolicies } from "./kubernetes";
import { stackPolicies } from "./stack";
import { storagePolicies } from "./storage";

/** The catalogue's groups, by name (the `policy check --rules` CLI selects among them). */
export const policyGroups: Readonly<Record<string, readonly PlatformPolicy[]>> = {
    kubernetes: kubernetesPolicies,
    helm: helmPolicies,
    cloud: cloudPolicies,
    iam: iamPolicies,
    storage: storagePolicies,
    stack: stackPolicies,
};

export const policies: readonly PlatformPolicy[] = [...kubernetesPolicies, ...helmPolicies, ...cloudPolicies, ...iamPolicies, ...storagePolicies, ...stackPolicies];
