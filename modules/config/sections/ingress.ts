/**
 * `platform:ingress`: the ingress controller (ingress-nginx or Contour with the Gateway API).
 * Owned by the area's add-ons; extend the options here (every option with a doc comment and default).
 */
import { z } from "zod";
import { Tier } from "../common";

export function ingressSchema(_tier: Tier) {
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install this area's services. Default: true."),
        })
        .prefault({})
        .describe("the ingress controller (ingress-nginx or Contour with the Gateway API).");
}

export type IngressConfig = z.output<ReturnType<typeof ingressSchema>>;
