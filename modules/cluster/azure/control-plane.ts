/**
 * The AKS control plane: its user-assigned identity (which joins nodes and load balancers to the
 * node subnet and the API server to its delegated subnet), and the managed cluster itself (Entra ID
 * RBAC and no local accounts, private or IP-restricted API server with API Server VNet Integration,
 * OIDC issuer and Workload Identity, KMS with a private Key Vault and disk encryption with the
 * cluster's keys, Azure CNI overlay with Cilium, Container Insights, the system pool inline).
 */
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { ManagedCluster, ManagedClusterArgs } from "@pulumi/azure-native/containerservice";
import type { Workspace } from "@pulumi/azure-native/operationalinsights";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterResourceOptions } from "../resource-options";
import { clusterDnsAddress } from "../service-range";
import type { AksKeys } from "./encryption";
import type { AksNetwork } from "./network";
import { monitoringAddonProfile } from "./monitoring";
import { agentPoolSettings } from "./nodes";
import { roleDefinitionId } from "./roles";

type AzureCluster = ManagedClusterConfig<"azure">;

/** The API server exposure from the endpoint settings (pure). */
export function apiServerAccess(endpoint: { private: boolean; publicAccessCidrs: string[] }) {
    return endpoint.private
        ? { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: false }
        : { enablePrivateCluster: false, authorizedIPRanges: endpoint.publicAccessCidrs };
}

/**
 * API Server VNet Integration: the API server's internal load balancer in `subnetId`, so nodes and
 * pods reach it on a private address in that subnet, and a private Key Vault can serve KMS.
 */
export function apiServerVnetIntegration(subnetId: pulumi.Input<string>) {
    return { enableVnetIntegration: true, subnetId };
}

/** Where the cluster's resources go, and the facts of the subscription that role assignments name. */
export interface AksPlacement {
    resourceGroupName: pulumi.Output<string>;
    location: string;
    tags: Record<string, string>;
    tenantId: pulumi.Output<string>;
    subscriptionId: pulumi.Output<string>;
}

/** The control plane's identity, with Network Contributor on the node subnet and on the API server subnet. */
export function createControlPlaneIdentity(
    name: string,
    at: AksPlacement,
    subnets: { nodes: pulumi.Input<string>; apiServer: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): { identity: UserAssignedIdentity; subnetAccess: RoleAssignment[] } {
    const identity = new UserAssignedIdentity(`${name}-control-plane`, { resourceGroupName: at.resourceGroupName, location: at.location, tags: at.tags }, opts);
    const networkContributor = (id: string, scope: pulumi.Input<string>) =>
        new RoleAssignment(
            `${name}-${id}`,
            {
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId: at.subscriptionId.apply((sub) => roleDefinitionId(sub, "Network Contributor")),
                scope,
            },
            opts,
        );
    // The control plane joins nodes and load balancers to the node subnet, and its API server to its own subnet.
    return { identity, subnetAccess: [networkContributor("subnet-access", subnets.nodes), networkContributor("apiserver-subnet-access", subnets.apiServer)] };
}

/** What the managed cluster is built on. */
export interface AksControlPlaneArgs {
    at: AksPlacement;
    network: AksNetwork;
    keys: AksKeys;
    identity: { identity: UserAssignedIdentity; subnetAccess: RoleAssignment[] };
    /** The Log Analytics workspace Container Insights writes to. */
    workspace: Workspace;
    prod: boolean;
}

/** Creates the managed cluster once its identity may use the subnet and the keys, and nodes have egress. */
export function createAksControlPlane(name: string, cluster: AzureCluster, args: AksControlPlaneArgs, opts: ClusterResourceOptions): ManagedCluster {
    return new ManagedCluster(`${name}-aks`, managedClusterArgs(cluster, args), {
        ...opts.guarded,
        dependsOn: [
            ...args.identity.subnetAccess,
            ...args.keys.kmsAccess,
            args.keys.desReader,
            args.keys.privateEndpoint,
            ...args.network.privateDns.ready,
            ...args.network.egress,
        ],
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
        apiServerAccessProfile: { ...apiServerAccess(cluster.endpoint), ...apiServerVnetIntegration(args.network.apiServerSubnetId) },
        oidcIssuerProfile: { enabled: true },
        securityProfile: {
            workloadIdentity: { enabled: true },
            // The vault denies public networks: KMS reaches it privately (which needs API Server VNet Integration).
            azureKeyVaultKms: {
                enabled: true,
                keyId: keys.keys.secrets.keyUriWithVersion,
                keyVaultNetworkAccess: "Private",
                keyVaultResourceId: keys.vault.id,
            },
            imageCleaner: { enabled: true, intervalHours: 168 },
        },
        addonProfiles: monitoringAddonProfile(args.workspace.id),
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
        agentPoolProfiles: [
            { name: "system", ...agentPoolSettings("system", cluster.nodePools.system, cluster.kubernetesVersion, args.network.subnetId, args.prod) },
        ],
        tags: at.tags,
    };
}
