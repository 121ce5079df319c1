import type { PlatformPolicy } from "../../lib/engine";
import {
    disallowGkeLegacyAuth,
    requireGkeCosImage,
    requireGkeLoggingMonitoring,
    requireGkeNetworkPolicy,
    requireGkeNodeHardening,
    requireGkeSecretsEncryption,
    requireGkeWorkloadIdentity,
    requirePrivateGkeControlPlane,
} from "./gke";
import { requireAksEntraRbac, requireAksKmsAndPrivateNodes, requireAksNetworkPolicy, requirePrivateAksApiServer } from "./aks";
import {
    disallowEksCreatorBootstrapAdmin,
    requireEksAuditLogging,
    requireEksNetworkPolicy,
    requireEksNodeHardening,
    requireEksSecretsEncryption,
    requirePrivateEksEndpoint,
} from "./eks";
import { requireKmsKeyPolicy, requireLogGroupEncryption, requireS3TlsAndCmk } from "./aws";
import { requireAksKubeAudit, requireKeyVaultNetworkDeny, requirePrivateCmkStorageAccount } from "./azure";

/**
 * The cloud group of the catalogue: managed clusters (E1-E4, A1-A4, G1-G6), and the platform's
 * additions: E5, and the keys, storage, logs and access around the clusters (E6-E9, A5-A7).
 */
export const cloudPolicies: PlatformPolicy[] = [
    requirePrivateEksEndpoint, // E1
    requireEksSecretsEncryption, // E2
    requireEksAuditLogging, // E3
    requireEksNodeHardening, // E4
    requireEksNetworkPolicy, // E5 (the platform's addition: the EKS counterpart of A3 and G6)
    disallowEksCreatorBootstrapAdmin, // E6 (platform)
    requireKmsKeyPolicy, // E7 (platform)
    requireS3TlsAndCmk, // E8 (platform)
    requireLogGroupEncryption, // E9 (platform)
    requirePrivateAksApiServer, // A1
    requireAksEntraRbac, // A2
    requireAksNetworkPolicy, // A3
    requireAksKmsAndPrivateNodes, // A4
    requireKeyVaultNetworkDeny, // A5 (platform)
    requirePrivateCmkStorageAccount, // A6 (platform)
    requireAksKubeAudit, // A7 (platform)
    requirePrivateGkeControlPlane, // G1
    requireGkeSecretsEncryption, // G2
    disallowGkeLegacyAuth, // G3
    requireGkeWorkloadIdentity, // G4
    requireGkeNodeHardening, // G5 (mandatory)
    requireGkeCosImage, // G5 (advisory)
    requireGkeNetworkPolicy, // G6 (mandatory)
    requireGkeLoggingMonitoring, // G6 (advisory)
];
