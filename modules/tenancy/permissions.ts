/**
 * Tenant cloud permissions are bounded: every permission a tenant's service account asks for
 * (`tenants[].serviceAccounts[].permissions`, the part the stack's cloud binds) must be on the
 * stack's allow-list (`tenancy.permissions`), and nothing admin-equivalent is ever granted, whatever
 * the list says. Admin-equivalence is the policy pack's own definition (policy I1,
 * `disallow-admin-equivalent-iam-grants`), so this check and the policy never disagree; the policy
 * holds even when this check is bypassed. Pure.
 */
import type { ConfigIssue, PlatformConfig } from "../config";
import type { TenancyConfig, TenantConfig } from "../config/sections/tenants";
import { builtInRoles } from "../cluster/azure/roles";
import {
    awsAdminAction,
    awsAdminPolicy,
    azureAdminAssignment,
    azureAdminRole,
    azureAdminRoles,
    gcpAdminRole,
    globMatch,
} from "../../policy-pack/policies/iam/admin";

type Allowed = TenancyConfig["permissions"];

/** The role definition GUID of an Azure role given by built-in name or GUID (lowercase), or the name lowercased when unknown. */
function azureRoleKey(role: string): string {
    const r = role.trim();
    const byName = Object.entries({ ...builtInRoles, ...azureAdminRoles }).find(([name]) => name.toLowerCase() === r.toLowerCase());
    return (byName ? byName[1] : r).toLowerCase();
}

function listed(what: readonly string[]): string {
    return what.length > 0 ? what.join(", ") : "nothing";
}

/** Problems with the allow-list itself: an entry that names an admin-equivalent grant outright. */
export function allowListIssues(allowed: Allowed): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const refuse = (path: string, entry: string, why: string) =>
        issues.push({ path, message: `'${entry}' is admin-equivalent (${why}); tenants are never granted it, so it cannot be allow-listed` });
    allowed.aws.managedPolicyArns.forEach((p, i) => {
        const why = awsAdminPolicy(p);
        if (why) refuse(`tenancy.permissions.aws.managedPolicyArns[${i}]`, p, why);
    });
    allowed.aws.actions.forEach((a, i) => {
        const why = awsAdminAction(a);
        if (why) refuse(`tenancy.permissions.aws.actions[${i}]`, a, why);
    });
    allowed.azure.roles.forEach((r, i) => {
        const admin = azureAdminRole(r);
        if (admin) refuse(`tenancy.permissions.azure.roles[${i}]`, r, `${admin} can change anything, or who may, in its scope`);
    });
    allowed.gcp.roles.forEach((r, i) => {
        const why = gcpAdminRole(r);
        if (why) refuse(`tenancy.permissions.gcp.roles[${i}]`, r, why);
    });
    return issues;
}

/** Problems with one tenant's requests on `cloud`, each at the key that asks and naming the tenant and the permission. */
export function tenantPermissionProblems(tenant: TenantConfig, index: number, cloud: string, allowed: Allowed): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    tenant.serviceAccounts.forEach((sa, j) => {
        const base = `tenants[${index}].serviceAccounts[${j}].permissions`;
        const who = `tenant '${tenant.name}' (service account '${sa.name}')`;
        const refuse = (path: string, message: string) => issues.push({ path: `${base}.${path}`, message: `${who}: ${message}` });
        const p = sa.permissions;
        if (cloud === "aws" && p.aws) {
            p.aws.managedPolicyArns.forEach((arn, k) => {
                const why = awsAdminPolicy(arn);
                if (why) {
                    refuse(`aws.managedPolicyArns[${k}]`, `${arn} is admin-equivalent (${why}); tenants are never granted it`);
                } else if (!allowed.aws.managedPolicyArns.some((pattern) => globMatch(pattern, arn))) {
                    refuse(
                        `aws.managedPolicyArns[${k}]`,
                        `${arn} is not allowed by tenancy.permissions.aws.managedPolicyArns (${listed(allowed.aws.managedPolicyArns)})`,
                    );
                }
            });
            p.aws.statements.forEach((st, k) => {
                if (st.Effect !== "Allow") {
                    return; // a Deny only takes away
                }
                st.Action.forEach((action, l) => {
                    const why = awsAdminAction(action);
                    if (why) {
                        refuse(`aws.statements[${k}].Action[${l}]`, `${why}; tenants are never granted it`);
                    } else if (!allowed.aws.actions.some((pattern) => globMatch(pattern, action))) {
                        refuse(`aws.statements[${k}].Action[${l}]`, `action '${action}' is not allowed by tenancy.permissions.aws.actions`);
                    }
                });
                st.Resource.forEach((resource, l) => {
                    if (!allowed.aws.resources.some((pattern) => globMatch(pattern, resource))) {
                        refuse(
                            `aws.statements[${k}].Resource[${l}]`,
                            `resource '${resource}' is not allowed by tenancy.permissions.aws.resources (${listed(allowed.aws.resources)})`,
                        );
                    }
                });
            });
        }
        if (cloud === "azure" && p.azure) {
            const roles = new Set(allowed.azure.roles.map(azureRoleKey));
            p.azure.roleAssignments.forEach((a, k) => {
                const admin = azureAdminRole(a.role);
                if (admin) {
                    const where = azureAdminAssignment(a.role, a.scope) ? "" : " (at any scope)";
                    refuse(`azure.roleAssignments[${k}].role`, `${admin}${where} is admin-equivalent; tenants are never assigned it`);
                } else if (!roles.has(azureRoleKey(a.role))) {
                    refuse(
                        `azure.roleAssignments[${k}].role`,
                        `role '${a.role}' is not allowed by tenancy.permissions.azure.roles (${listed(allowed.azure.roles)})`,
                    );
                }
                if (!allowed.azure.scopes.some((pattern) => globMatch(pattern, a.scope))) {
                    refuse(
                        `azure.roleAssignments[${k}].scope`,
                        `scope '${a.scope}' is not allowed by tenancy.permissions.azure.scopes (${listed(allowed.azure.scopes)})`,
                    );
                }
            });
        }
        if (cloud === "gcp" && p.gcp) {
            p.gcp.roles.forEach((r, k) => {
                const scope = r.resource ?? "project";
                const why = gcpAdminRole(r.role);
                if (why && r.resource === undefined) {
                    refuse(`gcp.roles[${k}].role`, `${r.role} at project level is admin-equivalent (${why}); tenants are never granted it`);
                } else if (!allowed.gcp.roles.some((pattern) => globMatch(pattern, r.role))) {
                    refuse(`gcp.roles[${k}].role`, `role '${r.role}' is not allowed by tenancy.permissions.gcp.roles`);
                }
                if (!allowed.gcp.scopes.some((pattern) => globMatch(pattern, scope))) {
                    refuse(`gcp.roles[${k}].resource`, `scope '${scope}' is not allowed by tenancy.permissions.gcp.scopes (${listed(allowed.gcp.scopes)})`);
                }
            });
        }
    });
    return issues;
}

/**
 * Every tenant permission problem of a stack: the allow-list's own entries, then each tenant's
 * requests for the stack's cloud (an adopted cluster binds no cloud identity, so there is nothing to
 * grant and nothing to judge).
 */
export function tenantPermissionIssues(config: PlatformConfig): ConfigIssue[] {
    const allowed = config.tenancy.permissions;
    return [...allowListIssues(allowed), ...config.tenants.flatMap((t, i) => tenantPermissionProblems(t, i, config.cluster.cloud, allowed))];
}
