import type { PlatformPolicy } from "../../lib/engine";
import { requireTenantNamespaceBaseline } from "./require-tenant-namespace-baseline";

/** The stack group of the catalogue: checks across resources (N2). */
export const stackPolicies: PlatformPolicy[] = [
    requireTenantNamespaceBaseline, // N2
];
