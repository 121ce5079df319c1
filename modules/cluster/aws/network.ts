/**
 * The EKS network: a VPC with private subnets in three zones (nodes and internal load balancers),
 * small public subnets (NAT gateways, internet-facing load balancers) and NAT egress, tagged for
 * the AWS Load Balancer Controller, with VPC flow logs. Or an existing VPC and subnets, by id.
 */
import * as pulumi from "@pulumi/pulumi";
import { Eip, FlowLog, InternetGateway, NatGateway, RouteTable, RouteTableAssociation, Subnet, Vpc } from "@pulumi/aws/ec2";
import { LogGroup } from "@pulumi/aws/cloudwatch";
import { Role, RolePolicy } from "@pulumi/aws/iam";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import { flowLogsPolicy, serviceTrustPolicy } from "./iam-documents";
import { subnetLayout, subnetTags, zonesFor } from "./subnets";

type AwsCluster = ManagedClusterConfig<"aws">;

/** The network facts the EKS control plane and nodes use. */
export interface EksNetwork {
    vpcId: pulumi.Output<string>;
    privateSubnetIds: pulumi.Output<string>[];
    /** The VPC's address range. */
    cidr: string;
    zones: string[];
    /** What nodes need before they can join: the private routes to NAT (empty for an existing network). */
    egress: pulumi.Resource[];
}

/** Creates the VPC (mode `create`) or adopts the configured one (mode `existing`). */
export function createEksNetwork(
    name: string,
    cluster: AwsCluster,
    opts: pulumi.CustomResourceOptions,
    flowLogs: { retentionDays: number; kmsKeyArn: pulumi.Input<string> },
): EksNetwork {
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
    createFlowLogs(name, cluster, vpc, flowLogs, opts);
    const igw = new InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: `${cluster.name}` } }, opts);
    const publicSubnets = createPublicSubnets(name, cluster, { vpc, igw, zones, cidrs: layout.public }, opts);
    const natCount = net.natGateways === "perZone" ? zones.length : 1;
    const nats = createNatGateways(name, cluster, { igw, zones: zones.slice(0, natCount), publicSubnets }, opts);
    const privateNet = createPrivateSubnets(name, cluster, { vpc, nats, zones, cidrs: layout.private }, opts);
    return { vpcId: vpc.id, privateSubnetIds: privateNet.subnets.map((s) => s.id), cidr: net.cidr, zones, egress: privateNet.egress };
}

/** VPC flow logs (accepted and rejected traffic) to CloudWatch, kept as long as the audit logs and encrypted with the logs key. */
function createFlowLogs(
    name: string,
    cluster: AwsCluster,
    vpc: Vpc,
    flowLogs: { retentionDays: number; kmsKeyArn: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): FlowLog {
    const logGroup = new LogGroup(
        `${name}-flow-logs`,
        { name: `/aws/vpc/${cluster.name}/flow-logs`, retentionInDays: flowLogs.retentionDays, kmsKeyId: flowLogs.kmsKeyArn },
        opts,
    );
    const role = new Role(
        `${name}-flow-logs`,
        { assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com"), description: `VPC flow logs of ${cluster.name}` },
        opts,
    );
    const write = new RolePolicy(`${name}-flow-logs`, { role: role.name, policy: logGroup.arn.apply(flowLogsPolicy) }, opts);
    return new FlowLog(
        `${name}-flow-logs`,
        {
            vpcId: vpc.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: 600,
        },
        { ...opts, dependsOn: [write] },
    );
}

/** One public subnet per zone, routed to the internet gateway (no public IPs on launch). */
function createPublicSubnets(
    name: string,
    cluster: AwsCluster,
    args: { vpc: Vpc; igw: InternetGateway; zones: string[]; cidrs: string[] },
    opts: pulumi.CustomResourceOptions,
): Subnet[] {
    const routes = new RouteTable(
        `${name}-public`,
        { vpcId: args.vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: args.igw.id }], tags: { Name: `${cluster.name}-public` } },
        opts,
    );
    return args.zones.map((zone, i) => {
        const subnet = new Subnet(
            `${name}-public-${zone}`,
            {
                vpcId: args.vpc.id,
                cidrBlock: args.cidrs[i],
                availabilityZone: zone,
                mapPublicIpOnLaunch: false,
                tags: { Name: `${cluster.name}-public-${zone}`, ...subnetTags(cluster.name, "public") },
            },
            opts,
        );
        new RouteTableAssociation(`${name}-public-${zone}`, { routeTableId: routes.id, subnetId: subnet.id }, opts);
        return subnet;
    });
}

/** A NAT gateway (with its elastic IP) in the public subnet of each of `zones`, in zone order. */
function createNatGateways(
    name: string,
    cluster: AwsCluster,
    args: { igw: InternetGateway; zones: string[]; publicSubnets: Subnet[] },
    opts: pulumi.CustomResourceOptions,
): NatGateway[] {
    return args.zones.map((zone, i) => {
        const eip = new Eip(`${name}-nat-${zone}`, { domain: "vpc", tags: { Name: `${cluster.name}-nat-${zone}` } }, opts);
        return new NatGateway(
            `${name}-nat-${zone}`,
            { allocationId: eip.id, subnetId: args.publicSubnets[i].id, tags: { Name: `${cluster.name}-nat-${zone}` } },
            { ...opts, dependsOn: [args.igw] },
        );
    });
}

/** One private subnet per zone, routed to its zone's NAT gateway (or the last one when there are fewer). */
function createPrivateSubnets(
    name: string,
    cluster: AwsCluster,
    args: { vpc: Vpc; nats: NatGateway[]; zones: string[]; cidrs: string[] },
    opts: pulumi.CustomResourceOptions,
): { subnets: Subnet[]; egress: pulumi.Resource[] } {
    const egress: pulumi.Resource[] = [];
    const subnets = args.zones.map((zone, i) => {
        const subnet = new Subnet(
            `${name}-private-${zone}`,
            {
                vpcId: args.vpc.id,
                cidrBlock: args.cidrs[i],
                availabilityZone: zone,
                mapPublicIpOnLaunch: false,
                tags: { Name: `${cluster.name}-private-${zone}`, ...subnetTags(cluster.name, "private") },
            },
            opts,
        );
        const nat = args.nats[Math.min(i, args.nats.length - 1)];
        const routes = new RouteTable(
            `${name}-private-${zone}`,
            { vpcId: args.vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: { Name: `${cluster.name}-private-${zone}` } },
            opts,
        );
        egress.push(new RouteTableAssociation(`${name}-private-${zone}`, { routeTableId: routes.id, subnetId: subnet.id }, opts));
        return subnet;
    });
    return { subnets, egress };
}
