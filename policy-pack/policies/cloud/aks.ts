/** A1-A4: AKS clusters (azure-native 3.x input names: azure-native:containerservice:ManagedCluster, azure-native:containerservice:AgentPool). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asObject, asString, forType, isUnknown, isUnknownAt, publicCidrProblems } from "../../lib/inputs";
import { EndpointParams, endpointSchema } from "./params";

export const aksClusterType = "azure-native:containerservice:ManagedCluster";
export const aksAgentPoolType = "azure-native:containerservice:AgentPool";

/** A1: a private cluster, or an API server restricted to authorized IP ranges. */
export const requirePrivateAksApiServer: ResourceValidationPolicy = {
    name: "require-private-aks-api-server",
    description: "AKS API servers are private (enablePrivateCluster) or restricted to authorized IP ranges (never 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: endpointSchema,
    validateResource: forType(aksClusterType, (props, args, report) => {
        if (isUnknown(props, "apiServerAccessProfile")) {
            return;
        }
        const access = asObject(props.apiServerAccessProfile) ?? {};
        if (isUnknown(access, "enablePrivateCluster") || isUnknown(access, "authorizedIPRanges")) {
            return;
        }
        if (access.enablePrivateCluster === true) {
            return;
        }
        const { allowedPublicCidrs = [] } = args.getConfig<EndpointParams>();
        for (const problem of publicCidrProblems(asArray(access.authorizedIPRanges), allowedPublicCidrs)) {
            report(
                `AKS public API server: ${problem}. Set \`apiServerAccessProfile.enablePrivateCluster: true\`, or list restricted ranges in \`apiServerAccessProfile.authorizedIPRanges\`.`,
            );
        }
    }),
};

/** A2: Entra ID (managed AAD) integration with Kubernetes RBAC; no local admin accounts. */
export const requireAksEntraRbac: ResourceValidationPolicy = {
    name: "require-aks-entra-rbac",
    description: "AKS authenticates through Entra ID (managed aadProfile) with RBAC on, and local accounts are disabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(aksClusterType, (props, _args, report) => {
        if (!isUnknown(props, "aadProfile")) {
            const aad = asObject(props.aadProfile);
            if (!aad) {
                report(
                    "AKS has no `aadProfile`: users are not authenticated through Entra ID. Set `aadProfile: { managed: true, enableAzureRBAC: true }` (or managed with `adminGroupObjectIDs`).",
                );
            } else if (!isUnknown(aad, "managed") && aad.managed !== true) {
                report("AKS `aadProfile.managed` is not true: legacy (non-managed) Entra ID integration is retired; set `managed: true`.");
            }
        }
        if (!isUnknown(props, "disableLocalAccounts") && props.disableLocalAccounts !== true) {
            report("AKS local accounts are enabled (a static cluster-admin credential outside Entra ID); set `disableLocalAccounts: true`.");
        }
        if (props.enableRBAC === false) {
            report("AKS `enableRBAC` is false: Kubernetes RBAC is off; remove it or set it to true.");
        }
    }),
};

const networkPolicyEngines = ["azure", "calico", "cilium"];

/** A3: a network policy engine is installed, so NetworkPolicies are enforced. */
export const requireAksNetworkPolicy: ResourceValidationPolicy = {
    name: "require-aks-network-policy",
    description: "AKS runs a network policy engine (networkProfile.networkPolicy azure, calico or cilium), so tenant NetworkPolicies are enforced.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(aksClusterType, (props, _args, report) => {
        if (isUnknown(props, "networkProfile") || isUnknownAt(props, "networkProfile.networkPolicy")) {
            return;
        }
        const policy = asString(asObject(props.networkProfile)?.networkPolicy);
        if (!policy || !networkPolicyEngines.includes(policy.toLowerCase())) {
            report(
                `AKS \`networkProfile.networkPolicy\` is ${policy ? `'${policy}'` : "not set"}: NetworkPolicies would not be enforced. Set it to "cilium" (with networkDataplane "cilium"), "azure" or "calico".`,
            );
        }
    }),
};

function publicNodeIpMessage(pool: string): string {
    return `AKS agent pool '${pool}' gives every node a public IP (enableNodePublicIP); remove it and reach nodes through the virtual network.`;
}

/** A4: etcd encryption with a Key Vault key (KMS), and no public IPs on nodes. */
export const requireAksKmsAndPrivateNodes: ResourceValidationPolicy = {
    name: "require-aks-kms-and-private-nodes",
    description: "AKS encrypts etcd with a Key Vault key (securityProfile.azureKeyVaultKms) and no agent pool gives nodes public IPs.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: [
        forType(aksClusterType, (props, _args, report) => {
            if (!isUnknown(props, "securityProfile") && !isUnknownAt(props, "securityProfile.azureKeyVaultKms")) {
                const kms = asObject(asObject(props.securityProfile)?.azureKeyVaultKms);
                if (!kms || (!isUnknown(kms, "enabled") && kms.enabled !== true)) {
                    report(
                        'AKS does not encrypt etcd with your Key Vault key; set `securityProfile.azureKeyVaultKms: { enabled: true, keyId: <key version URI>, keyVaultNetworkAccess: "Private", keyVaultResourceId: <vault id> }`.',
                    );
                } else if (!isUnknown(kms, "keyId") && !asString(kms.keyId)) {
                    report("AKS `securityProfile.azureKeyVaultKms.keyId` is not set; give the Key Vault key's versioned URI.");
                }
            }
            for (const pool of asArray(props.agentPoolProfiles) ?? []) {
                const p = asObject(pool);
                if (p?.enableNodePublicIP === true) {
                    report(publicNodeIpMessage(asString(p.name) ?? "(unnamed)"));
                }
            }
        }),
        forType(aksAgentPoolType, (props, args, report) => {
            if (props.enableNodePublicIP === true) {
                report(publicNodeIpMessage(asString(props.agentPoolName) ?? args.name));
            }
        }),
    ],
};
