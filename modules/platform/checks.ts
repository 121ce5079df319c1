/**
 * The platform's checks of a whole configuration, run with the schema's (modules/config `StackCheck`):
 * everything the add-on plan can judge from config alone (a required add-on off, a capability the
 * cloud lacks, an option only the cloud can judge), tenant namespaces that a platform add-on uses,
 * tenant cloud permissions outside the allow-list, and tenant host suffixes that overlap.
 * Run before anything is created, so a stack that cannot be installed creates nothing.
 */
import type { ConfigIssue, PlatformConfig } from "../config";
import { admissionNamespaces } from "../addons/admission";
import { catalogue } from "../addons/catalogue";
import { addonPlanIssues, reservedNamespaces } from "../addons/runner";
import { tenantHostIssues, tenantNamespaceIssues, tenantPermissionIssues } from "../tenancy";

/** Every problem of a schema-valid configuration that the add-on plan and tenancy find. */
export function platformChecks(config: PlatformConfig): ConfigIssue[] {
    const { issues } = addonPlanIssues(catalogue, config);
    const owners = reservedNamespaces(catalogue, config);
    for (const ns of admissionNamespaces(config, true)) {
        owners.set(ns.name, "gatekeeper");
    }
    return [...issues, ...tenantNamespaceIssues(config, owners), ...tenantPermissionIssues(config), ...tenantHostIssues(config)];
}
