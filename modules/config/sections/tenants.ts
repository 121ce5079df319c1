/**
 * `platform:tenants`: the tenants of the platform, declared as data. Each becomes the same bundle on
 * every cloud (namespace, roles, quota, limit range, network policies, pull secrets).
 */
import { z } from "zod";
import { dnsLabel, Tier } from "../common";

export function tenantSchema(_tier: Tier) {
    return z
        .strictObject({
            name: dnsLabel(40).describe("Tenant name; also its namespace name."),
        })
        .describe("One tenant.");
}

export function tenantsSchema(tier: Tier) {
    return z.array(tenantSchema(tier)).default([]).describe("The tenants. Default: none.");
}

export type TenantConfig = z.output<ReturnType<typeof tenantSchema>>;
