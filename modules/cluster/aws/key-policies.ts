/**
 * Explicit KMS key policies (pure). Every key the EKS module creates carries its own policy instead
 * of KMS's default one (the account root may do `kms:*`, so any IAM policy in the account can use
 * the key): the account administers the key (no cryptographic use through IAM), and only the
 * principals that use the key, named here, may encrypt and decrypt with it.
 *
 * Principals that may not exist yet when the key is created (the EC2 Auto Scaling service-linked
 * role, IRSA roles created later by add-ons) are named by ARN in an `aws:PrincipalArn` condition
 * rather than in `Principal`: KMS rejects a policy whose `Principal` names a role that does not
 * exist, but conditions are not resolved when the policy is set. Where only a pattern can name them
 * (the roles the cluster's binder creates for add-ons, `<cluster>-*`), the statement's principal is
 * the account, so a role also needs an IAM policy naming the key: only the roles bound to that
 * key's bucket or service have one.
 */

/** The account and partition the keys live in. */
export interface KeyAccount {
    accountId: string;
    /** `aws`, `aws-cn`, `aws-us-gov`. */
    partition: string;
    region: string;
}

/** One statement of a key policy. */
export interface KeyPolicyStatement {
    Sid: string;
    Effect: "Allow";
    Principal: "*" | { AWS: string | string[] } | { Service: string | string[] };
    Action: string[];
    Resource: "*";
    Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/**
 * What the account may do through IAM: administer the key (describe, tag, rotate, change the policy,
 * schedule deletion), never encrypt or decrypt with it.
 */
export const keyAdministrationActions = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
] as const;

/** Envelope encryption with the key. */
export const keyUseActions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

/** Grants an AWS service creates for the resources it attaches the key to (EBS volumes). */
export const grantActions = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"] as const;

export function rootArn(a: KeyAccount): string {
    return `arn:${a.partition}:iam::${a.accountId}:root`;
}

export function roleArn(a: KeyAccount, name: string): string {
    return `arn:${a.partition}:iam::${a.accountId}:role/${name}`;
}

