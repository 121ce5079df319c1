/** Synthetic tenants for the scale series: realistic names and a mix of size classes. */
export function syntheticTenants(count: number): Record<string, unknown>[] {
    return Array.from({ length: count }, (_, i) => ({ name: `bench-${String(i).padStart(4, "0")}` }));
}
