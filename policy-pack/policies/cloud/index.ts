import type { PlatformPolicy } from "../../lib/engine";
import { disallowGkeLegacyAuth, requireGkeCosImage, requireGkeLoggingMonitoring, requireGkeNetworkPolicy, requireGkeNodeHardening, requireGkeSecretsEncryption, requireGkeWorkloadIdentity, requirePrivateGkeControlPlane } from "./gke";
import { requireAksEntraRbac, requireAksKmsAndPrivateNodes, requireAksNetworkPolicy, requirePrivateAksApiServer } from "./aks";
import { requireEksAuditLogging, requireEksNetworkPolicy, requireEksNodeHardening, requireEksSecretsEncryption, requirePrivateEksEndpoint } from "./eks";

/** The cloud group of the catalogue: managed clusters (E1-E4, A1-A4, G1-G6, and the platform's E5), listed explicitly. */
export const cloudPolicies: PlatformPolicy[] = [
    requirePrivateEksEndpoint, // E1
    requireEksSecretsEncryption, // E2
    requireEksAuditLogging, // E3
    requireEksNodeHardening, // E4
    requireEksNetworkPolicy, // E5 (the platform's addition: the EKS counterpart of A3 and G6)
    requirePrivateAksApiServer, // A1
    requireAksEntraRbac, // A2
    requireAksNetworkPolicy, // A3
    requireAksKmsAndPrivateNodes, // A4
    requirePrivateGkeControlPlane, // G1
    requireGkeSecretsEncryption, // G2
    disallowGkeLegacyAuth, // G3
    requireGkeWorkloadIdentity, // G4
    requireGkeNodeHardening, // G5 (mandatory)
    requireGkeCosImage, // G5 (advisory)
    requireGkeNetworkPolicy, // G6 (mandatory)
    requireGkeLoggingMonitoring, // G6 (advisory)
];
