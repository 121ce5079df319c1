/**
 * Azure AKS: resource group, network (node subnet, API server subnet, private DNS for private
 * endpoints), a private Key Vault with a customer-managed key per purpose (KMS for Secrets, a disk
 * encryption set for disks, storage accounts, flow logs), a control plane with Entra ID RBAC and no
 * local accounts, private or IP-restricted API server with API Server VNet Integration, OIDC issuer
 * and Workload Identity, control-plane and container logs (Container Insights) in Log Analytics,
 * VNet flow logs, and a system and a workloads pool. Returns the ClusterHandle.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { Provider } from "@pulumi/azure-native/provider";
import { ResourceGroup } from "@pulumi/azure-native/resources";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import type { AgentPool, ManagedCluster } from "@pulumi/azure-native/containerservice";
import type { Workspace } from "@pulumi/azure-native/operationalinsights";
import type { PlatformConfig } from "../../config";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterHandle, IdentityBinder } from "../contract";
import { clusterResourceOptions, ClusterResourceOptions } from "../resource-options";
import { kubernetesServiceCidr } from "../service-range";
import { createAksAccess, grantPreviewAccess } from "./access";
import { AksPlacement, createAksControlPlane, createControlPlaneIdentity } from "./control-plane";
import { AksKeys, createAksKeys } from "./encryption";
import { createVnetFlowLogs } from "./flow-logs";
import { azureMonitorLogs } from "./logs";
import { createClusterLogs, createLogWorkspace } from "./monitoring";
import { AzureWorkloadIdentityBinder } from "./identity";
import { azureKeyManagement } from "./kms-keys";
import { azureServiceAnnotations } from "./load-balancer";
import { azureDns } from "./dns";
import { AksNetwork, createAksNetwork } from "./network";
import { createWorkloadsPool } from "./nodes";
import { AzureObjectStoreFactory } from "./objectstore";

type AzureCluster = ManagedClusterConfig<"azure">;

/** The AKS cluster component (`platform:cluster:AksCluster`); its `handle` is what the rest of the platform uses. */
export class AksCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, config: PlatformConfig, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:AksCluster", name, {}, opts);
        const cluster = config.cluster as AzureCluster;
        const prod = config.environment === "prod";
        const location = cluster.region;
        const tags = { "platform.io/cluster": cluster.name, "platform.io/environment": config.environment, "managed-by": "pulumi", ...cluster.tags };
        const provider = new Provider(`${name}-azure`, { location }, { parent: this });
        const options = clusterResourceOptions(this, provider, prod);

        const client = getClientConfigOutput({ parent: this, provider });
        const tenantId = cluster.tenantId ? pulumi.output(cluster.tenantId) : client.tenantId;
        const rg = new ResourceGroup(`${name}-rg`, { location, tags }, options.guarded);
        const at: AksPlacement = { resourceGroupName: rg.name, location, tags, tenantId, subscriptionId: client.subscriptionId };

        const network = createAksNetwork(name, cluster, at.resourceGroupName, options.base);
        const identity = createControlPlaneIdentity(name, at, { nodes: network.subnetId, apiServer: network.apiServerSubnetId }, options.base);
        const keys = createAksKeys(
            name,
            {
                clusterName: cluster.name,
                stack: config.stack,
                location,
                resourceGroupName: at.resourceGroupName,
                tenantId,
                subscriptionId: at.subscriptionId,
                controlPlane: identity.identity,
                privateEndpoint: { subnetId: network.subnetId, dnsZoneId: network.privateDns.vault, ready: network.privateDns.ready },
            },
            options,
        );
        const workspace = createLogWorkspace(name, cluster, at, options);
        const aks = createAksControlPlane(name, cluster, { at, network, keys, identity, workspace, prod }, options);
        const workloads = createWorkloadsPool(
            name,
            cluster,
            { resourceGroupName: at.resourceGroupName, clusterName: aks.name, subnetId: network.subnetId, prod },
            options.base,
        );
        createClusterLogs(name, cluster, at, aks, workspace, options);
        createVnetFlowLogs(
            name,
            cluster,
            {
                resourceGroupName: at.resourceGroupName,
                subscriptionId: at.subscriptionId,
                // VNet flow logs cover a whole VNet; on a network the stack does not own, only its node subnet.
                targetResourceId: cluster.network.mode === "create" ? network.vnetId : network.subnetId,
                encryption: keys.storage.logs,
                zoneRedundant: prod,
                tags,
                stack: config.stack,
            },
            options.base,
        );
        const access = createAksAccess(name, aks, {
            resourceGroupName: at.resourceGroupName,
            deployerObjectId: client.objectId,
            subscriptionId: at.subscriptionId,
            parent: this,
            provider,
        });
        grantPreviewAccess(name, config.pipeline.previewIdentity, aks, { subscriptionId: at.subscriptionId, parent: this, provider, k8s: access.provider });
        const issuerUrl = aks.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
        const binder = new AzureWorkloadIdentityBinder({
            name: cluster.name,
            location,
            resourceGroupName: at.resourceGroupName,
            issuerUrl,
            tenantId,
            subscriptionId: at.subscriptionId,
            provider,
            parent: this,
        });

        this.handle = aksHandle({
            cluster,
            prod,
            component: this,
            provider,
            options,
            at,
            network,
            keys,
            aks,
            workloads,
            workspace,
            access,
            identity: binder,
            issuerUrl,
        });
        this.registerOutputs({ clusterName: aks.name });
    }
}

