/**
 * EKS least privilege (issue 17): one customer-managed key per purpose, each with an explicit key
 * policy naming who uses it; buckets reachable over TLS only; log groups encrypted with a CMK; the
 * identity running pulumi admin through a declared access entry, not the creator's implicit one.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { resolveOutput } from "../harness";
import type { ClusterHandle } from "../../modules/cluster/contract";
import { fakeDeployer } from "../../modules/plan/mocks/aws";
import { keyAdministrationActions } from "../../modules/cluster/aws/key-policies";
import { at, awsConfig, ClusterPlan, outputsOf, planCluster } from "./helpers";

const KEY = "aws:kms/key:Key";
const CLUSTER = "aws:eks/cluster:Cluster";

interface Statement {
    Sid: string;
    Effect: string;
    Principal: "*" | { AWS?: string | string[]; Service?: string | string[] };
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

const statementsOf = (policy: unknown): Statement[] => (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;
const actions = (s: Statement): string[] => [s.Action].flat();
const principalArns = (s: Statement): string[] =>
    [s.Condition?.ArnEquals?.["aws:PrincipalArn"] ?? s.Condition?.ArnLike?.["aws:PrincipalArn"] ?? []].flat() as string[];

/** What the plan captures from the handle: a bucket (as Thanos asks for one), a Vault unseal key, the CSI driver and the storage parameters. */
async function storageAndKeys(h: ClusterHandle) {
    const store = h.objectStore!.create({ name: "thanos", protect: false });
    h.kms!.createKey("vault-unseal");
    h.storage.installCsiDriver?.("storage-csi", { parent: h.component });
    return { bucket: (await resolveOutput(store.bucket)).value, storageKey: (await resolveOutput(pulumi.output(h.storage.parameters.kmsKeyId))).value };
}

