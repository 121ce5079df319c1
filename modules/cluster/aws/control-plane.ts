/**
 * The EKS control plane: its IAM role, its CloudWatch log group (all log types, audit included,
 * encrypted with the cluster's logs key), the cluster itself (private or CIDR-restricted endpoint,
 * Secrets encrypted with the cluster's secrets key, API-mode access entries only: the creator gets
 * no implicit admin, access.ts declares every admin), API access from allowed private networks, and
 * the IRSA OIDC provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "@pulumi/aws/eks";
import type { Key } from "@pulumi/aws/kms";
import { OpenIdConnectProvider, Role, RolePolicy, RolePolicyAttachment } from "@pulumi/aws/iam";
import { LogGroup } from "@pulumi/aws/cloudwatch";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterResourceOptions } from "../resource-options";
import { clusterKeyPolicy, serviceTrustPolicy } from "./iam-documents";
import type { EksNetwork } from "./network";

type AwsCluster = ManagedClusterConfig<"aws">;

/** Control-plane log types EKS can send to CloudWatch: all of them, audit included. */
export const eksLogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** EKS vpcConfig endpoint fields from the endpoint settings: private only, or private plus CIDR-restricted public. */
export function endpointAccess(endpoint: { private: boolean; publicAccessCidrs: string[] }): {
    endpointPrivateAccess: boolean;
    endpointPublicAccess: boolean;
    publicAccessCidrs?: string[];
} {
    if (endpoint.private) {
        return { endpointPrivateAccess: true, endpointPublicAccess: false };
    }
    return { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: endpoint.publicAccessCidrs };
}

/** The control plane as the rest of the EKS module uses it. */
export interface EksControlPlane {
    eks: Cluster;
    /** The cluster's OIDC issuer URL (service-account tokens). */
    issuerUrl: pulumi.Output<string>;
    /** The IAM OIDC provider IRSA roles trust. */
    oidc: OpenIdConnectProvider;
}

/**
 * EKS access configuration: access entries only, and no implicit cluster-admin for whoever creates
 * the cluster (an entry nobody declared, which outlives a change of deployer). The identity running
 * pulumi gets a declared access entry instead (access.ts).
 */
export const eksAccessConfig = { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false } as const;

/** Creates the control plane in the network's private subnets, encrypting Secrets with `keys.secrets` and its logs with `keys.logs`. */
export function createEksControlPlane(
    name: string,
    cluster: AwsCluster,
    args: { network: EksNetwork; clusterRole: Role; keys: { secrets: Key; logs: Key }; prod: boolean },
    opts: ClusterResourceOptions,
): EksControlPlane {
    const roleReady = grantClusterRole(name, args.clusterRole, args.keys.secrets, opts.base);
    // Created before the cluster so its retention and encryption are ours (EKS would create it with no expiry and no CMK).
    const logGroup = new LogGroup(
        `${name}-control-plane`,
        { name: `/aws/eks/${cluster.name}/cluster`, retentionInDays: cluster.logRetentionDays, kmsKeyId: args.keys.logs.arn },
        opts.guarded,
    );
    const eks = new Cluster(
        `${name}-eks`,
        {
            name: cluster.name,
            version: cluster.kubernetesVersion,
            roleArn: args.clusterRole.arn,
            vpcConfig: { subnetIds: args.network.privateSubnetIds, ...endpointAccess(cluster.endpoint) },
            kubernetesNetworkConfig: { serviceIpv4Cidr: cluster.network.serviceCidr, ipFamily: "ipv4" },
            encryptionConfig: { provider: { keyArn: args.keys.secrets.arn }, resources: ["secrets"] },
            enabledClusterLogTypes: [...eksLogTypes],
            accessConfig: { ...eksAccessConfig },
            upgradePolicy: { supportType: cluster.supportType },
            bootstrapSelfManagedAddons: false,
            deletionProtection: args.prod,
        },
        {
            ...opts.guarded,
            dependsOn: [...roleReady, logGroup],
            // EKS sets the creator's bootstrap entry at creation only: clusters created before the
            // platform declared its deployer entry keep theirs (docs/operations.md says how to remove it).
            ignoreChanges: ["accessConfig.bootstrapClusterCreatorAdminPermissions"],
        },
    );
    allowPrivateApiAccess(name, cluster, eks, opts.base);
    const issuerUrl = eks.identities.apply((ids) => ids[0].oidcs[0].issuer);
    const oidc = new OpenIdConnectProvider(`${name}-oidc`, { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"] }, opts.base);
    return { eks, issuerUrl, oidc };
}

/** The control plane's role, created before the secrets key so the key's policy can name it. */
export function createClusterRole(name: string, cluster: AwsCluster, base: pulumi.CustomResourceOptions): Role {
    return new Role(
        `${name}-cluster`,
        { assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com"), description: `EKS control plane of ${cluster.name}` },
        base,
    );
}

/** The control plane role's permissions: the EKS cluster policy and use of the secrets key (EKS creates a grant at cluster creation). */
function grantClusterRole(name: string, role: Role, secretsKey: Key, base: pulumi.CustomResourceOptions): pulumi.Resource[] {
    const policy = new RolePolicyAttachment(`${name}-cluster`, { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" }, base);
    const keyUse = new RolePolicy(`${name}-cluster-kms`, { role: role.name, policy: secretsKey.arn.apply(clusterKeyPolicy) }, base);
    return [policy, keyUse];
}

/** A private endpoint admits HTTPS from each allowed private network on the cluster security group. */
function allowPrivateApiAccess(name: string, cluster: AwsCluster, eks: Cluster, base: pulumi.CustomResourceOptions): void {
    (cluster.endpoint.private ? cluster.endpoint.privateAccessCidrs : []).forEach((cidr, i) => {
        new SecurityGroupIngressRule(
            `${name}-api-${i}`,
            {
                securityGroupId: eks.vpcConfig.clusterSecurityGroupId,
                cidrIpv4: cidr,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "Kubernetes API from an allowed private network",
            },
            base,
        );
    });
}
