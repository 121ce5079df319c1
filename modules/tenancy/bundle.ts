/**
 * The bundle a tenant becomes, as plain data: what the `Tenant` component creates, decided here
 * without a Pulumi graph so that tests can check every rule directly. The same function runs for
 * every cloud; only the identity binder (called by the component) differs.
 */
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import type * as pulumi from "@pulumi/pulumi";
import type { CloudPermissions } from "../cluster/contract";
import { ConfigError } from "../config/errors";
import type { TenancyConfig, TenantConfig } from "../config/sections/tenants";
import { tenantNamespaces } from "../config/sections/tenants";
import { resolveSize } from "../config/sections/tenant-sizes";
import { podSecurityLabels } from "../addons/namespace";
import { tenantNamespaceLabel } from "../addons/peers";
import { Persona, PersonaClusterRoles, personaRoleName, personaRules } from "../addons/security/rbac/personas";
import { networkPolicies, PolicySpec, TrafficSources } from "./network";
import { tenantHostSuffixes } from "./hosts";
import { HOST_SUFFIXES_ANNOTATION } from "../../policy-pack/policies/kubernetes/tenant-hosts";

type LimitRangeItem = k8sInput.core.v1.LimitRangeItem;
type PolicyRule = k8sInput.rbac.v1.PolicyRule;
type Subject = k8sInput.rbac.v1.Subject;

/** Labels that tie an object to its tenant (the platform's network policies select tenant namespaces by the first). */
export const tenantLabel = tenantNamespaceLabel;
export const teamLabel = "platform.io/team";
export const envLabel = "platform.io/env";

/**
 * A persona's grant in one namespace and who holds it: either a namespaced Role with `rules`, or a
 * RoleBinding to the platform's shared persona ClusterRole (`clusterRole`), which grants its rules in
 * this namespace only.
 */
export interface RoleSpec {
    persona: Persona;
    /** Kubernetes name of the Role (when one is created) and of the RoleBinding. */
    name: string;
    /** Rules of the namespaced Role to create; absent when `clusterRole` is bound instead. */
    rules?: PolicyRule[];
    /** Name of the platform ClusterRole to bind in this namespace (from the security add-on). */
    clusterRole?: pulumi.Input<string>;
    subjects: Subject[];
}

/** Everything created in one tenant namespace. */
export interface NamespaceSpec {
    name: string;
    labels: Record<string, string>;
    /** The host suffixes the tenant may use (read at admission by restrict-tenant-hosts). */
    annotations: Record<string, string>;
    /** ResourceQuota `spec.hard`. */
    quota: Record<string, string>;
    limits: LimitRangeItem[];
    networkPolicies: PolicySpec[];
    roles: RoleSpec[];
    /** Registry credential names to create as dockerconfigjson pull secrets here. */
    pullSecrets: string[];
}

/** A service account of the tenant: the CI `deploy` account or a workload account with cloud permissions. */
export interface ServiceAccountSpec {
    name: string;
    namespace: string;
    purpose: "deploy" | "workload";
    imagePullSecrets: string[];
    /** Cloud permissions through the identity binder; undefined when it needs none. */
    permissions?: CloudPermissions;
}

export interface TenantBundle {
    tenant: string;
    team: string;
    /** Namespaces are protected unless the tenant set allowDeletion (renames and removals are refused). */
    protect: boolean;
    /** Labels on every object of the bundle. */
    commonLabels: Record<string, string>;
    namespaces: NamespaceSpec[];
    serviceAccounts: ServiceAccountSpec[];
}

/** What every tenant shares: the stack's environment, the tenancy settings and the platform's traffic sources. */
export interface BundleContext {
    environment: string;
    tenancy: TenancyConfig;
    sources: TrafficSources;
    /** Shared persona ClusterRoles to bind; default: a namespaced Role per persona. */
    personaRoles?: PersonaClusterRoles;
    /** The parent domain of tenant hosts (tenancy.domain, else the first DNS zone): a tenant without hosts gets `<name>.<domain>`. */
    domain?: string;
}

const personas: readonly Exclude<Persona, "deploy">[] = ["admin", "edit", "view"];

function cloudPermissions(p: TenantConfig["serviceAccounts"][number]["permissions"]): CloudPermissions | undefined {
    const out: CloudPermissions = {};
    if (p.aws && (p.aws.managedPolicyArns.length > 0 || p.aws.statements.length > 0)) {
        out.aws = { managedPolicyArns: [...p.aws.managedPolicyArns], statements: p.aws.statements.map((s) => ({ ...s })) };
    }
    if (p.azure && p.azure.roleAssignments.length > 0) {
        out.azure = { roleAssignments: p.azure.roleAssignments.map((r) => ({ ...r })) };
    }
    if (p.gcp && p.gcp.roles.length > 0) {
        out.gcp = { roles: p.gcp.roles.map((r) => ({ ...r })) };
    }
    return Object.keys(out).length > 0 ? out : undefined;
}

