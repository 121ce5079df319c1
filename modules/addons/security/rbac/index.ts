/**
 * Platform RBAC: the platform's ClusterRoles (viewer, tenant admin/edit/view) and the cluster-wide
 * bindings of identity groups to them, managed through FairwindsOps rbac-manager RBACDefinitions, or
 * as plain ClusterRoleBindings when rbac-manager is disabled.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { ClusterRole, ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1";
import type { RbacConfig } from "../../../config/sections/rbac";
import type { PlatformContext } from "../../context";
import { HelmAddon } from "../../helm";
import { restrictedContainer, restrictedPod } from "../common";
import { clusterBindings, rbacDefinition, roleDefinitions } from "./roles";

export * from "./roles";

export const rbacManagerNamespace = "rbac-manager";

export interface PlatformRbacArgs {
    platform: PlatformContext;
    settings: RbacConfig;
}

export class PlatformRbac extends pulumi.ComponentResource {
    readonly roles: ClusterRole[] = [];
    readonly chart?: HelmAddon;

    constructor(name: string, args: PlatformRbacArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:PlatformRbac", name, {}, opts);
        const { platform, settings } = args;
        const child = { parent: this };
        for (const role of roleDefinitions) {
            this.roles.push(
                new ClusterRole(
                    `${name}-${role.name}`,
                    { metadata: { name: role.name, annotations: { "platform.io/description": role.description }, labels: { "platform.io/role": role.name } }, rules: role.rules },
                    child,
                ),
            );
        }
        const bindings = clusterBindings(settings);
        if (settings.rbacManager.enabled) {
            this.chart = new HelmAddon(
                "platform:security:Chart",
                `${name}-rbac-manager`,
                {
                    platform,
                    settings: settings.rbacManager,
                    chart: "rbacManager",
                    namespace: { name: rbacManagerNamespace, podSecurity: "restricted" },
                    values: {
                        image: { repository: platform.image("us-docker.pkg.dev/fairwinds-ops/oss/rbac-manager"), pullPolicy: "IfNotPresent" },
                        installCRDs: true,
                        podSecurityContext: restrictedPod,
                        securityContext: restrictedContainer,
                    },
                    defaultTimeoutSeconds: 300,
                    crds: "templates",
                    releaseName: "rbac-manager",
                },
                child,
            );
            if (bindings.length > 0) {
                new CustomResource(`${name}-definition`, rbacDefinition(bindings), { parent: this, dependsOn: [this.chart.release, ...this.roles] });
            }
        } else {
            for (const b of bindings) {
                new ClusterRoleBinding(
                    `${name}-${b.name}`,
                    {
                        metadata: { name: b.name },
                        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: b.clusterRole },
                        subjects: b.groups.map((g) => ({ kind: "Group", name: g, apiGroup: "rbac.authorization.k8s.io" })),
                    },
                    { parent: this, dependsOn: this.roles },
                );
            }
        }
        this.registerOutputs({ roles: roleDefinitions.map((r) => r.name) });
    }
}
