/**
 * Tenancy: every declared tenant becomes the same bundle on every cloud. `createTenants` builds all
 * bundles as data first (so a collision stops the run before anything is registered), then creates
 * one thin `Tenant` component per tenant, a batch at a time (see tenantBatchSize).
 */
import { setImmediate } from "timers/promises";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../config";
import type { ClusterHandle } from "../cluster/contract";
import type { TenancyConfig } from "../config/sections/tenants";
import { secretOutput } from "../platform/secrets";
import { assertUniqueNames, buildTenantBundle, PersonaClusterRoles, TenantBundle } from "./bundle";
import type { TrafficSource, TrafficSources } from "./network";
import { Tenant } from "./tenant";

export { buildTenantBundle, PersonaClusterRoles, TenantBundle, NamespaceSpec, RoleSpec, ServiceAccountSpec, tenantLabel, teamLabel, envLabel } from "./bundle";
export { networkPolicies, TrafficSource, TrafficSources, clusterDns } from "./network";
export { personaRules, Persona } from "./rbac";
export { Tenant, TenantArgs } from "./tenant";

/** The tenants of a stack, and what they contribute to the stack outputs. */
export interface Tenancy {
    tenants: Tenant[];
    outputs: {
        /** Tenant name -> its namespaces. */
        namespaces: Record<string, string[]>;
        /** `namespace/serviceaccount` -> cloud principal, for workload service accounts bound to a cloud identity. */
        principals: Record<string, pulumi.Output<string>>;
    };
}

/**
 * `.dockerconfigjson` payloads for every registry credential, built once for the stack (not per
 * tenant), as Pulumi secrets from the config secrets.
 */
export function dockerConfigs(credentials: TenancyConfig["registryCredentials"]): Record<string, pulumi.Output<string>> {
    const out: Record<string, pulumi.Output<string>> = {};
    for (const [name, c] of Object.entries(credentials)) {
        out[name] = secretOutput(c.password).apply((password) =>
            JSON.stringify({ auths: { [c.server]: { username: c.username, password, auth: Buffer.from(`${c.username}:${password}`).toString("base64") } } }),
        );
    }
    return out;
}

/**
 * The config rejects the platform's usual namespace names; this catches a platform service whose
 * namespace was configured to something else that a tenant already uses.
 */
export function assertClearOfPlatform(bundles: readonly TenantBundle[], sources: TrafficSources): void {
    const platformNamespaces = new Map<string, string>();
    for (const [role, source] of Object.entries(sources) as [string, TrafficSource | undefined][]) {
        if (source) {
            platformNamespaces.set(source.namespaceName, role);
        }
    }
    for (const bundle of bundles) {
        for (const ns of bundle.namespaces) {
            const role = platformNamespaces.get(ns.name);
            if (role !== undefined) {
                throw new Error(`tenants: namespace '${ns.name}' of tenant '${bundle.tenant}' is the platform's ${role} namespace; choose another tenant or namespace name`);
            }
        }
    }
}

/**
 * Tenants constructed before the program yields to the event loop. Every resource the SDK is asked
 * for stays in flight (inputs, promises, serialized payload) until its registration completes; with
 * a thousand tenants constructed in one go, that is 12,000 to 18,000 registrations held at once. Yielding
 * between batches lets the registrations already asked for complete, so peak memory follows the
 * batch, not the tenant count (measured: half the peak heap at 500 tenants, and less GC time).
 * It never waits for a resource to be created: a yield is one event-loop turn, so `pulumi up`
 * keeps its full parallelism.
 */
export const tenantBatchSize = 25;

/**
 * Creates every tenant of the config on the cluster. `sources` names the platform services tenants
 * accept traffic from (the ingress controller, Prometheus): typed inputs from the add-ons that own
 * those namespaces, never a namespace string repeated here. `personaRoles`: the security add-on's
 * tenant ClusterRoles, bound per namespace; without them each namespace gets its own persona Roles.
 */
export async function createTenants(config: PlatformConfig, cluster: ClusterHandle, sources: TrafficSources, personaRoles?: PersonaClusterRoles): Promise<Tenancy> {
    const context = { environment: config.environment, tenancy: config.tenancy, sources, personaRoles };
    const bundles = config.tenants.map((t) => buildTenantBundle(t, context));
    assertUniqueNames(bundles);
    assertClearOfPlatform(bundles, sources);
    const pullSecrets = bundles.some((b) => b.namespaces.some((ns) => ns.pullSecrets.length > 0)) ? dockerConfigs(config.tenancy.registryCredentials) : {};
    const opts: pulumi.ComponentResourceOptions = { providers: { kubernetes: cluster.provider } };
    const tenants: Tenant[] = [];
    for (const [i, bundle] of bundles.entries()) {
        if (i > 0 && i % tenantBatchSize === 0) {
            await setImmediate();
        }
        tenants.push(new Tenant(bundle.tenant, { bundle, pullSecrets, identity: cluster.identity }, opts));
    }
    const namespaces: Record<string, string[]> = {};
    const principals: Record<string, pulumi.Output<string>> = {};
    tenants.forEach((tenant, i) => {
        namespaces[bundles[i].tenant] = Object.keys(tenant.namespaces);
        Object.assign(principals, tenant.principals);
    });
    return { tenants, outputs: { namespaces, principals } };
}
