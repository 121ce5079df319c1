/**
 * Platform RBAC: the platform's ClusterRoles (viewer, tenant admin/edit/view) and the cluster-wide
 * bindings of identity groups to them, managed through FairwindsOps rbac-manager RBACDefinitions, or
 * as plain ClusterRoleBindings when rbac-manager is disabled.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { ClusterRole, ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1";
import type { RbacConfig } from "../../../config/sections/rbac";
import { defineAddon, uses } from "../../addon";
import type { AddonContext } from "../../context";
import { HelmAddon, Scraping } from "../../helm";
import { observability } from "../../observability";
import { restrictedContainer, restrictedPod } from "../../workload-defaults";
import { personaClusterRoles, PersonaClusterRoles } from "./personas";
import { clusterBindings, platformRoles, rbacDefinition, roleDefinitions } from "./roles";

export * from "./personas";
export * from "./roles";

export const rbacManagerNamespace = "rbac-manager";

export interface PlatformRbacArgs {
    context: AddonContext;
    settings: RbacConfig;
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
}

export class PlatformRbac extends pulumi.ComponentResource {
    readonly roles: ClusterRole[] = [];
    readonly chart?: HelmAddon;
    /** The tenant persona ClusterRoles, by persona. */
    readonly personaRoles: PersonaClusterRoles;

    constructor(name: string, args: PlatformRbacArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:PlatformRbac", name, {}, opts);
        const { context, settings } = args;
        const child = { parent: this };
        for (const role of roleDefinitions) {
            this.roles.push(
                new ClusterRole(
                    `${name}-${role.name}`,
                    {
                        metadata: { name: role.name, annotations: { "platform.io/description": role.description }, labels: { "platform.io/role": role.name } },
                        rules: role.rules,
                    },
                    child,
                ),
            );
        }
        const byName = new Map(this.roles.map((r, i) => [roleDefinitions[i].name, r.metadata.name] as const));
        this.personaRoles = {
            admin: byName.get(personaClusterRoles.admin) as pulumi.Output<string>,
            edit: byName.get(personaClusterRoles.edit) as pulumi.Output<string>,
            view: byName.get(personaClusterRoles.view) as pulumi.Output<string>,
        };
        const bindings = clusterBindings(settings);
        if (settings.rbacManager.enabled) {
            this.chart = new HelmAddon(
                `${name}-rbac-manager`,
                {
                    context,
                    settings: settings.rbacManager,
                    chart: "rbacManager",
                    namespace: { name: rbacManagerNamespace, podSecurity: "restricted" },
                    values: {
                        image: { repository: context.image("us-docker.pkg.dev/fairwinds-ops/oss/rbac-manager"), pullPolicy: "IfNotPresent" },
                        installCRDs: true,
                        podSecurityContext: restrictedPod(),
                        securityContext: restrictedContainer(),
                    },
                    defaultTimeoutSeconds: 300,
                    crds: "templates",
                    releaseName: "rbac-manager",
                    // rbac-manager chart 2.0.0: templates/deployment.yaml.
                    priorityClassAt: ["priorityClassName"],
                    scraping: args.scraping,
                    traffic: {},
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

/** The platform RBAC add-on: the platform's ClusterRoles and the bindings of identity groups to them. */
export const rbac = defineAddon({
    id: "rbac",
    area: "security",
    configPath: "rbac.enabled",
    description: "platform RBAC",
    enabled: (config) => config.rbac.enabled,
    needs: { observability: uses(observability) },
    namespaces: (config) => (config.rbac.rbacManager.enabled ? [{ name: rbacManagerNamespace, podSecurity: "restricted" }] : []),
    install: (context, needs): { personaRoles: PersonaClusterRoles } => ({
        personaRoles: new PlatformRbac("rbac", { context, settings: context.config.rbac, scraping: needs.observability?.scraping }).personaRoles,
    }),
    outputs: (provided) => (provided ? { security: { roles: platformRoles } } : {}),
});
