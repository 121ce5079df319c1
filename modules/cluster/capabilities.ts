/**
 * Which optional capabilities each kind of cluster offers, known from the cloud alone, so the add-on
 * runner can reject a stack that needs one (a bucket, a KMS key, a DNS service) before anything is
 * created. Each cluster module's handle offers exactly these (a test holds them together).
 */
import type { Cloud, ClusterCapability } from "./contract";

const table: Record<Cloud, readonly ClusterCapability[]> = {
    aws: ["objectStore", "kms", "trustOidcIssuer"],
    azure: ["objectStore", "kms"],
    gcp: ["objectStore", "kms"],
    existing: [],
};

/** The optional capabilities a cluster on `cloud` offers. */
export function clusterCapabilities(cloud: Cloud): readonly ClusterCapability[] {
    return table[cloud];
}
