/**
 * The AKS network: a VNet whose node subnet egresses through a regional (no-zone) NAT gateway (no
 * node public IPs, no default outbound access). Or an existing subnet, by id.
 */
import * as pulumi from "@pulumi/pulumi";
import { NatGateway, PublicIPAddress, Subnet, VirtualNetwork } from "@pulumi/azure-native/network";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import { prefixOf, subnetOf } from "../../lib/cidr";

/** The network facts the AKS cluster and pools use. */
export interface AksNetwork {
    vnetId?: pulumi.Output<string>;
    subnetId: pulumi.Output<string>;
    /** The node subnet's range. */
    nodeCidr: string;
    /** What must exist before the cluster: the subnet's NAT egress. */
    egress: pulumi.Resource[];
}

/** The node subnet: the first quarter of the VNet range. */
export function nodeSubnetCidr(vnetCidr: string): string {
    return subnetOf(vnetCidr, prefixOf(vnetCidr) + 2, 0);
}

/** Creates the VNet, node subnet and NAT egress (mode `create`) or adopts the configured subnet (mode `existing`). */
export function createAksNetwork(
    name: string,
    cluster: ManagedClusterConfig<"azure">,
    resourceGroupName: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): AksNetwork {
    const net = cluster.network;
    if (net.mode === "existing") {
        return { subnetId: pulumi.output(net.subnetId), nodeCidr: net.cidr, egress: [] };
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
    const vnet = new VirtualNetwork(`${name}-vnet`, { resourceGroupName, location, addressSpace: { addressPrefixes: [net.cidr] } }, { ...opts, ignoreChanges: ["subnets"] });
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
    return { vnetId: vnet.id, subnetId: subnet.id, nodeCidr, egress: [subnet] };
}
