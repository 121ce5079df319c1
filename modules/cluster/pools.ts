/** Node-pool facts shared by the cloud modules (pure). */

/** The label every platform node carries, naming its pool: `system` or `workloads`. */
export const poolLabel = "platform.io/pool";

export type PoolRole = "system" | "workloads";

/** Default machine types per cloud and pool role. */
export const defaultInstanceTypes: Record<"aws" | "azure" | "gcp", Record<PoolRole, string>> = {
    aws: { system: "m6i.large", workloads: "m6i.xlarge" },
    azure: { system: "Standard_D4ds_v5", workloads: "Standard_D4ds_v5" },
    gcp: { system: "e2-standard-4", workloads: "n2-standard-4" },
};

/** The desired size a new pool starts with: its minimum, but at least one node. */
export function initialSize(bounds: { min: number; max: number }): number {
    return Math.min(Math.max(bounds.min, 1), bounds.max);
}
