/**
 * Azure AKS: resource group, network, customer-managed keys (KMS for Secrets, a disk encryption
 * set for disks), a control plane with Entra ID RBAC and no local accounts, private or
 * IP-restricted API server, OIDC issuer and Workload Identity, audit logs to Log Analytics, and a
 * system and a workloads pool. Returns the ClusterHandle.
 */
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { Provider } from "@pulumi/azure-native/provider";
import { azureKeyManagement } from "./azure/kms-keys";
import { ResourceGroup } from "@pulumi/azure-native/resources";
import { getClientConfigOutput, RoleAssignment } from "@pulumi/azure-native/authorization";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { listManagedClusterUserCredentialsOutput, ManagedCluster } from "@pulumi/azure-native/containerservice";
import { Workspace } from "@pulumi/azure-native/operationalinsights";
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import type { PlatformConfig } from "../config";
import type { ManagedClusterConfig } from "../config/sections/cluster";
import type { ClusterHandle } from "./contract";
import { hostOf } from "./cidr";
import { azureExec, execKubeconfig } from "./kubeconfig";
import { createAksNetwork } from "./azure/network";
import { createAksKeys } from "./azure/keys";
import { agentPoolSettings, createWorkloadsPool } from "./azure/nodes";
import { AzureWorkloadIdentityBinder } from "./azure/identity";
import { roleDefinitionId } from "./azure/roles";
import { AzureObjectStoreFactory } from "./azure/objectstore";

/** Control-plane log categories sent to Log Analytics: audit (writes), API server, controllers, authentication. */
export const aksLogCategories = ["kube-audit-admin", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "cluster-autoscaler", "guard"] as const;

/** The API server exposure from the endpoint settings (pure). */
export function apiServerAccess(endpoint: { private: boolean; publicAccessCidrs: string[] }) {
    return endpoint.private
        ? { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: false }
        : { enablePrivateCluster: false, authorizedIPRanges: endpoint.publicAccessCidrs };
}

/** Load-balancer annotations for the Azure cloud provider. */
export function azureServiceAnnotations(internal: boolean): Record<string, string> {
    return internal ? { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } : {};
}

/** Server and CA of the first cluster in a kubeconfig (AKS returns one, base64-encoded). */
export function serverAndCa(kubeconfigBase64: string): { server: string; caData: string } {
    const doc = parse(Buffer.from(kubeconfigBase64, "base64").toString("utf8")) as {
        clusters?: { cluster?: { server?: string; "certificate-authority-data"?: string } }[];
    };
    const entry = doc.clusters?.[0]?.cluster;
    if (!entry?.server || !entry["certificate-authority-data"]) {
        throw new Error("AKS returned a kubeconfig without a cluster server and certificate authority");
    }
    return { server: entry.server, caData: entry["certificate-authority-data"] };
}

