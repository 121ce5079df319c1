/**
 * IAM policy documents of the EKS module (pure): trust policies for AWS services and for IRSA,
 * and the permission documents of the cluster role and the VPC flow-logs role.
 */
import type { AwsPolicyStatement } from "../contract";
import { serviceAccountSubject } from "../naming";

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
