import type { PlatformPolicy } from "../../lib/engine";

/** The storage group of the catalogue. */
export const storagePolicies: PlatformPolicy[] = [];
