/**
 * `platform:tenancy:Tenant`: turns one tenant's bundle (bundle.ts) into Kubernetes objects. Thin on
 * purpose: at 500 tenants every resource costs time in the SDK, so the component creates exactly the
 * bundle's objects, flat under itself, with no Output transforms of its own. Namespaced children are
 * `deletedWith` their namespace (Kubernetes deletes them with it; no per-object deletes on teardown).
 */
import * as pulumi from "@pulumi/pulumi";
import type { IdentityBinder } from "../cluster/contract";
import { pullSecretResourceName, serviceAccountResourceName, TenantBundle } from "./bundle";
import { TenantObject } from "./objects";

export interface TenantArgs {
    /** What to create (see buildTenantBundle). */
    bundle: TenantBundle;
    /**
     * `.dockerconfigjson` payloads by registry credential name, as Pulumi secrets. Built once for the
     * whole stack and shared by every tenant. Must hold every name the bundle's pull secrets use.
     */
    pullSecrets: Readonly<Record<string, pulumi.Output<string>>>;
    /** The cluster's identity binder: grants the tenant's workload service accounts their cloud permissions. */
    identity: IdentityBinder;
}

/** One tenant: its namespaces with guard rails, roles, service accounts and pull secrets. */
export class Tenant extends pulumi.ComponentResource {
    /** The tenant's namespaces, by name. */
    readonly namespaces: Record<string, TenantObject<"Namespace">> = {};
    /** Cloud principals of the tenant's workload service accounts (`namespace/name` -> role ARN, client id or e-mail). */
    readonly principals: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:tenancy:Tenant", name, {}, opts);
        const { bundle } = args;
        for (const ns of bundle.namespaces) {
            // Protected unless the tenant allows deletion: a rename or removal is refused by the engine
            // at preview instead of deleting the namespace with every workload and volume in it.
            const namespace = new TenantObject(
                "Namespace",
                `${ns.name}-namespace`,
                { metadata: { name: ns.name, labels: ns.labels, annotations: ns.annotations } },
                { parent: this, protect: bundle.protect },
            );
            this.namespaces[ns.name] = namespace;
            const inside = { parent: this, deletedWith: namespace };
            const meta = (objectName: string) => ({ name: objectName, namespace: namespace.metadata.name, labels: bundle.commonLabels });

            new TenantObject("ResourceQuota", `${ns.name}-quota`, { metadata: meta("tenant-quota"), spec: { hard: ns.quota } }, inside);
            new TenantObject("LimitRange", `${ns.name}-limits`, { metadata: meta("tenant-limits"), spec: { limits: ns.limits } }, inside);
            for (const policy of ns.networkPolicies) {
                new TenantObject("NetworkPolicy", `${ns.name}-${policy.name}`, { metadata: meta(policy.name), spec: policy.spec }, inside);
            }
            for (const role of ns.roles) {
                // A RoleBinding grants only inside its namespace, whether it refers to the namespace's own
                // Role or to the platform's shared persona ClusterRole.
                const roleRef = role.rules
                    ? {
                          apiGroup: "rbac.authorization.k8s.io",
                          kind: "Role",
                          name: new TenantObject("Role", `${ns.name}-${role.persona}-role`, { metadata: meta(role.name), rules: role.rules }, inside).metadata
                              .name,
                      }
                    : { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.clusterRole as pulumi.Input<string> };
                new TenantObject("RoleBinding", `${ns.name}-${role.persona}-binding`, { metadata: meta(role.name), roleRef, subjects: role.subjects }, inside);
            }
            for (const credential of ns.pullSecrets) {
                const payload = args.pullSecrets[credential];
                if (payload === undefined) {
                    throw new Error(`tenants: tenant '${bundle.tenant}' uses pull secret '${credential}', which is not in tenancy.registryCredentials`);
                }
                new TenantObject(
                    "Secret",
                    pullSecretResourceName(ns.name, credential),
                    { metadata: meta(credential), type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": payload } },
                    inside,
                );
            }
        }

        for (const sa of bundle.serviceAccounts) {
            const namespace = this.namespaces[sa.namespace];
            const bound = sa.permissions
                ? args.identity.bind(
                      { name: `${bundle.tenant}-${sa.name}`, namespace: sa.namespace, serviceAccount: sa.name, permissions: sa.permissions },
                      { parent: this },
                  )
                : undefined;
            if (bound?.principal) {
                this.principals[`${sa.namespace}/${sa.name}`] = bound.principal;
            }
            new TenantObject(
                "ServiceAccount",
                serviceAccountResourceName(sa),
                {
                    metadata: {
                        name: sa.name,
                        namespace: namespace.metadata.name,
                        labels: { ...bundle.commonLabels, "platform.io/purpose": sa.purpose },
                        ...(bound ? { annotations: bound.serviceAccountAnnotations } : {}),
                    },
                    // Pods mount a token only when they ask for one (policy W13).
                    automountServiceAccountToken: false,
                    imagePullSecrets: sa.imagePullSecrets.map((s) => ({ name: s })),
                },
                { parent: this, deletedWith: namespace },
            );
        }
        this.registerOutputs({ namespaces: Object.keys(this.namespaces) });
    }
}
