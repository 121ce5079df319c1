/**
 * The security add-on's tenant persona ClusterRoles, as the typed input tenancy binds per namespace.
 * Names come from the ClusterRole resources themselves (a data dependency: bindings wait for them).
 */
import type { PlatformRbac } from "../addons/security/rbac";
import { roleDefinitions } from "../addons/security/rbac/roles";
import { platformRoles } from "../addons/security/exports";
import type { PersonaClusterRoles } from "./bundle";

/** The persona ClusterRoles `rbac` created, by persona. Throws when the security area stops defining one. */
export function personaClusterRoles(rbac: Pick<PlatformRbac, "roles">): PersonaClusterRoles {
    const byName = (name: string) => {
        const i = roleDefinitions.findIndex((d) => d.name === name);
        const role = rbac.roles[i];
        if (i < 0 || role === undefined) {
            throw new Error(`tenancy: the security add-on defines no ClusterRole '${name}' for tenants`);
        }
        return role.metadata.name;
    };
    return { admin: byName(platformRoles.tenantAdmin), edit: byName(platformRoles.tenantEdit), view: byName(platformRoles.tenantView) };
}
