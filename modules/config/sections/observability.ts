/**
 * `platform:observability`: logs, metrics, alerting, dashboards, tracing and long-term metrics.
 * Owned by the area's add-ons; extend the options here (every option with a doc comment and default).
 */
import { z } from "zod";
import { Tier } from "../common";

export function observabilitySchema(_tier: Tier) {
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install this area's services. Default: true."),
        })
        .prefault({})
        .describe("logs, metrics, alerting, dashboards, tracing and long-term metrics.");
}

export type ObservabilityConfig = z.output<ReturnType<typeof observabilitySchema>>;