/** The bundle of one validated tenant. */
export function buildTenantBundle(tenant: TenantConfig, context: BundleContext): TenantBundle {
    const team = tenant.team ?? tenant.name;
    const commonLabels = { [tenantLabel]: tenant.name, "app.kubernetes.io/managed-by": "pulumi" };
    const figures = resolveSize(tenant.size, context.tenancy.sizes[tenant.size], tenant);
    const limits: LimitRangeItem[] = [
        { type: "Container", default: { ...figures.limits.default }, defaultRequest: { ...figures.limits.defaultRequest }, max: { ...figures.limits.max } },
        { type: "PersistentVolumeClaim", max: { storage: figures.maxVolume } },
    ];
    const namespaces = tenantNamespaces(tenant, context.environment);
    const primary = namespaces[0].name;
    const deploySubject: Subject = { kind: "ServiceAccount", name: "deploy", namespace: primary };

    const hostSuffixes = tenantHostSuffixes(tenant, context.domain);
    const shared = context.personaRoles;
    const grant = (persona: Persona): Pick<RoleSpec, "rules" | "clusterRole"> =>
        shared ? { clusterRole: shared[persona === "deploy" ? "edit" : persona] } : { rules: personaRules(persona) };
    const namespaceSpecs = namespaces.map((ns): NamespaceSpec => {
        const roles: RoleSpec[] = [];
        for (const persona of personas) {
            const groups = tenant.groups[persona];
            if (groups.length > 0) {
                roles.push({
                    persona,
                    name: personaRoleName(persona),
                    ...grant(persona),
                    subjects: groups.map((g) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: g })),
                });
            }
        }
        if (tenant.deploy.enabled) {
            roles.push({ persona: "deploy", name: personaRoleName("deploy"), ...grant("deploy"), subjects: [{ ...deploySubject }] });
        }
        return {
            name: ns.name,
            labels: { ...commonLabels, [teamLabel]: team, [envLabel]: ns.env, ...podSecurityLabels("restricted") },
            annotations: { [HOST_SUFFIXES_ANNOTATION]: hostSuffixes.join(",") },
            quota: { ...figures.quota },
            limits,
            networkPolicies: networkPolicies(context.sources, tenant.egress, context.tenancy.network),
            roles,
            pullSecrets: [...tenant.imagePullSecrets],
        };
    });

    const serviceAccounts: ServiceAccountSpec[] = [];
    if (tenant.deploy.enabled) {
        serviceAccounts.push({ name: "deploy", namespace: primary, purpose: "deploy", imagePullSecrets: [] });
    }
    for (const sa of tenant.serviceAccounts) {
        serviceAccounts.push({
            name: sa.name,
            namespace: sa.namespace ?? primary,
            purpose: "workload",
            imagePullSecrets: [...tenant.imagePullSecrets],
            permissions: cloudPermissions(sa.permissions),
        });
    }
    return { tenant: tenant.name, team, protect: !tenant.allowDeletion, commonLabels, namespaces: namespaceSpecs, serviceAccounts };
}

/**
 * The Pulumi logical names of a bundle's resources, by resource kind. Names are keyed by namespace
 * (unique in the cluster), so they are unique across tenants; `assertUniqueNames` checks it anyway.
 */
export function resourceNames(bundle: TenantBundle): { kind: string; name: string }[] {
    const out: { kind: string; name: string }[] = [];
    for (const ns of bundle.namespaces) {
        out.push(
            { kind: "Namespace", name: `${ns.name}-namespace` },
            { kind: "ResourceQuota", name: `${ns.name}-quota` },
            { kind: "LimitRange", name: `${ns.name}-limits` },
        );
        out.push(...ns.networkPolicies.map((p) => ({ kind: "NetworkPolicy", name: `${ns.name}-${p.name}` })));
        for (const role of ns.roles) {
            if (role.rules) {
                out.push({ kind: "Role", name: `${ns.name}-${role.persona}-role` });
            }
            out.push({ kind: "RoleBinding", name: `${ns.name}-${role.persona}-binding` });
        }
        out.push(...ns.pullSecrets.map((s) => ({ kind: "Secret", name: pullSecretResourceName(ns.name, s) })));
    }
    out.push(...bundle.serviceAccounts.map((sa) => ({ kind: "ServiceAccount", name: serviceAccountResourceName(sa) })));
    return out;
}

export function pullSecretResourceName(namespace: string, credential: string): string {
    return `${namespace}-pull-${credential}`;
}

export function serviceAccountResourceName(sa: { namespace: string; name: string }): string {
    return `${sa.namespace}-sa-${sa.name}`;
}

/**
 * Throws a ConfigError naming both tenants when two bundles would register the same logical name for
 * one kind (bundles in config order: the path names the later tenant's entry).
 */
export function assertUniqueNames(bundles: readonly TenantBundle[]): void {
    const seen = new Map<string, string>();
    bundles.forEach((bundle, i) => {
        for (const { kind, name } of resourceNames(bundle)) {
            const key = `${kind}/${name}`;
            const owner = seen.get(key);
            if (owner !== undefined) {
                throw new ConfigError([
                    {
                        path: `tenants[${i}].name`,
                        message: `${kind} '${name}' of tenant '${bundle.tenant}' collides with one of tenant '${owner}' (names join namespace and object names with '-'); rename a namespace or service account of one of them`,
                    },
                ]);
            }
            seen.set(key, bundle.tenant);
        }
    });
}
