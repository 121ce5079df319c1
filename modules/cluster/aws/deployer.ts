/**
 * The identity that runs pulumi, as an IAM principal: `aws sts get-caller-identity` gives an STS
 * session ARN when pulumi runs as an assumed role (CI's OIDC role, an SSO permission set), which
 * IAM and EKS do not accept as a principal; the session's issuer is the role itself (path
 * included). Any later session of the same role is therefore the same principal, so a `pulumi up`
 * by that role keeps the access the stack declares for it.
 */
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getSessionContextOutput } from "@pulumi/aws/iam/getSessionContext";

/** The account, partition and IAM principal ARN of the identity running pulumi. */
export interface Deployer {
    accountId: pulumi.Output<string>;
    partition: pulumi.Output<string>;
    /** IAM role or user ARN (never an STS session ARN). */
    arn: pulumi.Output<string>;
}

/** `aws`, `aws-cn` or `aws-us-gov`, from any ARN. */
export function partitionOf(arn: string): string {
    return arn.split(":")[1] ?? "aws";
}

export function resolveDeployer(opts: pulumi.InvokeOutputOptions): Deployer {
    const caller = getCallerIdentityOutput({}, opts);
    const session = getSessionContextOutput({ arn: caller.arn }, opts);
    return { accountId: caller.accountId, partition: caller.arn.apply(partitionOf), arn: session.issuerArn };
}
