/**
 * The platform's ClusterRoles and who is bound to what, as data. No wildcard verbs, resources or API
 * groups; no escalate/bind/impersonate; only `platformAdminGroup` is bound to cluster-admin. Pure.
 */
import type { RbacConfig } from "../../../config/sections/rbac";
import { platformRoles } from "../exports";

export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
}

const read = ["get", "list", "watch"];
const write = ["create", "update", "patch", "delete"];

const workloadResources: PolicyRule[] = [
    { apiGroups: [""], resources: ["pods", "services", "endpoints", "configmaps", "persistentvolumeclaims", "serviceaccounts"], verbs: read },
    { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: read },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: read },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: read },
    { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: read },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: read },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: read },
    { apiGroups: [""], resources: ["pods/log", "events", "resourcequotas", "limitranges"], verbs: read },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: read },
];

/** Read workloads and logs in a tenant namespace; no Secrets. */
export const tenantViewRules: PolicyRule[] = workloadResources;

/** Deploy and operate workloads: view plus writes on workloads, Secrets and routes; no RBAC, no exec, no network policy edits. */
export const tenantEditRules: PolicyRule[] = [
    ...workloadResources,
    { apiGroups: [""], resources: ["pods", "services", "configmaps", "persistentvolumeclaims", "serviceaccounts"], verbs: write },
    { apiGroups: [""], resources: ["secrets"], verbs: [...read, ...write] },
    { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: write },
    { apiGroups: ["apps"], resources: ["deployments/scale", "statefulsets/scale"], verbs: ["get", "update", "patch"] },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: write },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: write },
    { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: write },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: write },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: write },
];

/** A tenant team lead: edit plus exec/port-forward and managing role bindings (only to roles they hold: no `bind`). */
export const tenantAdminRules: PolicyRule[] = [
    ...tenantEditRules,
    { apiGroups: [""], resources: ["pods/exec", "pods/portforward"], verbs: ["create", "get"] },
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: [...read, ...write] },
];

/** Read-only across the cluster for platform operators; no Secrets. */
export const platformViewerRules: PolicyRule[] = [
    ...workloadResources,
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
    { name: platformRoles.tenantAdmin, description: "Tenant team lead in the tenant's namespaces.", rules: tenantAdminRules },
    { name: platformRoles.tenantEdit, description: "Deploys and operates workloads in the tenant's namespaces.", rules: tenantEditRules },
    { name: platformRoles.tenantView, description: "Reads workloads and logs in the tenant's namespaces.", rules: tenantViewRules },
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
