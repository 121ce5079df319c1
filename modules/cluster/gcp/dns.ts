/**
 * Cloud DNS for the platform: external-dns and cert-manager's DNS-01 solver write records in the
 * configured zones, through GKE Workload Identity (no key files). Pure.
 */
import { zoneIdForms } from "../../config/sections/dns";
import type { ConfigIssue } from "../../config";
import type { CloudPermissions, DnsService } from "../contract";

/** The GCP project of a Cloud DNS zone id. */
export function gcpZoneProject(id: string): string | undefined {
    return /^projects\/([^/]+)\/managedZones\//.exec(id)?.[1];
}

export const cloudDns: DnsService = {
    zoneIssues(zones): ConfigIssue[] {
        const issues: ConfigIssue[] = zones.flatMap((zone, i) =>
            zoneIdForms.gcp.test(zone.id) ? [] : [{ path: `dns.zones[${i}].id`, message: "on gcp must be projects/<project>/managedZones/<zone>" }],
        );
        if (new Set(zones.map((z) => gcpZoneProject(z.id))).size > 1) {
            issues.push({ path: "dns.zones", message: "on gcp every zone must be in the same project (external-dns manages one project)" });
        }
        return issues;
    },

    externalDns(zones, privateZones) {
        return {
            provider: "google",
            values: {
                extraArgs: { "google-project": gcpZoneProject(zones[0]?.id ?? "") ?? "", "google-zone-visibility": privateZones ? "private" : "public" },
            },
        };
    },

    zonePermissions(zones): CloudPermissions {
        return {
            gcp: {
                roles: [
                    ...zones.map((z) => ({ role: "roles/dns.admin", resource: z.id })),
                    // Listing zones and reading records project-wide; writes stay on the zones above.
                    { role: "roles/dns.reader" },
                ],
            },
        };
    },

    acmeIssues(provider, cluster) {
        if (provider.cloud === "gcp" && cluster.cloud === "gcp" && provider.project !== cluster.project) {
            return [
                {
                    path: "security.certManager.acme.dns01Provider.project",
                    message: `'${provider.project}' is not the cluster's project '${cluster.project}': the DNS-01 identity is granted DNS admin in the cluster's project`,
                },
            ];
        }
        return [];
    },

    acmeSolver(provider) {
        return provider.cloud === "gcp" ? { cloudDNS: { project: provider.project } } : {};
    },

    acmePermissions(provider): CloudPermissions {
        // Project level in the cluster's project (acmeIssues holds the zone to that project).
        return provider.cloud === "gcp" ? { gcp: { roles: [{ role: "roles/dns.admin" }] } } : {};
    },
};
