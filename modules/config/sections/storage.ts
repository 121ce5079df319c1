/**
 * `platform:storage`: the CSI driver, the one default StorageClass, and volume snapshots.
 * `enabled: false` is the stateless-only mode: nothing of this area is installed, and add-ons that
 * would ask for volumes fall back to ephemeral storage.
 */
import { z } from "zod";
import { addon, dnsLabel, Tier } from "../common";

export const reclaimPolicies = ["Retain", "Delete"] as const;

export function storageSchema(tier: Tier) {
    const reclaim = tier === "prod" ? "Retain" : "Delete";
    return z
        .strictObject({
            enabled: z
                .boolean()
                .default(true)
                .describe(
                    "Install storage: the CSI driver, the default StorageClass and snapshots. false = stateless-only mode (nothing installed). Default: true.",
                ),
            defaultClass: z
                .strictObject({
                    name: dnsLabel(63).default("platform-encrypted").describe("Name of the platform's default StorageClass. Default: platform-encrypted."),
                    reclaimPolicy: z
                        .enum(reclaimPolicies)
                        .default(reclaim)
                        .describe(`What happens to a volume when its claim is deleted. Default: ${reclaim} (Retain in prod, Delete otherwise).`),
                    provisioner: z
                        .string()
                        .min(1)
                        .optional()
                        .describe(
                            "CSI provisioner override, for an `existing` cluster (e.g. rancher.io/local-path on kind). Default: the cluster's own (EBS, Azure Disk, GCE PD). On a cloud cluster it conflicts with the encrypted default and is rejected.",
                        ),
                    parameters: z
                        .record(z.string(), z.string())
                        .default({})
                        .describe(
                            "Extra StorageClass parameters, merged over the cluster's (which carry the customer-managed key). Default: {}. Encryption parameters cannot be overridden.",
                        ),
                    demote: z
                        .array(dnsLabel(253))
                        .optional()
                        .describe(
                            "Pre-installed StorageClasses whose default annotation is removed so exactly one default remains (e.g. [standard] on kind). Default: the cluster's own pre-installed default (AKS default, GKE standard-rwo).",
                        ),
                })
                .prefault({})
                .describe("The one default StorageClass: encrypted with the stack's key, WaitForFirstConsumer, expandable."),
            snapshots: z
                .strictObject({
                    enabled: z
                        .boolean()
                        .default(true)
                        .describe("Create a default VolumeSnapshotClass (and the snapshot controller where the cluster lacks one). Default: true."),
                    controller: addon("the CSI snapshot controller and its CRDs (only where the cluster does not provide them)", true, {}).prefault({}),
                })
                .prefault({})
                .describe("Volume snapshots."),
        })
        .prefault({})
        .describe("CSI drivers, the default StorageClass and volume snapshots.");
}

export type StorageConfig = z.output<ReturnType<typeof storageSchema>>;