/** The AKS cluster component (`platform:cluster:AksCluster`); its `handle` is what the rest of the platform uses. */
export class AksCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, config: PlatformConfig, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:AksCluster", name, {}, opts);
        const cluster = config.cluster as ManagedClusterConfig<"azure">;
        const prod = config.environment === "prod";
        const location = cluster.region;
        const tags = { "platform.io/cluster": cluster.name, "platform.io/environment": config.environment, "managed-by": "pulumi", ...cluster.tags };
        const provider = new Provider(`${name}-azure`, { location }, { parent: this });
        const base: pulumi.CustomResourceOptions = { parent: this, provider };
        const guarded: pulumi.CustomResourceOptions = { ...base, protect: prod };
        /** Keys: protected and kept (not scheduled for deletion) on destroy in prod. */
        const keyOpts: pulumi.CustomResourceOptions = { ...guarded, retainOnDelete: prod };

        const client = getClientConfigOutput({ parent: this, provider });
        const tenantId = cluster.tenantId ? pulumi.output(cluster.tenantId) : client.tenantId;
        const rg = new ResourceGroup(`${name}-rg`, { location, tags }, guarded);
        const resourceGroupName = rg.name;

        const network = createAksNetwork(name, cluster, resourceGroupName, base);
        const controlPlane = new UserAssignedIdentity(`${name}-control-plane`, { resourceGroupName, location, tags }, base);
        // The control plane joins nodes and load balancers to the subnet.
        const subnetAccess = new RoleAssignment(
            `${name}-subnet-access`,
            {
                principalId: controlPlane.principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId: client.subscriptionId.apply((sub) => roleDefinitionId(sub, "Network Contributor")),
                scope: network.subnetId,
            },
            base,
        );
        const keys = createAksKeys(
            name,
            { clusterName: cluster.name, stack: config.stack, location, resourceGroupName, tenantId, subscriptionId: client.subscriptionId, controlPlane, prod },
            base,
        );

        const net = cluster.network;
        const aks = new ManagedCluster(
            `${name}-aks`,
            {
                resourceGroupName,
                location,
                resourceName: cluster.name,
                dnsPrefix: cluster.name,
                kubernetesVersion: cluster.kubernetesVersion,
                sku: { name: "Base", tier: cluster.skuTier },
                supportPlan: "KubernetesOfficial",
                identity: { type: "UserAssigned", userAssignedIdentities: [controlPlane.id] },
                enableRBAC: true,
                disableLocalAccounts: true,
                aadProfile: { managed: true, enableAzureRBAC: true, tenantID: tenantId, adminGroupObjectIDs: cluster.adminGroup ? [cluster.adminGroup] : [] },
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
                    dnsServiceIP: hostOf(net.serviceCidr, 10),
                    outboundType: "userAssignedNATGateway",
                    loadBalancerSku: "standard",
                },
                autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
                storageProfile: { diskCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
                agentPoolProfiles: [{ name: "system", ...agentPoolSettings("system", cluster.nodePools.system, cluster.kubernetesVersion, network.subnetId, prod) }],
                tags,
            },
            {
                ...guarded,
                dependsOn: [subnetAccess, keys.kmsAccess, keys.desReader, ...network.egress],
                // The autoscaler owns the system pool's node count.
                ignoreChanges: ["agentPoolProfiles[0].count"],
            },
        );
        const workloads = createWorkloadsPool(name, cluster, { resourceGroupName, clusterName: aks.name, subnetId: network.subnetId, prod }, base);

        const workspace = new Workspace(`${name}-logs`, { resourceGroupName, location, sku: { name: "PerGB2018" }, retentionInDays: cluster.logRetentionDays, tags }, guarded);
        new DiagnosticSetting(
            `${name}-audit`,
            {
                resourceUri: aks.id,
                name: "platform-audit",
                workspaceId: workspace.id,
                logAnalyticsDestinationType: "Dedicated",
                logs: aksLogCategories.map((category) => ({ category, enabled: true })),
            },
            base,
        );

        const credentials = listManagedClusterUserCredentialsOutput({ resourceGroupName, resourceName: aks.name, format: "exec" }, { parent: this, provider });
        const kubeconfig = pulumi.secret(
            pulumi.all([aks.name, credentials.kubeconfigs]).apply(([clusterName, configs]) => {
                const { server, caData } = serverAndCa(configs[0].value);
                return execKubeconfig({ name: clusterName, server, caData, exec: azureExec() });
            }),
        );
        // With Azure RBAC and no local accounts, the identity running pulumi needs a Kubernetes role
        // to install the platform's in-cluster resources: cluster admin on this cluster only.
        const deployerAdmin = new RoleAssignment(
            `${name}-deployer-admin`,
            {
                principalId: client.objectId,
                roleDefinitionId: client.subscriptionId.apply((sub) => roleDefinitionId(sub, "Azure Kubernetes Service RBAC Cluster Admin")),
                scope: aks.id,
                description: "The identity that runs pulumi for this stack",
            },
            base,
        );
        const k8s = new K8sProvider(`${name}-k8s`, { kubeconfig, enableServerSideApply: true }, { parent: this, dependsOn: [deployerAdmin] });

        const issuerUrl = aks.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
        const identity = new AzureWorkloadIdentityBinder({
            name: cluster.name,
            location,
            resourceGroupName,
            issuerUrl,
            tenantId,
            subscriptionId: client.subscriptionId,
            provider,
            parent: this,
        });

        this.handle = {
            name: cluster.name,
            cloud: "azure",
            region: location,
            kubernetesVersion: cluster.kubernetesVersion,
            provider: k8s,
            kubeconfig,
            endpoint: (cluster.endpoint.private ? aks.privateFQDN : aks.fqdn).apply((host) => `https://${host}:443`),
            network: { networkId: network.vnetId ?? network.subnetId, nodeCidr: network.nodeCidr, podCidr: net.podCidr, serviceCidr: net.serviceCidr, zones: ["1", "2", "3"] },
            storage: {
                provisioner: "disk.csi.azure.com",
                parameters: { skuName: "Premium_ZRS", diskEncryptionSetID: keys.diskEncryptionSet.id, diskEncryptionType: "EncryptionAtRestWithCustomerKey" },
                snapshotDriver: "disk.csi.azure.com",
                driverBuiltIn: true,
                snapshotControllerBuiltIn: true,
                builtInDefaultClasses: ["default"],
            },
            loadBalancer: { serviceAnnotations: azureServiceAnnotations },
            identity,
            objectStore: new AzureObjectStoreFactory({ clusterName: cluster.name, resourceGroupName, location, zoneRedundant: prod, tags }, { providers: [provider] }),
            kms: azureKeyManagement({ clusterName: cluster.name, resourceGroupName, tenantId, vaultName: keys.vault.name, vaultId: keys.vault.id, base: keyOpts }),
            nodesReady: [aks, workloads],
            component: this,
            outputs: {
                clusterName: aks.name,
                resourceGroup: resourceGroupName,
                oidcIssuer: issuerUrl,
                keyVault: keys.vault.name,
                diskEncryptionSetId: keys.diskEncryptionSet.id,
                logAnalyticsWorkspaceId: workspace.id,
                endpointAccess: cluster.endpoint.private ? "private" : "public-restricted",
            },
        };
        this.registerOutputs({ clusterName: aks.name });
    }
}
