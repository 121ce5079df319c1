/**
 * E7-E9: the AWS resources around an EKS cluster that keep data to the principals that need it
 * (aws 7.x input names): KMS keys with explicit key policies (aws:kms/key:Key), S3 buckets reachable
 * over TLS only and encrypted with a customer-managed key (aws:s3/bucket:Bucket with its
 * BucketPolicy and BucketServerSideEncryptionConfiguration), CloudWatch log groups encrypted with a
 * customer-managed key (aws:cloudwatch/logGroup:LogGroup).
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asArray, asObject, asString, forType, isUnknown, isUnknownAt, Props } from "../../lib/inputs";

export const kmsKeyType = "aws:kms/key:Key";
export const s3BucketType = "aws:s3/bucket:Bucket";
export const s3BucketPolicyType = "aws:s3/bucketPolicy:BucketPolicy";
export const s3EncryptionType = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
export const logGroupType = "aws:cloudwatch/logGroup:LogGroup";

/** Actions that use a key's material (encrypt, decrypt, data keys), as key policies name them. */
const keyUse = /^kms:(\*|Encrypt\*?|Decrypt\*?|ReEncrypt.*|GenerateDataKey.*)$/i;
/** Condition keys that narrow a statement open to every principal down to named ones. */
const principalConditions = ["aws:principalarn", "aws:principalaccount", "aws:principalorgid", "kms:calleraccount"];

interface PolicyStatement {
    Effect?: unknown;
    Principal?: unknown;
    Action?: unknown;
    Condition?: unknown;
    Sid?: unknown;
}

function parseDocument(text: unknown): PolicyStatement[] | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    try {
        const doc = asObject(JSON.parse(text));
        const statements = doc?.Statement;
        return (Array.isArray(statements) ? statements : statements ? [statements] : []).map((s) => (asObject(s) ?? {}) as PolicyStatement);
    } catch {
        return undefined;
    }
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
const conditionKeys = (condition: unknown): string[] =>
    Object.values(asObject(condition) ?? {}).flatMap((c) => Object.keys(asObject(c) ?? {}).map((k) => k.toLowerCase()));

/** The AWS principals a statement names (`*` for everyone). */
function awsPrincipals(principal: unknown): string[] {
    if (principal === "*") {
        return ["*"];
    }
    return list(asObject(principal)?.AWS);
}

/** Why a key policy statement lets more principals use the key than it names, or undefined. */
export function keyStatementProblem(s: PolicyStatement): string | undefined {
    if (s.Effect !== "Allow") {
        return undefined;
    }
    const uses = list(s.Action).filter((a) => keyUse.test(a));
    if (uses.length === 0) {
        return undefined;
    }
    const sid = typeof s.Sid === "string" ? ` '${s.Sid}'` : "";
    const principals = awsPrincipals(s.Principal);
    if (principals.includes("*") && !conditionKeys(s.Condition).some((k) => principalConditions.includes(k))) {
        return `statement${sid} lets every AWS principal use the key (${uses.join(", ")}); name them, or narrow them with an aws:PrincipalArn condition`;
    }
    if (principals.some((p) => /^(arn:aws[a-z-]*:iam::\d{12}:root|\d{12})$/.test(p)) && conditionKeys(s.Condition).length === 0) {
        return `statement${sid} lets the whole account use the key (${uses.join(", ")}) through any IAM policy, as KMS's default key policy does; give the account administration only, and name the principals that use the key`;
    }
    return undefined;
}

/** E7: every KMS key has an explicit key policy that names who may use it. */
export const requireKmsKeyPolicy: ResourceValidationPolicy = {
    name: "require-kms-key-policy",
    description:
        "KMS keys carry an explicit key policy: the account administers the key, and only named principals (or principals narrowed by an aws:PrincipalArn condition) may use it; never KMS's default policy, which lets any IAM policy in the account use the key.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(kmsKeyType, (props, _args, report) => {
        if (isUnknown(props, "policy")) {
            return;
        }
        if (!asString(props.policy)) {
            report(
                "KMS key has no `policy`: KMS applies its default key policy, which lets any IAM policy in the account use the key. Set an explicit key policy: administration by the account, use by the principals that need the key.",
            );
            return;
        }
        const statements = parseDocument(props.policy);
        if (!statements) {
            report("KMS key `policy` is not a JSON policy document.");
            return;
        }
        for (const s of statements) {
            const problem = keyStatementProblem(s);
            if (problem) {
                report(`KMS key policy ${problem}.`);
            }
        }
    }),
};

