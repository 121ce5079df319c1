/**
 * `platform:dns`: external-dns publishes ingress hosts to the cloud's DNS (Route 53, Azure DNS,
 * Cloud DNS) through the cluster's identity binder, with permissions scoped to the configured zones.
 * Optional: off unless a stack turns it on (the cloud stacks do); it needs a cloud identity, so it
 * cannot run on an `existing` cluster.
 */
import { z } from "zod";
import { addon, Tier } from "../common";

const domain = z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lowercase DNS domain such as apps.example.com");

/** A zone id in the form of one cloud: a Route 53 hosted zone id, an Azure DNS zone resource id, or a Cloud DNS zone. */
export const zoneIdForms = {
    aws: /^Z[A-Z0-9]{4,32}$/,
    azure: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/(dnszones|privateDnsZones)\/[^/]+$/i,
    gcp: /^projects\/[a-z][-a-z0-9]{4,28}[a-z0-9]\/managedZones\/[a-z]([-a-z0-9]*[a-z0-9])?$/,
} as const;

export const dnsPolicies = ["upsert-only", "sync", "create-only"] as const;

export function dnsSchema(tier: Tier) {
    const policy = tier === "prod" ? "upsert-only" : "sync";
    return addon("external-dns", false, {
        zones: z
            .array(
                z.strictObject({
                    domain: domain.describe("The zone's domain: only hosts under it are published (domain filter)."),
                    id: z
                        .string()
                        .min(1)
                        .describe(
                            "The zone in the cloud's terms, to which permissions are scoped: a Route 53 hosted zone id (Z0123…), an Azure DNS zone resource id (/subscriptions/…/dnszones/<domain>, or …/privateDnsZones/<domain> for a private zone), or a Cloud DNS zone (projects/<project>/managedZones/<name>).",
                        ),
                }),
            )
            .default([])
            .describe("The DNS zones external-dns may write; permissions are granted on exactly these. Required (at least one) when enabled. Default: []."),
        private: z.boolean().default(false).describe("The zones are private (VPC-internal) zones rather than public ones. Default: false."),
        policy: z
            .enum(dnsPolicies)
            .default(policy)
            .describe(
                `How records are synchronized: upsert-only never deletes, sync deletes records it owns that no longer have a source. Default: ${policy} (upsert-only in prod, sync otherwise).`,
            ),
        txtOwnerId: z
            .string()
            .regex(/^[a-z0-9][-a-z0-9.]*$/, "must be lowercase letters, digits, '.' and '-'")
            .optional()
            .describe("Owner id written in the TXT ownership records, so two clusters never fight over a record. Default: the cluster name."),
    })
        .superRefine((d, ctx) => {
            if (d.enabled && d.zones.length === 0) {
                ctx.addIssue({ code: "custom", path: ["zones"], message: "at least one zone is required when dns.enabled is true" });
            }
            d.zones.forEach((z, i) => {
                if (!Object.values(zoneIdForms).some((form) => form.test(z.id))) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["zones", i, "id"],
                        message:
                            "must be a Route 53 hosted zone id (Z…), an Azure DNS zone resource id (/subscriptions/…/dnszones/…) or projects/<project>/managedZones/<zone>",
                    });
                }
            });
        })
        .prefault({})
        .describe("external-dns, publishing ingress hosts to the cloud's DNS, scoped to the configured zones.");
}

export type DnsConfig = z.output<ReturnType<typeof dnsSchema>>;
