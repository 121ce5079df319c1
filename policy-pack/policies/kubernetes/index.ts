import type { PlatformPolicy } from "../../lib/engine";

/** The kubernetes group of the catalogue. */
export const kubernetesPolicies: PlatformPolicy[] = [];
