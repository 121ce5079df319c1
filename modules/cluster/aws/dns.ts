/**
 * Route 53 for the platform: external-dns and cert-manager's DNS-01 solver write records in the
 * configured hosted zones only, through IRSA (no static keys). Pure.
 */
import { zoneIdForms } from "../../config/sections/dns";
import type { CloudPermissions, DnsService, DnsZone } from "../contract";

const hostedZoneArn = (id: string) => `arn:aws:route53:::hostedzone/${id}`;

export const route53: DnsService = {
    zoneIssues(zones) {
        return zones.flatMap((zone, i) =>
            zoneIdForms.aws.test(zone.id) ? [] : [{ path: `dns.zones[${i}].id`, message: "on aws must be a Route 53 hosted zone id (Z…)" }],
        );
    },

    externalDns(zones: readonly DnsZone[], privateZones: boolean, region: string) {
        return {
            provider: "aws",
            values: {
                env: [{ name: "AWS_DEFAULT_REGION", value: region }],
                extraArgs: { "aws-zone-type": privateZones ? "private" : "public", "zone-id-filter": zones.map((z) => z.id) },
            },
        };
    },

    zonePermissions(zones): CloudPermissions {
        return {
            aws: {
                statements: [
                    {
                        Effect: "Allow",
                        Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                        Resource: zones.map((z) => hostedZoneArn(z.id)),
                    },
                    { Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: "*" },
                ],
            },
        };
    },

    acmeIssues() {
        return [];
    },

    acmeSolver(provider, region) {
        return provider.cloud === "aws" ? { route53: { region: provider.region ?? region, hostedZoneID: provider.hostedZoneId } } : {};
    },

    acmePermissions(provider): CloudPermissions {
        if (provider.cloud !== "aws") {
            return {};
        }
        return {
            aws: {
                statements: [
                    { Effect: "Allow", Action: ["route53:GetChange"], Resource: "arn:aws:route53:::change/*" },
                    {
                        Effect: "Allow",
                        Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                        Resource: hostedZoneArn(provider.hostedZoneId),
                    },
                    { Effect: "Allow", Action: ["route53:ListHostedZonesByName"], Resource: "*" },
                ],
            },
        };
    },
};
