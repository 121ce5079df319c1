/**
 * Object storage on AWS for the ClusterHandle's `objectStore`: an S3 bucket that is private (all
 * four public-access blocks, owner-enforced), reachable over TLS only (its bucket policy denies any
 * request with `aws:SecureTransport` false), encrypted (SSE-KMS with the cluster's object-storage
 * key when given, else SSE-S3), versioned (noncurrent versions expire after a week, so compaction
 * does not keep every deleted block forever). Clients reach it through IRSA / Pod Identity: no
 * access keys.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    Bucket,
    BucketLifecycleConfiguration,
    BucketOwnershipControls,
    BucketPolicy,
    BucketPublicAccessBlock,
    BucketServerSideEncryptionConfiguration,
    BucketVersioning,
} from "@pulumi/aws/s3";
import type { AwsPolicyStatement, ObjectStore, ObjectStoreFactory, ObjectStoreRequest } from "../contract";

/** The cluster's facts the S3 factory needs. */
export interface AwsObjectStoreArgs {
    /** The cluster's name: prefix of bucket names. */
    clusterName: string;
    region: string;
    /** The cluster's object-storage KMS key ARN; SSE-S3 when absent. */
    kmsKeyArn?: pulumi.Input<string>;
    tags?: Record<string, string>;
}

/** The Thanos objstore configuration for an S3 bucket, authenticated by the AWS SDK chain (IRSA, Pod Identity). */
export function s3ObjstoreConfig(bucket: string, region: string, kmsKeyArn?: string): Record<string, unknown> {
    return {
        type: "S3",
        config: {
            bucket,
            endpoint: `s3.${region}.amazonaws.com`,
            region,
            aws_sdk_auth: true,
            sse_config: kmsKeyArn ? { type: "SSE-KMS", kms_key_id: kmsKeyArn } : { type: "SSE-S3" },
        },
    };
}

/** The bucket policy: every request that is not made over TLS is denied, whoever makes it. */
export function tlsOnlyBucketPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyRequestsWithoutTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/** Read (and, unless `readOnly`, write and delete) on exactly one bucket, and use of its key. */
export function s3Statements(bucketArn: pulumi.Input<string>, kmsKeyArn: pulumi.Input<string> | undefined, readOnly: boolean): AwsPolicyStatement[] {
    const statements: AwsPolicyStatement[] = [
        { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
        {
            Effect: "Allow",
            Action: readOnly ? ["s3:GetObject"] : ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: pulumi.interpolate`${bucketArn}/*`,
        },
    ];
    if (kmsKeyArn) {
        statements.push({ Effect: "Allow", Action: readOnly ? ["kms:Decrypt"] : ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], Resource: kmsKeyArn });
    }
    return statements;
}

/** ClusterHandle.objectStore on EKS: one private, encrypted, versioned S3 bucket per request. */
export class AwsObjectStoreFactory implements ObjectStoreFactory {
    constructor(
        private readonly args: AwsObjectStoreArgs,
        private readonly baseOpts: pulumi.ComponentResourceOptions = {},
    ) {}

    create(request: ObjectStoreRequest, opts?: pulumi.ComponentResourceOptions): ObjectStore {
        return new AwsObjectStore(request.name, this.args, request, { ...this.baseOpts, ...opts }).store;
    }
}

class AwsObjectStore extends pulumi.ComponentResource {
    readonly store: ObjectStore;

    constructor(name: string, args: AwsObjectStoreArgs, request: ObjectStoreRequest, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:AwsObjectStore", name, {}, opts);
        const child = { parent: this };
        const prefix = `${args.clusterName}-${request.name}`.slice(0, 36).replace(/-+$/, "");
        const bucket = new Bucket(
            `${name}-bucket`,
            { bucketPrefix: `${prefix}-`, forceDestroy: false, tags: args.tags },
            { ...child, protect: request.protect },
        );
        const ownership = new BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        const publicBlock = new BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );
        const encryption = new BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: args.kmsKeyArn
                            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }
                            : { sseAlgorithm: "AES256" },
                        bucketKeyEnabled: args.kmsKeyArn !== undefined,
                    },
                ],
            },
            child,
        );
        // After the public-access block, which rejects public policies (this one only denies).
        const tlsOnly = new BucketPolicy(
            `${name}-tls-only`,
            { bucket: bucket.id, policy: bucket.arn.apply(tlsOnlyBucketPolicy) },
            { ...child, dependsOn: [publicBlock] },
        );
        const versioning = new BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child);
        const lifecycle = new BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: 7 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 2 },
                    },
                ],
            },
            { ...child, dependsOn: [versioning] },
        );
        const kms = args.kmsKeyArn === undefined ? pulumi.output<string | undefined>(undefined) : pulumi.output(args.kmsKeyArn);
        this.store = {
            kind: "s3",
            bucket: bucket.bucket,
            objstoreConfig: pulumi.all([bucket.bucket, kms]).apply(([b, k]) => s3ObjstoreConfig(b, args.region, k)),
            readWrite: { aws: { statements: s3Statements(bucket.arn, args.kmsKeyArn, false) } },
            readOnly: { aws: { statements: s3Statements(bucket.arn, args.kmsKeyArn, true) } },
            resources: [bucket, ownership, publicBlock, tlsOnly, encryption, versioning, lifecycle],
        };
        this.registerOutputs({ bucket: bucket.bucket });
    }
}
