/**
 * The AKS control plane: its user-assigned identity (which joins nodes and load balancers to the
 * subnet), the managed cluster itself (Entra ID RBAC and no local accounts, private or IP-restricted
 * API server, OIDC issuer and Workload Identity, KMS and disk encryption with the stack's keys,
 * Azure CNI overlay with Cilium, the system pool inline), and its audit logs in Log Analytics.
 */
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { ManagedCluster, ManagedClusterArgs } from "@pulumi/azure-native/containerservice";
import { Workspace } from "@pulumi/azure-native/operationalinsights";
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterResourceOptions } from "../resource-options";
import { clusterDnsAddress } from "../service-range";
import type { AksKeys } from "./encryption";
import type { AksNetwork } from "./network";
import { agentPoolSettings } from "./nodes";
import { roleDefinitionId } from "./roles";

type AzureCluster = ManagedClusterConfig<"azure">;

/** Control-plane log categories sent to Log Analytics: audit (writes), API server, controllers, authentication. */
export const aksLogCategories = ["kube-audit-admin", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "cluster-autoscaler", "guard"] as const;

/** The API server exposure from the endpoint settings (pure). */
export function apiServerAccess(endpoint: { private: boolean; publicAccessCidrs: string[] }) {
    return endpoint.private
        ? { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: false }
        : { enablePrivateCluster: false, authorizedIPRanges: endpoint.publicAccessCidrs };
}

/** Where the cluster's resources go, and the facts of the subscription that role assignments name. */
export interface AksPlacement {
    resourceGroupName: pulumi.Output<string>;
    location: string;
    tags: Record<string, string>;
    tenantId: pulumi.Output<string>;
    subscriptionId: pulumi.Output<string>;
}

/** The control plane's identity, with Network Contributor on the node subnet. */
export function createControlPlaneIdentity(
    name: string,
    at: AksPlacement,
    subnetId: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): { identity: UserAssignedIdentity; subnetAccess: RoleAssignment } {
    const identity = new UserAssignedIdentity(`${name}-control-plane`, { resourceGroupName: at.resourceGroupName, location: at.location, tags: at.tags }, opts);
    // The control plane joins nodes and load balancers to the subnet.
    const subnetAccess = new RoleAssignment(
        `${name}-subnet-access`,
        {
            principalId: identity.principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: at.subscriptionId.apply((sub) => roleDefinitionId(sub, "Network Contributor")),
            scope: subnetId,
        },
        opts,
    );
    return { identity, subnetAccess };
}

/** What the managed cluster is built on. */
export interface AksControlPlaneArgs {
    at: AksPlacement;
    network: AksNetwork;
    keys: AksKeys;
    identity: { identity: UserAssignedIdentity; subnetAccess: RoleAssignment };
    prod: boolean;
}

/** Creates the managed cluster once its identity may use the subnet and the keys, and nodes have egress. */
export function createAksControlPlane(name: string, cluster: AzureCluster, args: AksControlPlaneArgs, opts: ClusterResourceOptions): ManagedCluster {
    return new ManagedCluster(`${name}-aks`, managedClusterArgs(cluster, args), {
        ...opts.guarded,
        dependsOn: [args.identity.subnetAccess, args.keys.kmsAccess, args.keys.desReader, ...args.network.egress],
        // The autoscaler owns the system pool's node count.
        ignoreChanges: ["agentPoolProfiles[0].count"],
    });
}

/** The managed cluster's settings. */
function managedClusterArgs(cluster: AzureCluster, args: AksControlPlaneArgs): ManagedClusterArgs {
    const net = cluster.network;
    const { at, keys } = args;
    return {
        resourceGroupName: at.resourceGroupName,
        location: at.location,
        resourceName: cluster.name,
        dnsPrefix: cluster.name,
        kubernetesVersion: cluster.kubernetesVersion,
        sku: { name: "Base", tier: cluster.skuTier },
        supportPlan: "KubernetesOfficial",
        identity: { type: "UserAssigned", userAssignedIdentities: [args.identity.identity.id] },
        enableRBAC: true,
        disableLocalAccounts: true,
        aadProfile: { managed: true, enableAzureRBAC: true, tenantID: at.tenantId, adminGroupObjectIDs: cluster.adminGroup ? [cluster.adminGroup] : [] },
        apiServerAccessProfile: apiServerAccess(cluster.endpoint),
        oidcIssuerProfile: { enabled: true },
        securityProfile: {
            workloadIdentity: { enabled: true },
            azureKeyVaultKms: { enabled: true, keyId: keys.key.keyUriWithVersion, keyVaultNetworkAccess: "Public" },
            imageCleaner: { enabled: true, intervalHours: 168 },
        },
        diskEncryptionSetID: keys.diskEncryptionSet.id,
        networkProfile: {
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            networkDataplane: "cilium",
            networkPolicy: "cilium",
            podCidr: net.podCidr,
            serviceCidr: net.serviceCidr,
            dnsServiceIP: clusterDnsAddress(net.serviceCidr),
            outboundType: "userAssignedNATGateway",
            loadBalancerSku: "standard",
        },
        autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
        storageProfile: { diskCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
        agentPoolProfiles: [{ name: "system", ...agentPoolSettings("system", cluster.nodePools.system, cluster.kubernetesVersion, args.network.subnetId, args.prod) }],
        tags: at.tags,
    };
}

/** A Log Analytics workspace and the diagnostic setting that sends the control-plane logs (audit included) to it. */
export function createAuditLogs(name: string, cluster: AzureCluster, at: AksPlacement, aks: ManagedCluster, opts: ClusterResourceOptions): Workspace {
    const workspace = new Workspace(
        `${name}-logs`,
        { resourceGroupName: at.resourceGroupName, location: at.location, sku: { name: "PerGB2018" }, retentionInDays: cluster.logRetentionDays, tags: at.tags },
        opts.guarded,
    );
    new DiagnosticSetting(
        `${name}-audit`,
        {
            resourceUri: aks.id,
            name: "platform-audit",
            workspaceId: workspace.id,
            logAnalyticsDestinationType: "Dedicated",
            logs: aksLogCategories.map((category) => ({ category, enabled: true })),
        },
        opts.base,
    );
    return workspace;
}
