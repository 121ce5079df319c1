/**
 * Tenancy: every declared tenant becomes the same bundle on every cloud. `createTenants` builds all
 * bundles as data first (so a collision stops the run before anything is registered), then creates
 * one thin `Tenant` component per tenant, a batch at a time (see tenantBatchSize).
 */
import { setImmediate } from "timers/promises";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigIssue, PlatformConfig } from "../config";
import type { ClusterHandle } from "../cluster/contract";
import { tenantNamespaces, TenancyConfig } from "../config/sections/tenants";
import { ingress } from "../addons/ingress";
import { mergeProfiles } from "../addons/network-policies/rules";
import { observability } from "../addons/observability";
import type { InstalledPlatform } from "../addons/runner";
import { rbac } from "../addons/security/rbac";
import type { PersonaClusterRoles } from "../addons/security/rbac/personas";
import { secretOutput } from "../config/secret-output";
import { assertUniqueNames, buildTenantBundle } from "./bundle";
import type { TrafficSources } from "./network";
import { Tenant } from "./tenant";
import { tenantDomain } from "./hosts";

export { buildTenantBundle, TenantBundle, NamespaceSpec, RoleSpec, ServiceAccountSpec, tenantLabel, teamLabel, envLabel } from "./bundle";
export { networkPolicies, TrafficSources, TenantService, clusterDns } from "./network";
export { Tenant, TenantArgs } from "./tenant";
export { tenantPermissionIssues, tenantPermissionProblems, allowListIssues } from "./permissions";
export { tenantHostIssues, tenantHostSuffixes, tenantDomain, platformHosts } from "./hosts";

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
 * Tenant namespaces that are a platform namespace of this stack (one an add-on will use), each at the
 * entry that declares it: `tenants[3].name`, or `tenants[3].namespaces[1]` for an explicit list.
 */
export function tenantNamespaceIssues(config: PlatformConfig, platformNamespaces: ReadonlyMap<string, string>): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    config.tenants.forEach((tenant, i) => {
        tenantNamespaces(tenant, config.environment).forEach((ns, j) => {
            const owner = platformNamespaces.get(ns.name);
            if (owner !== undefined) {
                issues.push({
                    path: tenant.namespaces === undefined ? `tenants[${i}].name` : `tenants[${i}].namespaces[${j}]`,
                    message: `'${ns.name}' is reserved for the platform: the ${owner} add-on's namespace; choose another name`,
                });
            }
        });
    });
    return issues;
}

/** What tenancy takes from the installed platform: the services tenants accept traffic from, and the persona ClusterRoles. */
export interface TenancyInputs {
    sources: TrafficSources;
    /** The platform RBAC add-on's tenant persona ClusterRoles; without them each namespace gets its own persona Roles. */
    personaRoles?: PersonaClusterRoles;
}

/** Tenancy's inputs, read from the add-ons that own them. */
export function tenancyInputs(platform: InstalledPlatform): TenancyInputs {
    return {
        sources: {
            ingress: platform.get(ingress)?.dataPlane,
            monitoring: platform.get(observability)?.prometheus,
            // Every platform service that offers ports to tenants (Vault, the OTLP endpoint), as its add-on declared them.
            services: platform.namespaces
                .map((ns) => ({ peer: { namespaceName: ns.name }, ports: mergeProfiles(ns.traffic).tenantPorts }))
                .filter((s) => s.ports.length > 0),
        },
        personaRoles: platform.get(rbac)?.personaRoles,
    };
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
 * Creates every tenant of the config on the cluster. `inputs.sources` names the platform services
 * tenants accept traffic from (the ingress controller, Prometheus), as the add-ons that own them state
 * them; `inputs.personaRoles`, the platform RBAC add-on's tenant ClusterRoles, bound per namespace.
 */
export async function createTenants(config: PlatformConfig, cluster: ClusterHandle, inputs: TenancyInputs): Promise<Tenancy> {
    const context = {
        environment: config.environment,
        tenancy: config.tenancy,
        sources: inputs.sources,
        personaRoles: inputs.personaRoles,
        domain: tenantDomain(config),
    };
    const bundles = config.tenants.map((t) => buildTenantBundle(t, context));
    assertUniqueNames(bundles);
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
