/**
 * Azure DNS for the platform: external-dns and cert-manager's DNS-01 solver write records in the
 * configured zones only, through Azure Workload Identity (no client secrets). Pure.
 */
import { zoneIdForms } from "../../config/sections/dns";
import type { ConfigIssue } from "../../config";
import type { CloudPermissions, DnsService, DnsZone } from "../contract";

/** Where external-dns reads its Azure configuration file (the chart's default path). */
export const azureConfigMountPath = "/etc/kubernetes";
/** The ConfigMap holding azure.json. */
export const azureConfigMapName = "external-dns-azure";

/** Subscription and resource group of an Azure DNS zone resource id. */
export function azureZoneScope(id: string): { subscriptionId: string; resourceGroup: string; resourceGroupId: string } | undefined {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(id);
    return m ? { subscriptionId: m[1], resourceGroup: m[2], resourceGroupId: `/subscriptions/${m[1]}/resourceGroups/${m[2]}` } : undefined;
}

/** azure.json for external-dns with Workload Identity (tenant and client id come from the webhook's env). */
export function azureConfigFile(zones: readonly DnsZone[]): string {
    const scope = azureZoneScope(zones[0]?.id ?? "");
    return JSON.stringify({ subscriptionId: scope?.subscriptionId, resourceGroup: scope?.resourceGroup, useWorkloadIdentityExtension: true }, null, 2);
}

export const azureDns: DnsService = {
    zoneIssues(zones, privateZones): ConfigIssue[] {
        const issues: ConfigIssue[] = zones.flatMap((zone, i) =>
            zoneIdForms.azure.test(zone.id) ? [] : [{ path: `dns.zones[${i}].id`, message: "on azure must be an Azure DNS zone resource id" }],
        );
        const scopes = new Set(zones.map((z) => azureZoneScope(z.id)?.resourceGroupId.toLowerCase()));
        if (scopes.size > 1) {
            issues.push({
                path: "dns.zones",
                message: "on azure every zone must be in the same subscription and resource group (external-dns manages one resource group)",
            });
        }
        const kinds = new Set(zones.map((z) => /\/privateDnsZones\//i.test(z.id)));
        if (kinds.size > 1 || (kinds.size === 1 && [...kinds][0] !== privateZones)) {
            issues.push({ path: "dns.private", message: "must match the zones: privateDnsZones ids for private: true, dnszones ids for private: false" });
        }
        return issues;
    },

    externalDns(zones, privateZones) {
        return {
            provider: privateZones ? "azure-private-dns" : "azure",
            values: {
                extraVolumes: [{ name: "azure-config", configMap: { name: azureConfigMapName } }],
                extraVolumeMounts: [{ name: "azure-config", mountPath: azureConfigMountPath, readOnly: true }],
            },
            configFiles: { configMapName: azureConfigMapName, files: { "azure.json": azureConfigFile(zones) } },
        };
    },

    zonePermissions(zones, privateZones): CloudPermissions {
        const scope = azureZoneScope(zones[0]?.id ?? "");
        const role = privateZones ? "Private DNS Zone Contributor" : "DNS Zone Contributor";
        return {
            azure: {
                roleAssignments: [
                    ...zones.map((z) => ({ role, scope: z.id })),
                    // Listing the zones of the resource group; no write access there.
                    ...(scope ? [{ role: "Reader", scope: scope.resourceGroupId }] : []),
                ],
            },
        };
    },

    acmeIssues() {
        return [];
    },

    acmeSolver(provider, _region, principal) {
        if (provider.cloud !== "azure") {
            return {};
        }
        return {
            azureDNS: {
                subscriptionID: provider.subscriptionId,
                resourceGroupName: provider.resourceGroup,
                hostedZoneName: provider.zoneName,
                environment: "AzurePublicCloud",
                // The solver authenticates as the controller's federated identity, named by its client id.
                ...(principal ? { managedIdentity: { clientID: principal } } : {}),
            },
        };
    },

    acmePermissions(provider): CloudPermissions {
        if (provider.cloud !== "azure") {
            return {};
        }
        const zone = `/subscriptions/${provider.subscriptionId}/resourceGroups/${provider.resourceGroup}/providers/Microsoft.Network/dnszones/${provider.zoneName}`;
        return { azure: { roleAssignments: [{ role: "DNS Zone Contributor", scope: zone }] } };
    },
};
