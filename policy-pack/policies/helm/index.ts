import type { PlatformPolicy } from "../../lib/engine";
import { requireExactChartVersion } from "./require-exact-chart-version";

/** The Helm-release group of the catalogue (H1-H4). */
export const helmPolicies: PlatformPolicy[] = [requireExactChartVersion];
