import type { PlatformPolicy } from "../../lib/engine";

/** The cloud group of the catalogue. */
export const cloudPolicies: PlatformPolicy[] = [];
