/**
 * `platform:storage`: CSI drivers, StorageClasses and volume snapshots.
 * Owned by the area's add-ons; extend the options here (every option with a doc comment and default).
 */
import { z } from "zod";
import { Tier } from "../common";

export function storageSchema(_tier: Tier) {
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install this area's services. Default: true."),
        })
        .prefault({})
        .describe("CSI drivers, StorageClasses and volume snapshots.");
}

export type StorageConfig = z.output<ReturnType<typeof storageSchema>>;