/** What the AKS handle is assembled from. */
interface AksParts {
    cluster: AzureCluster;
    prod: boolean;
    component: AksCluster;
    provider: Provider;
    options: ClusterResourceOptions;
    at: AksPlacement;
    network: AksNetwork;
    keys: AksKeys;
    aks: ManagedCluster;
    workloads: AgentPool;
    workspace: Workspace;
    access: { kubeconfig: pulumi.Output<string>; provider: K8sProvider };
    identity: IdentityBinder;
    issuerUrl: pulumi.Output<string>;
}

/** The ClusterHandle of an AKS cluster: its facts, and the capabilities add-ons use (identity, storage, keys, storage accounts). */
function aksHandle(p: AksParts): ClusterHandle {
    const { cluster, at, network, keys, aks } = p;
    const net = cluster.network;
    return {
        name: cluster.name,
        cloud: "azure",
        region: at.location,
        kubernetesVersion: cluster.kubernetesVersion,
        provider: p.access.provider,
        kubeconfig: p.access.kubeconfig,
        endpoint: (cluster.endpoint.private ? aks.privateFQDN : aks.fqdn).apply((host) => `https://${host}:443`),
        network: {
            networkId: network.vnetId,
            nodeCidr: network.nodeCidr,
            podCidr: net.podCidr,
            serviceCidr: net.serviceCidr,
            // API Server VNet Integration: the API server's internal load balancer is in its delegated subnet.
            apiServerCidrs: [network.apiServerCidr, kubernetesServiceCidr(net.serviceCidr)],
            zones: ["1", "2", "3"],
        },
        storage: {
            provisioner: "disk.csi.azure.com",
            parameters: { skuName: "Premium_ZRS", diskEncryptionSetID: keys.diskEncryptionSet.id, diskEncryptionType: "EncryptionAtRestWithCustomerKey" },
            snapshotDriver: "disk.csi.azure.com",
            driverBuiltIn: true,
            snapshotControllerBuiltIn: true,
            builtInDefaultClasses: ["default"],
        },
        loadBalancer: { serviceAnnotations: azureServiceAnnotations, awaitAddress: true },
        dns: azureDns,
        logs: azureMonitorLogs,
        managedControlPlane: true,
        identity: p.identity,
        objectStore: new AzureObjectStoreFactory(
            {
                clusterName: cluster.name,
                resourceGroupName: at.resourceGroupName,
                location: at.location,
                zoneRedundant: p.prod,
                tags: at.tags,
                encryption: keys.storage.objects,
                privateAccess: { subnetId: network.subnetId, blobDnsZoneId: network.privateDns.blob, ready: network.privateDns.ready },
            },
            { providers: [p.provider] },
        ),
        kms: azureKeyManagement({
            clusterName: cluster.name,
            resourceGroupName: at.resourceGroupName,
            tenantId: at.tenantId,
            vaultName: keys.vault.name,
            base: p.options.keys,
        }),
        nodesReady: [aks, p.workloads],
        component: p.component,
        outputs: {
            clusterName: aks.name,
            resourceGroup: at.resourceGroupName,
            oidcIssuer: p.issuerUrl,
            keyVault: keys.vault.name,
            diskEncryptionSetId: keys.diskEncryptionSet.id,
            logAnalyticsWorkspaceId: p.workspace.id,
            apiServerSubnetId: network.apiServerSubnetId,
            endpointAccess: cluster.endpoint.private ? "private" : "public-restricted",
        },
    };
}
