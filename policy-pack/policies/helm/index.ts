import type { PlatformPolicy } from "../../lib/engine";
import { disallowUnapprovedPrivilegedCharts } from "./disallow-unapproved-privileged-charts";
import { requireMaintainedIngressController, requireHardenedIngressNginx, restrictAcceptedRetiredIngressController } from "./ingress-nginx";
import { requireApprovedChartSource } from "./require-approved-chart-source";
import { requireExactChartVersion } from "./require-exact-chart-version";

/** The Helm-release group of the catalogue (H1-H4). */
export const helmPolicies: PlatformPolicy[] = [
    requireExactChartVersion, // H1
    requireApprovedChartSource, // H2
    requireHardenedIngressNginx, // H3 (mandatory)
    requireMaintainedIngressController, // H3 (advisory; mandatory in prod)
    restrictAcceptedRetiredIngressController, // H3 (advisory: an accepted retired controller, with its reason)
    disallowUnapprovedPrivilegedCharts, // H4
];
