/**
 * The EKS network: a VPC with private subnets in three zones (nodes and internal load balancers),
 * small public subnets (NAT gateways, internet-facing load balancers) and NAT egress, tagged for
 * the AWS Load Balancer Controller. Or an existing VPC and subnets, by id.
 */
import * as pulumi from "@pulumi/pulumi";
import { Eip, InternetGateway, NatGateway, RouteTable, RouteTableAssociation, Subnet, Vpc } from "@pulumi/aws/ec2";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import { subnetLayout, subnetTags, zonesFor } from "./policies";

export interface EksNetwork {
    vpcId: pulumi.Output<string>;
    privateSubnetIds: pulumi.Output<string>[];
    /** The VPC's address range. */
    cidr: string;
    zones: string[];
    /** What nodes need before they can join: the private routes to NAT (empty for an existing network). */
    egress: pulumi.Resource[];
}

export function createEksNetwork(name: string, cluster: ManagedClusterConfig<"aws">, opts: pulumi.CustomResourceOptions): EksNetwork {
    const net = cluster.network;
    if (net.mode === "existing") {
        return {
            vpcId: pulumi.output(net.vpcId),
            privateSubnetIds: net.privateSubnetIds.map((id) => pulumi.output(id)),
            cidr: net.cidr,
            zones: net.zones,
            egress: [],
        };
    }
    const zones = zonesFor(cluster.region, net.zones);
    const layout = subnetLayout(net.cidr, zones.length);
    const vpc = new Vpc(`${name}-vpc`, { cidrBlock: net.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${cluster.name}` } }, opts);
    const igw = new InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: `${cluster.name}` } }, opts);

    const publicRoutes = new RouteTable(
        `${name}-public`,
        { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: { Name: `${cluster.name}-public` } },
        opts,
    );
    const publicSubnets = zones.map((zone, i) => {
        const subnet = new Subnet(
            `${name}-public-${zone}`,
            {
                vpcId: vpc.id,
                cidrBlock: layout.public[i],
                availabilityZone: zone,
                mapPublicIpOnLaunch: false,
                tags: { Name: `${cluster.name}-public-${zone}`, ...subnetTags(cluster.name, "public") },
            },
            opts,
        );
        new RouteTableAssociation(`${name}-public-${zone}`, { routeTableId: publicRoutes.id, subnetId: subnet.id }, opts);
        return subnet;
    });

    const natCount = net.natGateways === "perZone" ? zones.length : 1;
    const nats = Array.from({ length: natCount }, (_, i) => {
        const eip = new Eip(`${name}-nat-${zones[i]}`, { domain: "vpc", tags: { Name: `${cluster.name}-nat-${zones[i]}` } }, opts);
        return new NatGateway(
            `${name}-nat-${zones[i]}`,
            { allocationId: eip.id, subnetId: publicSubnets[i].id, tags: { Name: `${cluster.name}-nat-${zones[i]}` } },
            { ...opts, dependsOn: [igw] },
        );
    });

    const egress: pulumi.Resource[] = [];
    const privateSubnets = zones.map((zone, i) => {
        const subnet = new Subnet(
            `${name}-private-${zone}`,
            {
                vpcId: vpc.id,
                cidrBlock: layout.private[i],
                availabilityZone: zone,
                mapPublicIpOnLaunch: false,
                tags: { Name: `${cluster.name}-private-${zone}`, ...subnetTags(cluster.name, "private") },
            },
            opts,
        );
        const nat = nats[Math.min(i, nats.length - 1)];
        const routes = new RouteTable(
            `${name}-private-${zone}`,
            { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: { Name: `${cluster.name}-private-${zone}` } },
            opts,
        );
        egress.push(new RouteTableAssociation(`${name}-private-${zone}`, { routeTableId: routes.id, subnetId: subnet.id }, opts));
        return subnet;
    });

    return { vpcId: vpc.id, privateSubnetIds: privateSubnets.map((s) => s.id), cidr: net.cidr, zones, egress };
}
