/**
 * `platform:dns`: external-dns, publishing ingress hosts to the cloud's DNS.
 * Owned by the area's add-ons; extend the options here (every option with a doc comment and default).
 */
import { z } from "zod";
import { Tier } from "../common";

export function dnsSchema(_tier: Tier) {
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install this area's services. Default: true."),
        })
        .prefault({})
        .describe("external-dns, publishing ingress hosts to the cloud's DNS.");
}

export type DnsConfig = z.output<ReturnType<typeof dnsSchema>>;
