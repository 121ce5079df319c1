import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { CallMock, fake, OutputMock } from "./types";

/** Regions of the explicit aws providers created so far, by provider id (resources name their provider as `urn::id`). */
const providerRegions = new Map<string, string>();
const region = (args: MockResourceArgs): string =>
    String(
        args.inputs.region ??
            providerRegions.get(
                String(args.provider ?? "")
                    .split("::")
                    .pop() ?? "",
            ) ??
            "eu-west-1",
    );
/** The physical name a resource gets: its `name` input, else Pulumi's auto-name (logical name + suffix). */
const physical = (args: MockResourceArgs): string => String(args.inputs.name ?? `${args.name}-a1b2c3d`);
const hex = (seed: string, n = 17): string => {
    let h = 0;
    for (const ch of seed) {
        h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    }
    return h.toString(16).padStart(8, "0").repeat(3).slice(0, n);
};

/** Plausible outputs of aws resource types (by type token), for the offline plan. */
export const awsOutputs: Record<string, OutputMock> = {
    "pulumi:providers:aws": (args) => {
        if (typeof args.inputs.region === "string") {
            providerRegions.set(`${args.name}-id`, args.inputs.region);
        }
        return {};
    },
    "aws:eks/cluster:Cluster": (args) => {
        const name = physical(args);
        const id = hex(name, 32).toUpperCase();
        return {
            name,
            arn: `arn:aws:eks:${region(args)}:${fake.awsAccount}:cluster/${name}`,
            endpoint: `https://${id}.gr7.${region(args)}.eks.amazonaws.com`,
            certificateAuthority: { data: fake.caData },
            identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region(args)}.amazonaws.com/id/${id}` }] }],
            vpcConfig: { ...(args.inputs.vpcConfig as object), clusterSecurityGroupId: `sg-${hex(`${name}-sg`)}`, vpcId: `vpc-${hex(name)}` },
            platformVersion: "eks.12",
            status: "ACTIVE",
        };
    },
    "aws:eks/nodeGroup:NodeGroup": (args) => ({
        arn: `arn:aws:eks:${region(args)}:${fake.awsAccount}:nodegroup/cluster/${physical(args)}/${hex(args.name, 8)}`,
        nodeGroupName: physical(args),
        status: "ACTIVE",
    }),
    // EKS installs its default version for the cluster's Kubernetes version when none is pinned.
    "aws:eks/addon:Addon": (args) => ({
        arn: `arn:aws:eks:${region(args)}:${fake.awsAccount}:addon/cluster/${String(args.inputs.addonName)}/${hex(args.name, 8)}`,
        addonVersion: args.inputs.addonVersion ?? "v1.0.0-eksbuild.1",
    }),
    "aws:eks/accessEntry:AccessEntry": (args) => ({
        accessEntryArn: `arn:aws:eks:${region(args)}:${fake.awsAccount}:access-entry/cluster/role/${hex(args.name, 8)}`,
    }),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": () => ({ associatedAt: "2026-11-23T00:00:00Z" }),
    "aws:iam/role:Role": (args) => ({
        name: physical(args),
        arn: `arn:aws:iam::${fake.awsAccount}:role/${physical(args)}`,
        uniqueId: `AROA${hex(args.name, 17).toUpperCase()}`,
    }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (args) => ({
        arn: `arn:aws:iam::${fake.awsAccount}:oidc-provider/${String(args.inputs.url ?? "").replace(/^https:\/\//, "")}`,
    }),
    "aws:kms/key:Key": (args) => {
        const keyId = `${hex(args.name, 8)}-1234-4abc-8def-${hex(`${args.name}k`, 12)}`;
        return { keyId, arn: `arn:aws:kms:${region(args)}:${fake.awsAccount}:key/${keyId}` };
    },
    "aws:kms/alias:Alias": (args) => ({ arn: `arn:aws:kms:${region(args)}:${fake.awsAccount}:${String(args.inputs.name)}` }),
    "aws:cloudwatch/logGroup:LogGroup": (args) => ({ arn: `arn:aws:logs:${region(args)}:${fake.awsAccount}:log-group:${physical(args)}` }),
    "aws:s3/bucketPolicy:BucketPolicy": (args) => ({ id: String(args.inputs.bucket) }),
    "aws:ec2/launchTemplate:LaunchTemplate": (args) => ({
        arn: `arn:aws:ec2:${region(args)}:${fake.awsAccount}:launch-template/lt-${hex(args.name)}`,
        latestVersion: 1,
        defaultVersion: 1,
    }),
    "aws:ec2/vpc:Vpc": (args) => ({
        arn: `arn:aws:ec2:${region(args)}:${fake.awsAccount}:vpc/vpc-${hex(args.name)}`,
        defaultSecurityGroupId: `sg-${hex(args.name)}`,
        mainRouteTableId: `rtb-${hex(args.name)}`,
    }),
    "aws:ec2/subnet:Subnet": (args) => ({ arn: `arn:aws:ec2:${region(args)}:${fake.awsAccount}:subnet/subnet-${hex(args.name)}` }),
    "aws:ec2/eip:Eip": (args) => ({ allocationId: `eipalloc-${hex(args.name)}`, publicIp: "203.0.113.10" }),
    "aws:ec2/natGateway:NatGateway": () => ({ publicIp: "203.0.113.10", privateIp: "10.0.224.10" }),
    "aws:ec2/internetGateway:InternetGateway": (args) => ({ arn: `arn:aws:ec2:${region(args)}:${fake.awsAccount}:internet-gateway/igw-${hex(args.name)}` }),
    "aws:ec2/routeTable:RouteTable": (args) => ({ arn: `arn:aws:ec2:${region(args)}:${fake.awsAccount}:route-table/rtb-${hex(args.name)}` }),
    "aws:ec2/flowLog:FlowLog": (args) => ({ arn: `arn:aws:ec2:${region(args)}:${fake.awsAccount}:vpc-flow-log/fl-${hex(args.name)}` }),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (args) => ({ securityGroupRuleId: `sgr-${hex(args.name)}` }),
};

/** The identity the offline plan runs as: a session of a CI role (as GitHub's OIDC role assumption gives). */
export const fakeDeployer = {
    role: `arn:aws:iam::${fake.awsAccount}:role/platform-deployer`,
    session: `arn:aws:sts::${fake.awsAccount}:assumed-role/platform-deployer/ci-run-1`,
};

/** Plausible results of aws provider functions (by token), for the offline plan. */
export const awsCalls: Record<string, CallMock> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: fake.awsAccount,
        arn: fakeDeployer.session,
        userId: "AROAEXAMPLEROLEID:ci-run-1",
        id: fake.awsAccount,
    }),
    // An assumed-role session's issuer is the role; any other ARN is its own issuer.
    "aws:iam/getSessionContext:getSessionContext": (args) => {
        const arn = String(args.inputs.arn);
        const m = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
        return m
            ? { arn, id: arn, issuerArn: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`, issuerId: "AROAEXAMPLEROLEID", issuerName: m[3], sessionName: m[4] }
            : { arn, id: arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "" };
    },
};
