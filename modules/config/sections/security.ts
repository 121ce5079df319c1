/**
 * `platform:security`: cert-manager, Vault, Gatekeeper, Falco and platform network policies.
 * Owned by the area's add-ons; extend the options here (every option with a doc comment and default).
 */
import { z } from "zod";
import { Tier } from "../common";

export function securitySchema(_tier: Tier) {
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install this area's services. Default: true."),
        })
        .prefault({})
        .describe("cert-manager, Vault, Gatekeeper, Falco and platform network policies.");
}

export type SecurityConfig = z.output<ReturnType<typeof securitySchema>>;
