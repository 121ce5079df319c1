/**
 * A5-A7: the Azure resources around an AKS cluster that keep data off the internet and the audit
 * trail complete (azure-native 3.x input names): Key Vaults that deny public networks
 * (azure-native:keyvault:Vault), storage accounts that deny public networks and encrypt with a
 * customer-managed key (azure-native:storage:StorageAccount), and AKS diagnostic settings that
 * include the full audit log (azure-native:monitor:DiagnosticSetting of a ManagedCluster).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asArray, asObject, asString, forType, isUnknown, isUnknownAt } from "../../lib/inputs";
import { aksClusterType } from "./aks";

export const keyVaultType = "azure-native:keyvault:Vault";
export const storageAccountType = "azure-native:storage:StorageAccount";
export const diagnosticSettingType = "azure-native:monitor:DiagnosticSetting";

/** A5: Key Vaults are not open to the internet. */
export const requireKeyVaultNetworkDeny: ResourceValidationPolicy = {
    name: "require-key-vault-network-deny",
    description:
        "Key Vaults are not open to the internet: public network access disabled, or network ACLs whose default action is Deny (trusted Azure services may pass; clients use a private endpoint or a virtual network rule).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(keyVaultType, (props, _args, report) => {
        if (
            isUnknown(props, "properties") ||
            isUnknownAt(props, "properties.publicNetworkAccess") ||
            isUnknownAt(props, "properties.networkAcls.defaultAction")
        ) {
            return;
        }
        const p = asObject(props.properties) ?? {};
        const publicAccess = asString(p.publicNetworkAccess)?.toLowerCase();
        const defaultAction = asString(asObject(p.networkAcls)?.defaultAction)?.toLowerCase();
        if (publicAccess !== "disabled" && defaultAction !== "deny") {
            report(
                `Key Vault${asString(props.vaultName) ? ` '${String(props.vaultName)}'` : ""} accepts connections from any network (publicNetworkAccess ${publicAccess ?? "unset"}, networkAcls.defaultAction ${defaultAction ?? "unset"}); set \`properties.publicNetworkAccess: "Disabled"\` and reach it through a private endpoint, or \`properties.networkAcls: { defaultAction: "Deny", bypass: "AzureServices" }\`.`,
            );
        }
    }),
};

/** A6: storage accounts deny public networks and encrypt with a customer-managed key. */
export const requirePrivateCmkStorageAccount: ResourceValidationPolicy = {
    name: "require-private-cmk-storage-account",
    description:
        "Storage accounts are not open to the internet (public network access disabled, or network rules whose default action is Deny) and are encrypted with a customer-managed key (encryption.keySource Microsoft.Keyvault).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(storageAccountType, (props, _args, report) => {
        const name = asString(props.accountName) ? ` '${String(props.accountName)}'` : "";
        if (!isUnknown(props, "publicNetworkAccess") && !isUnknownAt(props, "networkRuleSet.defaultAction")) {
            const publicAccess = asString(props.publicNetworkAccess)?.toLowerCase();
            const defaultAction = asString(asObject(props.networkRuleSet)?.defaultAction)?.toLowerCase();
            if (publicAccess !== "disabled" && defaultAction !== "deny") {
                report(
                    `Storage account${name} accepts connections from any network; set \`publicNetworkAccess: "Disabled"\` (clients use a private endpoint) or \`networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" }\`.`,
                );
            }
        }
        if (!isUnknown(props, "encryption") && !isUnknownAt(props, "encryption.keySource")) {
            const source = asString(asObject(props.encryption)?.keySource);
            if (source?.toLowerCase() !== "microsoft.keyvault") {
                report(
                    `Storage account${name} is encrypted with Microsoft-managed keys; set \`encryption.keySource: "Microsoft.Keyvault"\` with a Key Vault key and the user-assigned identity that may use it.`,
                );
            }
        }
    }),
};

/** The categories a diagnostic setting enables. */
function enabledCategories(logs: unknown): string[] {
    return (asArray(logs) ?? []).flatMap((l) => {
        const o = asObject(l);
        return o && o.enabled !== false && asString(o.category) ? [String(o.category)] : [];
    });
}

/** A7: every AKS cluster sends its full audit log (`kube-audit`) to a diagnostic destination. */
export const requireAksKubeAudit: StackValidationPolicy = {
    name: "require-aks-kube-audit",
    description:
        "Every AKS cluster has a diagnostic setting that enables the kube-audit category (the full audit log, reads included; kube-audit-admin omits get and list).",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, report) => {
        for (const cluster of args.resources.filter((r) => r.type === aksClusterType)) {
            const settings = args.resources.filter((r) => r.type === diagnosticSettingType && r.dependencies.some((d) => d.urn === cluster.urn));
            if (settings.some((s) => isUnknown(s.props, "logs"))) {
                continue;
            }
            if (!settings.some((s) => enabledCategories(s.props.logs).includes("kube-audit"))) {
                report(
                    `AKS cluster '${cluster.name}' sends no full audit log: add a diagnostic setting on it (resourceUri: the cluster's id) with \`logs: [{ category: "kube-audit", enabled: true }, ...]\`.`,
                    cluster.urn,
                );
            }
        }
    },
};