/** E9: CloudWatch log groups are encrypted with a customer-managed key. */
export const requireLogGroupEncryption: ResourceValidationPolicy = {
    name: "require-log-group-encryption",
    description: "CloudWatch log groups (control-plane audit logs, VPC flow logs) are encrypted with a customer-managed KMS key (kmsKeyId).",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forType(logGroupType, (props, _args, report) => {
        if (isUnknown(props, "kmsKeyId")) {
            return;
        }
        if (!asString(props.kmsKeyId)) {
            report(
                `CloudWatch log group${asString(props.name) ? ` '${String(props.name)}'` : ""} is not encrypted with a customer-managed key; set \`kmsKeyId\` to the ARN of a key whose policy lets logs.<region>.amazonaws.com use it.`,
            );
        }
    }),
};

/** True when `r` belongs to `bucket`: it depends on it, or names the same bucket. */
function belongsTo(r: PolicyResource, bucket: PolicyResource): boolean {
    if (r.dependencies.some((d) => d.urn === bucket.urn)) {
        return true;
    }
    const name = asString(bucket.props.bucket);
    return name !== undefined && asString(r.props.bucket) === name;
}

/** True when a bucket policy denies every request made without TLS. */
export function deniesPlainHttp(policy: unknown): boolean {
    return (parseDocument(policy) ?? []).some((s) => {
        if (s.Effect !== "Deny" || !(s.Principal === "*" || awsPrincipals(s.Principal).includes("*"))) {
            return false;
        }
        const actions = list(s.Action);
        if (!actions.some((a) => a === "s3:*" || a === "*")) {
            return false;
        }
        const bool = asObject(asObject(s.Condition)?.Bool);
        return bool !== undefined && Object.entries(bool).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && String(v) === "false");
    });
}

/** The default encryption of a bucket's encryption configuration: SSE-KMS with a key, or why not. */
function encryptionProblem(props: Props): string | undefined {
    if (isUnknown(props, "rules")) {
        return undefined;
    }
    const rules = asArray(props.rules) ?? [];
    const byDefault = rules.map((r) => asObject(asObject(r)?.applyServerSideEncryptionByDefault)).find((d) => d !== undefined);
    if (!byDefault) {
        return "has no default encryption rule";
    }
    if (isUnknown(byDefault, "sseAlgorithm") || isUnknown(byDefault, "kmsMasterKeyId")) {
        return undefined;
    }
    if (!String(byDefault.sseAlgorithm ?? "").startsWith("aws:kms")) {
        return `encrypts with ${String(byDefault.sseAlgorithm)}, not a customer-managed KMS key`;
    }
    if (!asString(byDefault.kmsMasterKeyId)) {
        return "uses SSE-KMS without naming a key (the AWS-managed aws/s3 key)";
    }
    return undefined;
}

/** E8: every S3 bucket denies requests without TLS and encrypts with a customer-managed key. */
export const requireS3TlsAndCmk: StackValidationPolicy = {
    name: "require-s3-tls-and-cmk",
    description:
        "Every S3 bucket has a bucket policy denying any request made without TLS (aws:SecureTransport false) and default encryption with a customer-managed KMS key (SSE-KMS naming the key).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const buckets = args.resources.filter((r) => r.type === s3BucketType);
        for (const bucket of buckets) {
            const policies = args.resources.filter((r) => r.type === s3BucketPolicyType && belongsTo(r, bucket));
            const unknown = policies.some((p) => isUnknownAt(p.props, "policy"));
            if (!unknown && !policies.some((p) => deniesPlainHttp(p.props.policy))) {
                report(
                    `S3 bucket '${bucket.name}' accepts requests without TLS: add a BucketPolicy denying "s3:*" to every principal when "aws:SecureTransport" is "false", on the bucket and its objects.`,
                    bucket.urn,
                );
            }
            const encryption = args.resources.filter((r) => r.type === s3EncryptionType && belongsTo(r, bucket));
            if (encryption.length === 0) {
                report(
                    `S3 bucket '${bucket.name}' has no BucketServerSideEncryptionConfiguration: encrypt it with SSE-KMS and a customer-managed key.`,
                    bucket.urn,
                );
            }
            for (const e of encryption) {
                const problem = encryptionProblem(e.props);
                if (problem) {
                    report(
                        `S3 bucket '${bucket.name}' default encryption ${problem}; set sseAlgorithm "aws:kms" and kmsMasterKeyId to a customer-managed key.`,
                        bucket.urn,
                    );
                }
            }
        }
    },
};
