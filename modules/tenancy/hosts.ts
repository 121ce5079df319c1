/**
 * Tenant hosts are owned: each tenant may serve, and get certificates for, the host names under its
 * suffixes (`tenants[].hosts`, default `<tenant>.<domain>`). The suffixes ride on the tenant's
 * namespaces as an annotation, which the admission rules read through `namespaceObject`; tenants
 * cannot change it (a Namespace is cluster-scoped, and tenant roles are namespaced). Here: the
 * suffixes of each tenant, and the checks across tenants (no two tenants share a name, no tenant
 * covers the platform's own names). Pure.
 */
import type { ConfigIssue, PlatformConfig } from "../config";
import type { TenantConfig } from "../config/sections/tenants";

/** The parent domain of tenant hosts: `tenancy.domain`, else the first DNS zone's domain. */
export function tenantDomain(config: Pick<PlatformConfig, "tenancy" | "dns">): string | undefined {
    return config.tenancy.domain ?? config.dns.zones[0]?.domain;
}

/** The host suffixes of a tenant: its own list, else `<name>.<domain>`, else none. */
export function tenantHostSuffixes(tenant: TenantConfig, domain: string | undefined): string[] {
    return tenant.hosts ? [...tenant.hosts] : domain ? [`${tenant.name}.${domain}`] : [];
}

/** True when suffix `a` covers name `b`: the same name, or `b` under `a`. */
export function covers(a: string, b: string): boolean {
    return a === b || b.endsWith(`.${a}`);
}

/** Host names the platform itself serves, from its configured URLs (Grafana, the identity layer's issuers and callbacks). */
export function platformHosts(config: PlatformConfig): string[] {
    const hosts = new Set<string>();
    const walk = (value: unknown) => {
        if (typeof value === "string") {
            const m = /^https:\/\/([^/:\s]+)/i.exec(value);
            if (m) hosts.add(m[1].toLowerCase());
        } else if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (value !== null && typeof value === "object") {
            Object.values(value).forEach(walk);
        }
    };
    walk(config.observability);
    walk(config.identity);
    return [...hosts].sort();
}

/**
 * Problems with tenants' host suffixes, each at the entry that declares it (`tenants[3].hosts[0]`,
 * or `tenants[3].name` for the default): a suffix shared with or nested in another tenant's, one that
 * covers the platform domain (every tenant's names), or one that covers a platform host.
 */
export function tenantHostIssues(config: PlatformConfig): ConfigIssue[] {
    const domain = tenantDomain(config);
    const platform = platformHosts(config);
    const issues: ConfigIssue[] = [];
    const owners: { suffix: string; tenant: string }[] = [];
    config.tenants.forEach((tenant, i) => {
        tenantHostSuffixes(tenant, domain).forEach((suffix, k) => {
            const path = tenant.hosts ? `tenants[${i}].hosts[${k}]` : `tenants[${i}].name`;
            const who = `tenant '${tenant.name}'`;
            if (domain && covers(suffix, domain)) {
                issues.push({
                    path,
                    message: `${who}: host suffix '${suffix}' covers the platform domain '${domain}' (every tenant's and the platform's names); use a name under it, such as ${tenant.name}.${domain}`,
                });
            }
            const taken = platform.find((h) => covers(suffix, h));
            if (taken) {
                issues.push({ path, message: `${who}: host suffix '${suffix}' covers the platform's host '${taken}'` });
            }
            const other = owners.find((o) => o.tenant !== tenant.name && (covers(o.suffix, suffix) || covers(suffix, o.suffix)));
            if (other) {
                issues.push({
                    path,
                    message: `${who}: host suffix '${suffix}' overlaps '${other.suffix}' of tenant '${other.tenant}'; each host name belongs to one tenant`,
                });
            }
            owners.push({ suffix, tenant: tenant.name });
        });
    });
    return issues;
}
