/**
 * The EKS control plane: its IAM role, its CloudWatch log group (all log types, audit included),
 * the cluster itself (private or CIDR-restricted endpoint, Secrets encrypted with the stack's key,
 * API-mode access entries), API access from allowed private networks, and the IRSA OIDC provider.
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

/** Creates the control plane in the network's private subnets, encrypting Secrets with `secretsKey`. */
export function createEksControlPlane(
    name: string,
    cluster: AwsCluster,
    args: { network: EksNetwork; secretsKey: Key; prod: boolean },
    opts: ClusterResourceOptions,
): EksControlPlane {
    const roleReady = createClusterRole(name, cluster, args.secretsKey, opts.base);
    // Created before the cluster so its retention is ours (EKS would create it with no expiry).
    const logGroup = new LogGroup(`${name}-control-plane`, { name: `/aws/eks/${cluster.name}/cluster`, retentionInDays: cluster.logRetentionDays }, opts.guarded);
    const eks = new Cluster(
        `${name}-eks`,
        {
            name: cluster.name,
            version: cluster.kubernetesVersion,
            roleArn: roleReady.role.arn,
            vpcConfig: { subnetIds: args.network.privateSubnetIds, ...endpointAccess(cluster.endpoint) },
            kubernetesNetworkConfig: { serviceIpv4Cidr: cluster.network.serviceCidr, ipFamily: "ipv4" },
            encryptionConfig: { provider: { keyArn: args.secretsKey.arn }, resources: ["secrets"] },
            enabledClusterLogTypes: [...eksLogTypes],
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
            upgradePolicy: { supportType: cluster.supportType },
            bootstrapSelfManagedAddons: false,
            deletionProtection: args.prod,
        },
        { ...opts.guarded, dependsOn: [...roleReady.grants, logGroup] },
    );
    allowPrivateApiAccess(name, cluster, eks, opts.base);
    const issuerUrl = eks.identities.apply((ids) => ids[0].oidcs[0].issuer);
    const oidc = new OpenIdConnectProvider(`${name}-oidc`, { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"] }, opts.base);
    return { eks, issuerUrl, oidc };
}

/** The control plane's role: the EKS cluster policy and use of the secrets key (EKS creates a grant at cluster creation). */
function createClusterRole(name: string, cluster: AwsCluster, secretsKey: Key, base: pulumi.CustomResourceOptions): { role: Role; grants: pulumi.Resource[] } {
    const role = new Role(`${name}-cluster`, { assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com"), description: `EKS control plane of ${cluster.name}` }, base);
    const policy = new RolePolicyAttachment(`${name}-cluster`, { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" }, base);
    const keyUse = new RolePolicy(`${name}-cluster-kms`, { role: role.name, policy: secretsKey.arn.apply(clusterKeyPolicy) }, base);
    return { role, grants: [policy, keyUse] };
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
