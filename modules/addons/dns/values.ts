/**
 * Pure builders for external-dns (kubernetes-sigs chart 1.21.1 keys): the cloud permissions scoped to
 * the configured zones (stated for every cloud at once; the cluster's binder reads its own part),
 * the per-cloud chart values, and the checks that need the cluster's cloud.
 */
import type { ConfigIssue } from "../../config";
import { DnsConfig, zoneIdForms } from "../../config/sections/dns";
import type { Cloud, CloudPermissions } from "../../cluster/contract";
import type { Values } from "../values";

export const externalDnsServiceAccount = "external-dns";
/** Where the Azure provider reads its configuration file (the chart's default path). */
export const azureConfigMountPath = "/etc/kubernetes";

type ManagedCloud = Exclude<Cloud, "existing">;

/** Problems with `dns` that depend on the cluster's cloud. */
export function dnsIssues(config: DnsConfig, cloud: Cloud): ConfigIssue[] {
    if (!config.enabled) {
        return [];
    }
    if (cloud === "existing") {
        return [{ path: "dns.enabled", message: "external-dns needs a cloud identity to write DNS records; an existing cluster has none (set dns.enabled: false)" }];
    }
    const issues: ConfigIssue[] = [];
    config.zones.forEach((zone, i) => {
        if (!zoneIdForms[cloud].test(zone.id)) {
            const want = { aws: "a Route 53 hosted zone id (Z…)", azure: "an Azure DNS zone resource id", gcp: "projects/<project>/managedZones/<zone>" }[cloud];
            issues.push({ path: `dns.zones[${i}].id`, message: `on ${cloud} must be ${want}` });
        }
    });
    if (cloud === "gcp" && new Set(config.zones.map((z) => gcpZoneProject(z.id))).size > 1) {
        issues.push({ path: "dns.zones", message: "on gcp every zone must be in the same project (external-dns manages one project)" });
    }
    if (cloud === "azure") {
        const scopes = new Set(config.zones.map((z) => azureZoneScope(z.id)?.resourceGroupId.toLowerCase()));
        if (scopes.size > 1) {
            issues.push({ path: "dns.zones", message: "on azure every zone must be in the same subscription and resource group (external-dns manages one resource group)" });
        }
        const kinds = new Set(config.zones.map((z) => /\/privateDnsZones\//i.test(z.id)));
        if (kinds.size > 1 || (kinds.size === 1 && [...kinds][0] !== config.private)) {
            issues.push({ path: "dns.private", message: "must match the zones: privateDnsZones ids for private: true, dnszones ids for private: false" });
        }
    }
    return issues;
}

/** Subscription and resource group of an Azure DNS zone resource id. */
export function azureZoneScope(id: string): { subscriptionId: string; resourceGroup: string; resourceGroupId: string } | undefined {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(id);
    return m ? { subscriptionId: m[1], resourceGroup: m[2], resourceGroupId: `/subscriptions/${m[1]}/resourceGroups/${m[2]}` } : undefined;
}

/** The GCP project of a Cloud DNS zone id. */
export function gcpZoneProject(id: string): string | undefined {
    return /^projects\/([^/]+)\/managedZones\//.exec(id)?.[1];
}

/** Permissions to write records in exactly the configured zones (and to find them). */
export function dnsPermissions(config: DnsConfig, cloud: ManagedCloud): CloudPermissions {
    const ids = config.zones.map((z) => z.id);
    switch (cloud) {
        case "aws":
            return {
                aws: {
                    statements: [
                        {
                            Effect: "Allow",
                            Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                            Resource: ids.map((id) => `arn:aws:route53:::hostedzone/${id}`),
                        },
                        { Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: "*" },
                    ],
                },
            };
        case "azure": {
            const scope = azureZoneScope(ids[0]);
            const role = config.private ? "Private DNS Zone Contributor" : "DNS Zone Contributor";
            return {
                azure: {
                    roleAssignments: [
                        ...ids.map((id) => ({ role, scope: id })),
                        // Listing the zones of the resource group; no write access there.
                        ...(scope ? [{ role: "Reader", scope: scope.resourceGroupId }] : []),
                    ],
                },
            };
        }
        case "gcp":
            return {
                gcp: {
                    roles: [
                        ...ids.map((id) => ({ role: "roles/dns.admin", resource: id })),
                        // Listing zones and reading records project-wide; writes stay on the zones above.
                        { role: "roles/dns.reader" },
                    ],
                },
            };
    }
}

export interface ExternalDnsOptions {
    cloud: ManagedCloud;
    region: string;
    /** TXT ownership id (the cluster name unless configured). */
    txtOwnerId: string;
    /** Also publish Gateway API HTTPRoutes (Contour). */
    gatewayRoutes: boolean;
    /** Name of the ConfigMap holding azure.json (Azure only). */
    azureConfigMap?: string;
    image: (ref: string) => string;
}

/** The provider name external-dns uses for a cloud. */
export function providerName(cloud: ManagedCloud, privateZones: boolean): string {
    return { aws: "aws", azure: privateZones ? "azure-private-dns" : "azure", gcp: "google" }[cloud];
}

export function externalDnsValues(config: DnsConfig, o: ExternalDnsOptions): Values {
    const visibility = config.private ? "private" : "public";
    const perCloud: Record<ManagedCloud, Values> = {
        aws: {
            env: [{ name: "AWS_DEFAULT_REGION", value: o.region }],
            extraArgs: { "aws-zone-type": visibility, "zone-id-filter": config.zones.map((z) => z.id) },
        },
        azure: {
            extraVolumes: [{ name: "azure-config", configMap: { name: o.azureConfigMap } }],
            extraVolumeMounts: [{ name: "azure-config", mountPath: azureConfigMountPath, readOnly: true }],
        },
        gcp: {
            extraArgs: { "google-project": gcpZoneProject(config.zones[0]?.id ?? "") ?? "", "google-zone-visibility": visibility },
        },
    };
    return {
        image: { repository: o.image("registry.k8s.io/external-dns/external-dns") },
        provider: { name: providerName(o.cloud, config.private) },
        domainFilters: config.zones.map((z) => z.domain),
        txtOwnerId: o.txtOwnerId,
        registry: "txt",
        policy: config.policy,
        sources: o.gatewayRoutes ? ["service", "ingress", "gateway-httproute"] : ["service", "ingress"],
        interval: "1m",
        logFormat: "json",
        // Annotations and pod labels: external-dns's identity on the zones (HelmAddon identities).
        serviceAccount: { create: true, name: externalDnsServiceAccount, annotations: {} },
        podLabels: {},
        resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        ...perCloud[o.cloud],
    };
}

/** azure.json for external-dns with Workload Identity (tenant and client id come from the webhook's env). */
export function azureConfigFile(config: DnsConfig): string {
    const scope = azureZoneScope(config.zones[0]?.id ?? "");
    return JSON.stringify({ subscriptionId: scope?.subscriptionId, resourceGroup: scope?.resourceGroup, useWorkloadIdentityExtension: true }, null, 2);
}
