/**
 * The AKS network: a VNet whose node subnet egresses through a regional (no-zone) NAT gateway (no
 * node public IPs, no default outbound access), a subnet delegated to AKS for the API server (API
 * Server VNet Integration: the API server's internal load balancer sits in the cluster's own
 * network, which is what lets the Key Vault for KMS stay private and narrows API-server egress to
 * one small range), and the private DNS zones that resolve the Key Vault's and the storage
 * accounts' private endpoints inside the VNet. Or an existing node and API server subnet, by id.
 */
import * as pulumi from "@pulumi/pulumi";
import { NatGateway, PublicIPAddress, Subnet, VirtualNetwork } from "@pulumi/azure-native/network";
import { PrivateZone, VirtualNetworkLink } from "@pulumi/azure-native/privatedns";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import { prefixOf, subnetOf } from "../../lib/cidr";

/** The private DNS zones of the private endpoints the cluster uses (Azure's public cloud names). */
export const privateLinkZones = { vault: "privatelink.vaultcore.azure.net", blob: "privatelink.blob.core.windows.net" } as const;

/** The network facts the AKS cluster and pools use. */
export interface AksNetwork {
    vnetId: pulumi.Output<string>;
    subnetId: pulumi.Output<string>;
    /** The node subnet's range. */
    nodeCidr: string;
    /** The subnet delegated to the API server (API Server VNet Integration) and its range. */
    apiServerSubnetId: pulumi.Output<string>;
    apiServerCidr: string;
    /** Private DNS zones (resource ids) linked to the VNet, for private endpoints; ready once linked. */
    privateDns: { vault: pulumi.Output<string>; blob: pulumi.Output<string>; ready: pulumi.Resource[] };
    /** What must exist before the cluster: the subnets and the node subnet's NAT egress. */
    egress: pulumi.Resource[];
}

/** The node subnet: the first quarter of the VNet range. */
export function nodeSubnetCidr(vnetCidr: string): string {
    return subnetOf(vnetCidr, prefixOf(vnetCidr) + 2, 0);
}

/** The API server subnet: the first /28 of the VNet range's second quarter (AKS needs at least a /28). */
export function apiServerSubnetCidr(vnetCidr: string): string {
    return subnetOf(subnetOf(vnetCidr, prefixOf(vnetCidr) + 2, 1), 28, 0);
}

/** The VNet's resource id from one of its subnets' ids. */
export function vnetIdOfSubnet(subnetId: string): string {
    return subnetId.replace(/\/subnets\/[^/]+$/i, "");
}

/** The delegation AKS needs on the API server subnet. */
export const apiServerDelegation = { name: "aks-apiserver", serviceName: "Microsoft.ContainerService/managedClusters" } as const;

/** Creates the VNet, subnets and NAT egress (mode `create`) or adopts the configured subnets (mode `existing`), and the private DNS zones. */
export function createAksNetwork(
    name: string,
    cluster: ManagedClusterConfig<"azure">,
    resourceGroupName: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): AksNetwork {
    const net = cluster.network;
    if (net.mode === "existing") {
        const vnetId = pulumi.output(vnetIdOfSubnet(net.subnetId));
        return {
            vnetId,
            subnetId: pulumi.output(net.subnetId),
            nodeCidr: net.cidr,
            apiServerSubnetId: pulumi.output(net.apiServerSubnetId),
            apiServerCidr: net.apiServerSubnetCidr,
            privateDns: createPrivateDns(name, cluster, resourceGroupName, vnetId, opts),
            egress: [],
        };
    }
    const location = cluster.region;
    const ip = new PublicIPAddress(
        `${name}-nat`,
        { resourceGroupName, location, sku: { name: "Standard", tier: "Regional" }, publicIPAllocationMethod: "Static" },
        opts,
    );
    const nat = new NatGateway(
        `${name}-nat`,
        { resourceGroupName, location, sku: { name: "Standard" }, publicIpAddresses: [{ id: ip.id }], idleTimeoutInMinutes: 4 },
        opts,
    );
    const vnet = new VirtualNetwork(
        `${name}-vnet`,
        { resourceGroupName, location, addressSpace: { addressPrefixes: [net.cidr] } },
        { ...opts, ignoreChanges: ["subnets"] },
    );
    const nodeCidr = nodeSubnetCidr(net.cidr);
    const subnet = new Subnet(
        `${name}-nodes`,
        {
            resourceGroupName,
            virtualNetworkName: vnet.name,
            addressPrefix: nodeCidr,
            natGateway: { id: nat.id },
            defaultOutboundAccess: false,
        },
        opts,
    );
    const apiServerCidr = apiServerSubnetCidr(net.cidr);
    // Created after the node subnet: ARM updates one subnet of a VNet at a time.
    const apiServer = new Subnet(
        `${name}-apiserver`,
        {
            resourceGroupName,
            virtualNetworkName: vnet.name,
            addressPrefix: apiServerCidr,
            delegations: [{ ...apiServerDelegation }],
            defaultOutboundAccess: false,
        },
        { ...opts, dependsOn: [subnet] },
    );
    return {
        vnetId: vnet.id,
        subnetId: subnet.id,
        nodeCidr,
        apiServerSubnetId: apiServer.id,
        apiServerCidr,
        privateDns: createPrivateDns(name, cluster, resourceGroupName, vnet.id, opts),
        egress: [subnet, apiServer],
    };
}

/** The private DNS zones of Key Vault and Blob private endpoints, linked to the cluster's VNet. */
function createPrivateDns(
    name: string,
    cluster: ManagedClusterConfig<"azure">,
    resourceGroupName: pulumi.Input<string>,
    vnetId: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): AksNetwork["privateDns"] {
    const zone = (kind: keyof typeof privateLinkZones) => {
        const z = new PrivateZone(`${name}-${kind}-dns`, { resourceGroupName, privateZoneName: privateLinkZones[kind], location: "Global" }, opts);
        const link = new VirtualNetworkLink(
            `${name}-${kind}-dns`,
            {
                resourceGroupName,
                privateZoneName: z.name,
                virtualNetworkLinkName: `${cluster.name}-vnet`,
                location: "Global",
                virtualNetwork: { id: vnetId },
                registrationEnabled: false,
            },
            opts,
        );
        return { id: z.id, link };
    };
    const vault = zone("vault");
    const blob = zone("blob");
    return { vault: vault.id, blob: blob.id, ready: [vault.link, blob.link] };
}