/** The EC2 Auto Scaling service-linked role, which launches (and encrypts the root volumes of) EKS managed node groups. */
export function autoScalingRoleArn(a: KeyAccount): string {
    return `arn:${a.partition}:iam::${a.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/** ARN pattern of every IAM role the cluster's IRSA binder creates (`<cluster>-<purpose>`). */
export function clusterRolesPattern(a: KeyAccount, clusterName: string): string {
    return roleArn(a, `${clusterName}-*`);
}

/** The account administers the key. */
export function administration(a: KeyAccount): KeyPolicyStatement {
    return { Sid: "KeyAdministrationByTheAccount", Effect: "Allow", Principal: { AWS: rootArn(a) }, Action: [...keyAdministrationActions], Resource: "*" };
}

/**
 * Use of the key by principals of this account named in `aws:PrincipalArn`: exactly (the key policy
 * alone grants them the use, as a service-linked role without KMS permissions needs), or by an ARN
 * pattern (the account is the principal: a matching role also needs an IAM policy naming the key).
 */
export function useByPrincipals(
    sid: string,
    a: KeyAccount,
    principalArns: string[],
    options: { actions?: readonly string[]; viaService?: string; match?: "exact" | "pattern" } = {},
): KeyPolicyStatement {
    const pattern = options.match === "pattern";
    const condition: KeyPolicyStatement["Condition"] = {
        [pattern ? "ArnLike" : "ArnEquals"]: { "aws:PrincipalArn": principalArns },
        StringEquals: {
            "kms:CallerAccount": a.accountId,
            ...(options.viaService ? { "kms:ViaService": `${options.viaService}.${a.region}.amazonaws.com` } : {}),
        },
    };
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: pattern ? rootArn(a) : "*" },
        Action: [...(options.actions ?? keyUseActions)],
        Resource: "*",
        Condition: condition,
    };
}

/** Grants for AWS resources (EBS volumes) by the same principals: the grant is only ever for an AWS service. */
export function grantsForAwsResources(sid: string, a: KeyAccount, principalArns: string[], match: "exact" | "pattern" = "exact"): KeyPolicyStatement {
    const statement = useByPrincipals(sid, a, principalArns, { actions: grantActions, match });
    return { ...statement, Condition: { ...statement.Condition, Bool: { "kms:GrantIsForAWSResource": true } } };
}

/** CloudWatch Logs encrypting exactly the named log groups (by their ARN in the encryption context). */
export function cloudWatchLogs(a: KeyAccount, logGroupNamePatterns: string[]): KeyPolicyStatement {
    return {
        Sid: "CloudWatchLogsForTheClustersLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${a.region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
            ArnLike: {
                "kms:EncryptionContext:aws:logs:arn": logGroupNamePatterns.map((g) => `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${g}`),
            },
        },
    };
}

/** A policy document from its statements: the account's administration first. */
export function keyPolicy(a: KeyAccount, uses: KeyPolicyStatement[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [administration(a), ...uses] });
}

/** The purposes of the EKS module's own keys. */
export type ClusterKeyPurpose = "secrets" | "disks" | "objects" | "logs";

/** Who uses each of the cluster's keys, and how. */
export interface ClusterKeyPrincipals {
    clusterName: string;
    /** The EKS control plane's role (Secrets envelope encryption). */
    controlPlaneRoleArn: string;
    /** The identity that runs pulumi: it creates the cluster, which makes EKS create a grant on the secrets key. */
    deployerArn: string;
    /** The EBS CSI driver's IRSA role name (it creates encrypted volumes). */
    ebsCsiRoleName: string;
}

/** The policy of one of the cluster's own keys. */
export function eksKeyPolicy(purpose: ClusterKeyPurpose, a: KeyAccount, p: ClusterKeyPrincipals): string {
    switch (purpose) {
        case "secrets":
            return keyPolicy(a, [
                {
                    Sid: "EksControlPlaneEncryptsSecrets",
                    Effect: "Allow",
                    Principal: { AWS: p.controlPlaneRoleArn },
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:ListGrants", "kms:CreateGrant"],
                    Resource: "*",
                },
                {
                    Sid: "ClusterCreatorGrantsEks",
                    Effect: "Allow",
                    Principal: { AWS: p.deployerArn },
                    Action: ["kms:DescribeKey", "kms:CreateGrant"],
                    Resource: "*",
                    Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
                },
            ]);
        case "disks": {
            const users = [autoScalingRoleArn(a), roleArn(a, p.ebsCsiRoleName)];
            return keyPolicy(a, [
                useByPrincipals("NodeAndVolumeEncryptionThroughEc2", a, users, { viaService: "ec2" }),
                grantsForAwsResources("GrantsForEbsVolumes", a, users),
            ]);
        }
        case "objects":
            // The buckets' readers and writers are roles the cluster's binder creates for add-ons (Thanos,
            // Vault snapshots); their IAM policies name the bucket and this key. They use it only through S3.
            return keyPolicy(a, [
                useByPrincipals("BucketEncryptionThroughS3", a, [clusterRolesPattern(a, p.clusterName)], { viaService: "s3", match: "pattern" }),
            ]);
        case "logs":
            return keyPolicy(a, [cloudWatchLogs(a, [`/aws/eks/${p.clusterName}/*`, `/aws/vpc/${p.clusterName}/*`, `/platform/${p.clusterName}/*`])]);
    }
}

/** The policy of a key for an in-cluster service (Vault auto-unseal): its roles call KMS directly. */
export function serviceKeyPolicy(a: KeyAccount, clusterName: string): string {
    return keyPolicy(a, [
        useByPrincipals("UseByTheClustersWorkloadRoles", a, [clusterRolesPattern(a, clusterName)], {
            actions: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"],
            match: "pattern",
        }),
    ]);
}
