/**
 * `platform:identity`: the OIDC identity layer (Dex or Pinniped).
 * Owned by the area's add-ons; extend the options here (every option with a doc comment and default).
 */
import { z } from "zod";
import { Tier } from "../common";

export function identitySchema(_tier: Tier) {
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install this area's services. Default: true."),
        })
        .prefault({})
        .describe("the OIDC identity layer (Dex or Pinniped).");
}

export type IdentityConfig = z.output<ReturnType<typeof identitySchema>>;
