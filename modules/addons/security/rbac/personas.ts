/**
 * The tenant personas: the one definition of what a tenant's people and its CI may do in the tenant's
 * namespaces. The platform RBAC add-on turns them into the `platform-tenant-*` ClusterRoles, which
 * tenants bind per namespace; without platform RBAC each tenant namespace gets Roles with the same
 * rules. Explicit API groups, resources and verbs (no wildcards, no `bind`/`escalate`/`impersonate`,
 * no non-resource URLs), and only namespaced resources, so a binding in a tenant namespace can never
 * reach a cluster-scoped object. Tenants read but never write their quota, limit range and network
 * policies: those are the platform's guard rails.
 */
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import type * as pulumi from "@pulumi/pulumi";

type PolicyRule = k8sInput.rbac.v1.PolicyRule;

/** The personas a tenant binds identity groups to, plus the CI deploy identity. */
export type Persona = "admin" | "edit" | "view" | "deploy";

const read = ["get", "list", "watch"];
const write = ["create", "update", "patch", "delete", "deletecollection"];
const all = [...read, ...write];

/** Namespaced resources a workload owner operates, by API group. */
const workloads: Record<string, string[]> = {
    "": ["pods", "services", "configmaps", "persistentvolumeclaims", "serviceaccounts"],
    apps: ["deployments", "statefulsets", "daemonsets", "replicasets"],
    batch: ["jobs", "cronjobs"],
    autoscaling: ["horizontalpodautoscalers"],
    policy: ["poddisruptionbudgets"],
    "networking.k8s.io": ["ingresses"],
    // ListenerSets: a team's own HTTPS listeners (hostname, certificate) on the platform's shared Gateway.
    "gateway.networking.k8s.io": ["httproutes", "grpcroutes", "listenersets"],
};

/** Read-only for every persona: status and the platform's guard rails. */
const observed: Record<string, string[]> = {
    "": ["pods/log", "pods/status", "events", "endpoints", "resourcequotas", "limitranges"],
    "discovery.k8s.io": ["endpointslices"],
    "events.k8s.io": ["events"],
    "networking.k8s.io": ["networkpolicies"],
};

function rules(byGroup: Record<string, string[]>, verbs: string[]): PolicyRule[] {
    return Object.entries(byGroup).map(([group, resources]) => ({ apiGroups: [group], resources: [...resources], verbs: [...verbs] }));
}

const viewRules: PolicyRule[] = [...rules(workloads, read), ...rules(observed, read)];

const editRules: PolicyRule[] = [
    ...rules(workloads, all),
    ...rules(observed, read),
    // Secrets are written by edit and deploy (workload configuration); reading them is part of applying them.
    { apiGroups: [""], resources: ["secrets"], verbs: [...all] },
    { apiGroups: ["apps"], resources: ["deployments/scale", "statefulsets/scale"], verbs: ["get", "update", "patch"] },
];

const adminRules: PolicyRule[] = [
    ...editRules,
    // Debugging inside the tenant's own pods.
    { apiGroups: [""], resources: ["pods/exec", "pods/attach", "pods/portforward"], verbs: ["get", "create"] },
    // Delegation inside the namespace. Without `bind`/`escalate`, Kubernetes only lets an admin grant what the admin holds.
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: [...all] },
];

/** The rules of a persona's Role. Fresh objects on each call (callers may not share mutable inputs). */
export function personaRules(persona: Persona): PolicyRule[] {
    const source = persona === "view" ? viewRules : persona === "admin" ? adminRules : editRules;
    return source.map((r) => ({ ...r }));
}

/** The Kubernetes name of a persona's Role (and RoleBinding) inside a tenant namespace. */
export function personaRoleName(persona: Persona): string {
    return `tenant-${persona}`;
}

/** The personas people are bound to (the CI `deploy` account binds `edit`). */
export type GroupPersona = Exclude<Persona, "deploy">;

/** The platform ClusterRole that holds a persona's rules, bound per tenant namespace. */
export const personaClusterRoles: Readonly<Record<GroupPersona, string>> = {
    admin: "platform-tenant-admin",
    edit: "platform-tenant-edit",
    view: "platform-tenant-view",
};

/** The platform ClusterRole names tenants bind per persona (outputs of the roles, so bindings wait for them). */
export type PersonaClusterRoles = Readonly<Record<GroupPersona, pulumi.Input<string>>>;