describe("EKS keys, access and storage (least privilege)", () => {
    let plan: ClusterPlan<Awaited<ReturnType<typeof storageAndKeys>>>;
    const keyArn = (purpose: string) => outputsOf(plan.one(KEY, `acme-${purpose}`)).arn as string;
    before(async () => {
        plan = await planCluster(awsConfig("prod"), storageAndKeys);
    });

    it("has a separate customer-managed key for Secrets, disks, object storage and logs, and one per in-cluster service", () => {
        const names = plan.ofType(KEY).map((k) => k.name);
        expect(names).to.include.members(["acme-secrets", "acme-disks", "acme-objects", "acme-logs", "acme-vault-unseal"]);
        const arns = plan.ofType(KEY).map((k) => outputsOf(k).arn);
        expect(new Set(arns).size).to.equal(arns.length);
        for (const key of plan.ofType(KEY)) {
            expect(key.props.enableKeyRotation, key.name).to.equal(true);
        }
    });

    it("each purpose uses its own key: Secrets, node root volumes and volumes, buckets, log groups", async () => {
        expect(at(plan.one(CLUSTER).props, "encryptionConfig.provider.keyArn")).to.equal(keyArn("secrets"));
        for (const template of plan.ofType("aws:ec2/launchTemplate:LaunchTemplate")) {
            const ebs = at(template.props, "blockDeviceMappings.0.ebs") as Record<string, unknown>;
            expect(ebs.encrypted, template.name).to.equal("true");
            expect(ebs.kmsKeyId, template.name).to.equal(keyArn("disks"));
        }
        expect(plan.extra.storageKey, "StorageClass kmsKeyId").to.equal(keyArn("disks"));
        const sse = plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        expect(at(sse.props, "rules.0.applyServerSideEncryptionByDefault")).to.deep.equal({ sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn("objects") });
        const groups = plan.ofType("aws:cloudwatch/logGroup:LogGroup");
        expect(groups.map((g) => g.props.name)).to.include.members(["/aws/eks/acme/cluster", "/aws/vpc/acme/flow-logs"]);
        for (const group of groups) {
            expect(group.props.kmsKeyId, String(group.props.name)).to.equal(keyArn("logs"));
        }
    });

    it("every key has an explicit policy: the account administers it and cannot use it through IAM", () => {
        for (const key of plan.ofType(KEY)) {
            const statements = statementsOf(key.props.policy);
            const byAccount = statements.filter((s) => typeof s.Principal === "object" && s.Principal.AWS === "arn:aws:iam::123456789012:root");
            const administration = byAccount.filter((s) => !s.Condition);
            expect(administration, key.name).to.have.length(1);
            expect(actions(administration[0]), key.name).to.deep.equal([...keyAdministrationActions]);
            for (const s of statements) {
                expect(s.Effect).to.equal("Allow");
                expect(actions(s), `${key.name} ${s.Sid}`).to.not.include("kms:*");
                // A statement for every principal, or for the account's, must name who by ARN, in this account.
                if (s.Principal === "*" || (typeof s.Principal === "object" && s.Principal.AWS === "*") || (byAccount.includes(s) && s.Condition)) {
                    expect(principalArns(s), `${key.name} ${s.Sid}`).to.not.deep.equal([]);
                    expect(s.Condition?.StringEquals?.["kms:CallerAccount"], `${key.name} ${s.Sid}`).to.equal("123456789012");
                }
            }
        }
    });

    it("the Secrets key is used by the control plane role, and the deployer may only let EKS create its grant", () => {
        const statements = statementsOf(plan.one(KEY, "acme-secrets").props.policy);
        const role = outputsOf(plan.one("aws:iam/role:Role", "acme-cluster")).arn;
        const byRole = statements.find((s) => typeof s.Principal === "object" && s.Principal.AWS === role);
        expect(actions(byRole!)).to.include.members(["kms:Encrypt", "kms:Decrypt"]);
        const byDeployer = statements.find((s) => typeof s.Principal === "object" && s.Principal.AWS === fakeDeployer.role);
        expect(actions(byDeployer!)).to.deep.equal(["kms:DescribeKey", "kms:CreateGrant"]);
        expect(byDeployer!.Condition).to.deep.equal({ Bool: { "kms:GrantIsForAWSResource": true } });
    });

    it("the disks key is used through EC2 only, by the Auto Scaling service-linked role and the EBS CSI driver's own role", () => {
        const statements = statementsOf(plan.one(KEY, "acme-disks").props.policy).filter((s) => s.Sid !== "KeyAdministrationByTheAccount");
        const csiRole = outputsOf(plan.one("aws:iam/role:Role", "acme-ebs-csi")).arn;
        for (const s of statements) {
            expect(principalArns(s).sort()).to.deep.equal(
                [csiRole, "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"].sort(),
            );
        }
        const use = statements.find((s) => actions(s).includes("kms:Decrypt"));
        expect(use?.Condition?.StringEquals?.["kms:ViaService"]).to.equal("ec2.eu-west-1.amazonaws.com");
        const grants = statements.find((s) => actions(s).includes("kms:CreateGrant"));
        expect(grants?.Condition?.Bool).to.deep.equal({ "kms:GrantIsForAWSResource": true });
    });

    it("the object-storage key is used through S3 only, by the cluster's workload roles; the logs key by CloudWatch Logs for the cluster's log groups only", () => {
        const objects = statementsOf(plan.one(KEY, "acme-objects").props.policy).filter((s) => s.Sid !== "KeyAdministrationByTheAccount");
        expect(objects).to.have.length(1);
        expect(objects[0].Condition?.StringEquals?.["kms:ViaService"]).to.equal("s3.eu-west-1.amazonaws.com");
        expect(principalArns(objects[0])).to.deep.equal(["arn:aws:iam::123456789012:role/acme-*"]);
        // The account is the principal: a matching role also needs an IAM policy naming the key (the bucket's bound roles).
        expect(objects[0].Principal).to.deep.equal({ AWS: "arn:aws:iam::123456789012:root" });
        const logs = statementsOf(plan.one(KEY, "acme-logs").props.policy).filter((s) => s.Sid !== "KeyAdministrationByTheAccount");
        expect(logs).to.have.length(1);
        expect(logs[0].Principal).to.deep.equal({ Service: "logs.eu-west-1.amazonaws.com" });
        const groups = logs[0].Condition?.ArnLike?.["kms:EncryptionContext:aws:logs:arn"] as string[];
        expect(groups).to.include("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/eks/acme/*");
        expect(groups.every((g) => g.includes("/acme/"))).to.equal(true);
    });

    it("buckets deny every request not made over TLS", () => {
        const policy = plan.one("aws:s3/bucketPolicy:BucketPolicy");
        const bucket = plan.one("aws:s3/bucket:Bucket");
        expect(policy.props.bucket).to.equal(outputsOf(bucket).id);
        const [deny] = statementsOf(policy.props.policy);
        expect(deny).to.deep.include({ Effect: "Deny", Principal: "*", Action: "s3:*" });
        expect(deny.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        const arn = outputsOf(bucket).arn as string;
        expect(deny.Resource).to.deep.equal([arn, `${arn}/*`]);
    });

    it("the creator gets no implicit admin: the identity running pulumi is admin through a declared access entry for its role", () => {
        expect(at(plan.one(CLUSTER).props, "accessConfig")).to.deep.equal({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        const entry = plan.one("aws:eks/accessEntry:AccessEntry", "acme-deployer");
        // The role, not the STS session: every later session of the role keeps the access.
        expect(entry.props.principalArn).to.equal(fakeDeployer.role);
        const association = plan.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "acme-deployer");
        expect(association.props).to.include({
            principalArn: fakeDeployer.role,
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        });
        expect(plan.one("pulumi:providers:kubernetes").dependencies).to.include(association.urn);
    });
});
