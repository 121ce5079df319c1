/**
 * `platform:rbac`: the platform's roles bound to identity groups. Only `platformAdmin` is ever
 * bound to cluster-admin; tenant roles are ClusterRoles the tenancy layer binds per namespace.
 */
import { z } from "zod";
import { addon, groupName, Tier } from "../common";

export function rbacSchema(_tier: Tier) {
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Create the platform roles and bindings. Default: true."),
            platformAdminGroup: groupName()
                .optional()
                .describe(
                    "The one identity group bound to cluster-admin (platform-admin). Default: unset (nothing is bound to cluster-admin by the platform).",
                ),
            platformViewerGroups: z
                .array(groupName())
                .default([])
                .describe("Identity groups bound to platform-viewer (read-only across the cluster, no Secrets). Default: []."),
            rbacManager: addon("FairwindsOps rbac-manager (bindings as RBACDefinitions); when disabled the platform writes plain bindings", true, {}).prefault(
                {},
            ),
        })
        .prefault({})
        .describe("Platform roles bound to identity groups.");
}

export type RbacConfig = z.output<ReturnType<typeof rbacSchema>>;
