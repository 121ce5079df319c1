/**
 * Synthetic tenants for the scale series and the scale test: realistic names, the three size
 * classes in turn, and every persona bound to a group (so each tenant gets its full bundle).
 * Names are `<prefix>-0000`, `<prefix>-0001`, …; prefix default: "bench".
 */
export function syntheticTenants(count: number, prefix = "bench"): Record<string, unknown>[] {
    const sizes = ["small", "medium", "large"];
    return Array.from({ length: count }, (_, i) => ({
        name: `${prefix}-${String(i).padStart(4, "0")}`,
        size: sizes[i % sizes.length],
        groups: { admin: [`${prefix}-${i}-admins`], edit: [`${prefix}-${i}-devs`], view: [`${prefix}-${i}-readers`] },
    }));
}
