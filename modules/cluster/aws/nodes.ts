/**
 * EKS managed node groups: a system and a workloads group on a launch template that requires
 * IMDSv2 (hop limit 1) and encrypts the root volume with the cluster's disks key, with no SSH key
 * (SSM only). Upgrades surge:
 * replaced nodes come up before old ones drain, bounded by maxUnavailable.
 */
import * as pulumi from "@pulumi/pulumi";
import { NodeGroup } from "@pulumi/aws/eks";
import { LaunchTemplate } from "@pulumi/aws/ec2";
import { Role, RolePolicyAttachment } from "@pulumi/aws/iam";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import { defaultInstanceTypes, initialSize, poolLabel, PoolRole } from "../pools";
import { serviceTrustPolicy } from "./iam-documents";

/** Managed policies of the node role. The CNI policy stays on nodes: the managed vpc-cni add-on runs as aws-node with host networking. */
export const nodeRolePolicies = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
] as const;

/**
 * Instance metadata options for every node: IMDSv2 only (session tokens required) and a hop limit
 * of 1, so pods cannot reach the node role's credentials; they use IRSA instead.
 */
export const nodeMetadataOptions = {
    httpEndpoint: "enabled",
    httpTokens: "required",
    httpPutResponseHopLimit: 1,
    instanceMetadataTags: "disabled",
} as const;

/** What the node groups need from the control plane and network. */
export interface EksNodesArgs {
    clusterName: pulumi.Input<string>;
    kubernetesVersion: string;
    subnetIds: pulumi.Input<string>[];
    /** The cluster's disks key: root volumes are encrypted with it. */
    disksKeyArn: pulumi.Input<string>;
    /** What must exist before nodes can join (NAT routes, the CNI add-on). */
    dependsOn: pulumi.Resource[];
}

/** Node-group update settings from the pool's config: surge-style, at most maxUnavailable at once (EKS needs >= 1). */
export function nodeGroupUpdateConfig(pool: { maxUnavailable: number }): { maxUnavailable: number; updateStrategy: string } {
    return { maxUnavailable: Math.max(1, pool.maxUnavailable), updateStrategy: "DEFAULT" };
}

/** Creates the node role and the system and workloads node groups on IMDSv2-only launch templates. */
export function createEksNodes(name: string, cluster: ManagedClusterConfig<"aws">, args: EksNodesArgs, opts: pulumi.CustomResourceOptions) {
    const role = new Role(`${name}-node`, { assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"), description: `EKS nodes of ${cluster.name}` }, opts);
    const attachments = nodeRolePolicies.map(
        (arn) => new RolePolicyAttachment(`${name}-node-${arn.split("/").pop()}`, { role: role.name, policyArn: arn }, opts),
    );

    const pools = (["system", "workloads"] as PoolRole[]).map((poolRole) => {
        const pool = cluster.nodePools[poolRole];
        const template = new LaunchTemplate(
            `${name}-${poolRole}`,
            {
                description: `${cluster.name} ${poolRole} nodes: IMDSv2 only, root volume encrypted with the disks key`,
                metadataOptions: nodeMetadataOptions,
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { volumeSize: pool.diskSizeGb, volumeType: "gp3", encrypted: "true", kmsKeyId: args.disksKeyArn, deleteOnTermination: "true" },
                    },
                ],
                tagSpecifications: [{ resourceType: "instance", tags: { Name: `${cluster.name}-${poolRole}` } }],
                updateDefaultVersion: true,
            },
            opts,
        );
        return new NodeGroup(
            `${name}-${poolRole}`,
            {
                clusterName: args.clusterName,
                version: args.kubernetesVersion,
                nodeRoleArn: role.arn,
                subnetIds: args.subnetIds,
                amiType: "AL2023_x86_64_STANDARD",
                capacityType: "ON_DEMAND",
                instanceTypes: [pool.instanceType ?? defaultInstanceTypes.aws[poolRole]],
                scalingConfig: { minSize: pool.autoscaling.min, maxSize: pool.autoscaling.max, desiredSize: initialSize(pool.autoscaling) },
                updateConfig: nodeGroupUpdateConfig(pool),
                launchTemplate: { id: template.id, version: pulumi.interpolate`${template.latestVersion}` },
                labels: { [poolLabel]: poolRole },
                nodeRepairConfig: { enabled: true },
            },
            // The autoscaler owns the current size: only min/max are ours after creation.
            { ...opts, dependsOn: [...attachments, ...args.dependsOn], ignoreChanges: ["scalingConfig.desiredSize"] },
        );
    });
    return { role, system: pools[0], workloads: pools[1] };
}
