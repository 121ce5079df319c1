/**
 * The platform's ClusterRoles and who is bound to what, as data. No wildcard verbs, resources or API
 * groups; no escalate/bind/impersonate; only `platformAdminGroup` is bound to cluster-admin. Pure.
 */
import type { RbacConfig } from "../../../config/sections/rbac";
import { personaClusterRoles, personaRules } from "./personas";

/** ClusterRoles the platform creates or binds; tenancy binds the tenant persona ones per namespace. */
export const platformRoles = {
    /** Bound to cluster-admin for `rbac.platformAdminGroup` (the only cluster-admin binding). */
    platformAdmin: "cluster-admin",
    /** Read-only across the cluster, no Secrets. */
    platformViewer: "platform-viewer",
    /** Everything a tenant team lead needs in its namespaces (workloads, secrets, role bindings, exec). */
    tenantAdmin: personaClusterRoles.admin,
    /** Deploy and operate workloads (no role bindings, no exec). */
    tenantEdit: personaClusterRoles.edit,
    /** Read workloads and logs (no Secrets). */
    tenantView: personaClusterRoles.view,
} as const;

export type PlatformRoleName = (typeof platformRoles)[keyof typeof platformRoles];

export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
}

const read = ["get", "list", "watch"];

/** Read-only across the cluster for platform operators: every tenant workload as a viewer sees it, plus cluster-scoped objects; no Secrets. */
export const platformViewerRules: PolicyRule[] = [
    ...(personaRules("view") as PolicyRule[]),
    { apiGroups: [""], resources: ["namespaces", "nodes", "persistentvolumes"], verbs: read },
    { apiGroups: ["storage.k8s.io"], resources: ["storageclasses", "csidrivers", "volumeattachments"], verbs: read },
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"], verbs: read },
    { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: read },
    { apiGroups: ["admissionregistration.k8s.io"], resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"], verbs: read },
    { apiGroups: ["metrics.k8s.io"], resources: ["pods", "nodes"], verbs: read },
    { apiGroups: ["cert-manager.io"], resources: ["certificates", "clusterissuers", "issuers"], verbs: read },
];

export interface RoleDefinition {
    name: string;
    description: string;
    rules: PolicyRule[];
}

export const roleDefinitions: RoleDefinition[] = [
    { name: platformRoles.platformViewer, description: "Read-only across the cluster, no Secrets.", rules: platformViewerRules },
    {
        name: platformRoles.tenantAdmin,
        description: "Tenant team lead in the tenant's namespaces (bound per namespace).",
        rules: personaRules("admin") as PolicyRule[],
    },
    {
        name: platformRoles.tenantEdit,
        description: "Deploys and operates workloads in the tenant's namespaces (bound per namespace).",
        rules: personaRules("edit") as PolicyRule[],
    },
    {
        name: platformRoles.tenantView,
        description: "Reads workloads and logs in the tenant's namespaces (bound per namespace).",
        rules: personaRules("view") as PolicyRule[],
    },
];

/** A cluster-wide binding of a ClusterRole to identity groups. */
export interface ClusterBinding {
    name: string;
    clusterRole: string;
    groups: string[];
}

/** Who is bound cluster-wide: the admin group to cluster-admin (and nothing else to it), viewer groups to platform-viewer. */
export function clusterBindings(config: RbacConfig): ClusterBinding[] {
    const out: ClusterBinding[] = [];
    if (config.platformAdminGroup) {
        out.push({ name: "platform-admin", clusterRole: platformRoles.platformAdmin, groups: [config.platformAdminGroup] });
    }
    if (config.platformViewerGroups.length > 0) {
        out.push({ name: "platform-viewer", clusterRole: platformRoles.platformViewer, groups: [...config.platformViewerGroups] });
    }
    return out;
}

/** The same bindings as one rbac-manager RBACDefinition (rbacmanager.reactiveops.io/v1beta1). */
export function rbacDefinition(bindings: ClusterBinding[]) {
    return {
        apiVersion: "rbacmanager.reactiveops.io/v1beta1",
        kind: "RBACDefinition",
        metadata: { name: "platform-roles" },
        rbacBindings: bindings.map((b) => ({
            name: b.name,
            subjects: b.groups.map((g) => ({ kind: "Group", name: g })),
            clusterRoleBindings: [{ clusterRole: b.clusterRole }],
        })),
    };
}
