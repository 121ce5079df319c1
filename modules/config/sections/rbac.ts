/**
 * `platform:rbac`: platform roles bound to identity groups.
 * Owned by the area's add-ons; extend the options here (every option with a doc comment and default).
 */
import { z } from "zod";
import { Tier } from "../common";

export function rbacSchema(_tier: Tier) {
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install this area's services. Default: true."),
        })
        .prefault({})
        .describe("platform roles bound to identity groups.");
}

export type RbacConfig = z.output<ReturnType<typeof rbacSchema>>;
