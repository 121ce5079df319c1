import type { PlatformPolicy } from "../../lib/engine";

/** The stack group of the catalogue. */
export const stackPolicies: PlatformPolicy[] = [];
