/**
 * Pure builders for the EKS module: subnet layout, IAM trust and permission documents, endpoint
 * exposure. Unit-tested without a Pulumi graph.
 */
import type { AwsPolicyStatement } from "../contract";
import { prefixOf, subnetOf } from "../cidr";
import { serviceAccountSubject } from "../naming";

/** Control-plane log types EKS can send to CloudWatch: all of them, audit included. */
export const eksLogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/**
 * The managed vpc-cni add-on's configuration: its network policy agent on, so NetworkPolicies are
 * enforced (policy E5). The agent ships with the add-on (Kubernetes 1.25 and later).
 */
export const vpcCniConfiguration = { enableNetworkPolicy: "true" };

/** The EKS access policy that grants cluster-admin. */
export const clusterAdminPolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

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

/** Subnet ranges per zone, in zone order. */
export interface SubnetLayout {
    private: string[];
    public: string[];
}

/**
 * Carves the VPC range: three private subnets of a quarter each (pods take VPC addresses with the
 * VPC CNI, so they get the room), and three small public subnets in the last quarter for NAT
 * gateways and internet-facing load balancers.
 */
export function subnetLayout(vpcCidr: string, zones: number): SubnetLayout {
    const p = prefixOf(vpcCidr);
    const privateSubnets = Array.from({ length: zones }, (_, i) => subnetOf(vpcCidr, p + 2, i));
    const lastQuarter = subnetOf(vpcCidr, p + 2, 3);
    const publicSubnets = Array.from({ length: zones }, (_, i) => subnetOf(lastQuarter, p + 5, i));
    return { private: privateSubnets, public: publicSubnets };
}

/** Tags the AWS Load Balancer Controller uses to discover subnets. */
export function subnetTags(clusterName: string, tier: "private" | "public"): Record<string, string> {
    return {
        [`kubernetes.io/cluster/${clusterName}`]: "shared",
        [tier === "private" ? "kubernetes.io/role/internal-elb" : "kubernetes.io/role/elb"]: "1",
    };
}

/** The three zones: configured, or the region's a, b and c. */
export function zonesFor(region: string, configured?: string[]): string[] {
    return configured ?? ["a", "b", "c"].map((s) => `${region}${s}`);
}

/** Trust policy letting an AWS service (eks.amazonaws.com, ec2.amazonaws.com) assume a role. */
export function serviceTrustPolicy(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}

/** The OIDC issuer without its scheme: the prefix of IRSA condition keys. */
export function issuerHost(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "");
}

/**
 * IRSA trust policy: only tokens of exactly one service account in exactly one namespace, issued
 * by this cluster for STS, may assume the role (StringEquals, never a wildcard).
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): string {
    const host = issuerHost(issuerUrl);
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${host}:sub`]: serviceAccountSubject(namespace, serviceAccount),
                        [`${host}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    });
}

/** A permissions policy document from resolved statements. */
export function policyDocument(statements: AwsPolicyStatement[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** What the VPC flow-logs service needs on its log group. */
export function flowLogsPolicy(logGroupArn: string): string {
    return policyDocument([
        {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
            Resource: [logGroupArn, `${logGroupArn}:*`],
        },
    ]);
}

/** What the cluster role needs on the secrets-encryption key (EKS creates a grant at cluster creation). */
export function clusterKeyPolicy(keyArn: string): string {
    return policyDocument([
        { Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:ListGrants", "kms:CreateGrant"], Resource: keyArn },
    ]);
}

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
