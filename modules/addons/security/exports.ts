/**
 * What other areas (tenancy) use from the security services, in one small typed place: the
 * ClusterRoles tenants are bound to, and selectors for the platform namespaces tenant network
 * policies must allow (the ingress controller, Prometheus).
 */

/** ClusterRoles the platform creates; tenancy binds the tenant ones per namespace with RoleBindings. */
export const platformRoles = {
    /** Bound to cluster-admin for `rbac.platformAdminGroup` (the only cluster-admin binding). */
    platformAdmin: "cluster-admin",
    /** Read-only across the cluster, no Secrets. */
    platformViewer: "platform-viewer",
    /** Everything a tenant team lead needs in its namespaces (workloads, secrets, role bindings, exec). */
    tenantAdmin: "platform-tenant-admin",
    /** Deploy and operate workloads (no role bindings, no exec). */
    tenantEdit: "platform-tenant-edit",
    /** Read workloads and logs (no Secrets). */
    tenantView: "platform-tenant-view",
} as const;

export type PlatformRoleName = (typeof platformRoles)[keyof typeof platformRoles];

/** A namespace selector (NetworkPolicy peer), matching one namespace by its immutable name label. */
export interface NamespaceSelector {
    matchLabels: Record<string, string>;
}

/** Selects a namespace by name with the label every namespace carries (`kubernetes.io/metadata.name`). */
export function namespaceByName(name: string): NamespaceSelector {
    return { matchLabels: { "kubernetes.io/metadata.name": name } };
}

/** The platform namespaces tenant network policies need to allow traffic from. */
export interface PlatformPeers {
    /** The ingress controller's namespace (ingress-nginx or Contour), when one is installed. */
    ingressController?: NamespaceSelector;
    /** Prometheus' namespace (scraping), when one is installed. */
    prometheus?: NamespaceSelector;
}

/** What tenancy consumes from the security area. */
export interface SecurityForTenancy {
    roles: typeof platformRoles;
    peers: PlatformPeers;
}
