import { expect } from "chai";
import { resolveOutput, withAlertReceiver } from "../harness";
import type { ClusterHandle } from "../../modules/cluster/contract";
import { at, awsConfig, ClusterPlan, dnsBinding, outputsOf, planCluster } from "./helpers";

const CLUSTER = "aws:eks/cluster:Cluster";
const KEY = "aws:kms/key:Key";

/** What the shared dev plan captures from its handle: the kubeconfig and an external-dns binding's annotations. */
async function kubeconfigAndBinding(h: ClusterHandle) {
    const csi = h.storage.installCsiDriver?.("storage-csi", { parent: h.component });
    return {
        kubeconfig: await resolveOutput(h.kubeconfig),
        annotations: (await resolveOutput(h.identity.bind(dnsBinding).serviceAccountAnnotations)).value,
        csiPrincipal: csi?.principal ? (await resolveOutput(csi.principal)).value : undefined,
    };
}

describe("EKS clusters", () => {
    let dev: ClusterPlan<Awaited<ReturnType<typeof kubeconfigAndBinding>>>;
    let prod: ClusterPlan<undefined>;
    before(async () => {
        dev = await planCluster(
            awsConfig("dev", {
                endpoint: { private: false, publicAccessCidrs: ["198.51.100.0/24", "203.0.113.16/28"] },
                nodePools: { system: { autoscaling: { min: 2, max: 4 } }, workloads: { autoscaling: { min: 1, max: 9 }, maxUnavailable: 2 } },
            }),
            kubeconfigAndBinding,
        );
        prod = await planCluster(withAlertReceiver(awsConfig("prod")));
    });

    it("prod clusters never expose a public API endpoint", async () => {
        const vpc = at(prod.one(CLUSTER).props, "vpcConfig") as Record<string, unknown>;
        expect(vpc.endpointPublicAccess).to.equal(false);
        expect(vpc.endpointPrivateAccess).to.equal(true);
    });

    it("a dev public endpoint is limited to the configured CIDRs, never 0.0.0.0/0", async () => {
        const vpc = at(dev.one(CLUSTER).props, "vpcConfig") as Record<string, unknown>;
        expect(vpc.endpointPublicAccess).to.equal(true);
        expect(vpc.publicAccessCidrs).to.deep.equal(["198.51.100.0/24", "203.0.113.16/28"]);
    });

    it("secrets are encrypted with a rotating KMS key created in the stack", async () => {
        const plan = dev;
        const cluster = plan.one(CLUSTER);
        const key = plan.one(KEY, "acme-secrets");
        expect(at(cluster.props, "encryptionConfig.resources")).to.deep.equal(["secrets"]);
        expect(at(cluster.props, "encryptionConfig.provider.keyArn")).to.equal(outputsOf(key).arn);
        expect(cluster.dependencies).to.include(key.urn);
        expect(key.props.enableKeyRotation).to.equal(true);
    });

    it("control-plane audit logging is on (with every other log type)", async () => {
        const plan = dev;
        expect(plan.one(CLUSTER).props.enabledClusterLogTypes).to.include.members(["audit", "api", "authenticator"]);
        const logGroup = plan.one("aws:cloudwatch/logGroup:LogGroup", "acme-control-plane");
        expect(logGroup.props.name).to.equal("/aws/eks/acme/cluster");
        expect(plan.one(CLUSTER).dependencies).to.include(logGroup.urn);
    });

    it("workload identity is enabled: an IAM OIDC provider trusts the cluster's issuer", async () => {
        const plan = dev;
        const issuer = at(outputsOf(plan.one(CLUSTER)), "identities.0.oidcs.0.issuer");
        const oidc = plan.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        expect(oidc.props.url).to.equal(issuer);
        expect(oidc.props.clientIdLists).to.deep.equal(["sts.amazonaws.com"]);
    });

    it("node groups autoscale within the configured bounds and roll with bounded unavailability", async () => {
        const plan = dev;
        const system = plan.one("aws:eks/nodeGroup:NodeGroup", "acme-system");
        const workloads = plan.one("aws:eks/nodeGroup:NodeGroup", "acme-workloads");
        expect(at(system.props, "scalingConfig")).to.include({ minSize: 2, maxSize: 4 });
        expect(at(workloads.props, "scalingConfig")).to.include({ minSize: 1, maxSize: 9 });
        expect(at(workloads.props, "updateConfig.maxUnavailable")).to.equal(2);
    });

    it("NetworkPolicies are enforced: the VPC CNI runs its network policy agent, before nodes join", async () => {
        for (const plan of [dev, prod]) {
            const cni = plan.ofType("aws:eks/addon:Addon").find((a) => a.props.addonName === "vpc-cni");
            expect(cni, "vpc-cni add-on").to.not.equal(undefined);
            expect(JSON.parse(String(cni!.props.configurationValues))).to.deep.include({ enableNetworkPolicy: "true" });
            for (const group of plan.ofType("aws:eks/nodeGroup:NodeGroup")) {
                expect(group.dependencies).to.include(cni!.urn);
            }
        }
    });

    it("nodes require IMDSv2 and have no SSH access", async () => {
        const plan = dev;
        const templates = plan.ofType("aws:ec2/launchTemplate:LaunchTemplate");
        expect(templates).to.have.length(2);
        for (const t of templates) {
            expect(at(t.props, "metadataOptions.httpTokens")).to.equal("required");
            expect(at(t.props, "metadataOptions.httpPutResponseHopLimit")).to.equal(1);
            expect(t.props.keyName).to.equal(undefined);
        }
        for (const ng of plan.ofType("aws:eks/nodeGroup:NodeGroup")) {
            expect(ng.props.remoteAccess).to.equal(undefined);
            expect(at(ng.props, "launchTemplate.id")).to.be.a("string");
        }
    });

    it("the network spans three zones with private subnets tagged for internal load balancers and NAT egress", async () => {
        const plan = prod;
        const subnets = plan.ofType("aws:ec2/subnet:Subnet");
        const privateSubnets = subnets.filter((s) => at(s.props, "tags")?.["kubernetes.io/role/internal-elb" as never] === "1");
        expect(new Set(privateSubnets.map((s) => s.props.availabilityZone))).to.deep.equal(new Set(["eu-west-1a", "eu-west-1b", "eu-west-1c"]));
        expect(plan.ofType("aws:ec2/natGateway:NatGateway")).to.have.length(3);
        const eksSubnets = at(plan.one(CLUSTER).props, "vpcConfig.subnetIds") as string[];
        expect(eksSubnets).to.have.length(3);
    });

    it("the VPC's flow logs go to CloudWatch with the audit-log retention", async () => {
        const flowLog = prod.one("aws:ec2/flowLog:FlowLog");
        expect(flowLog.props).to.include({ trafficType: "ALL", logDestinationType: "cloud-watch-logs" });
        const group = prod.one("aws:cloudwatch/logGroup:LogGroup", "acme-flow-logs");
        expect(flowLog.props.logDestination).to.equal(outputsOf(group).arn);
        expect(group.props.retentionInDays).to.equal(365);
    });

    it("bring-your-own network creates no VPC and uses the given subnets", async () => {
        const plan = await planCluster(
            awsConfig("dev", {
                network: {
                    mode: "existing",
                    vpcId: "vpc-0abc12345def67890",
                    cidr: "10.9.0.0/16",
                    zones: ["eu-west-1a", "eu-west-1b"],
                    privateSubnetIds: ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"],
                },
            }),
        );
        expect(plan.ofType("aws:ec2/vpc:Vpc")).to.have.length(0);
        expect(at(plan.one(CLUSTER).props, "vpcConfig.subnetIds")).to.deep.equal(["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"]);
    });

    it("the admin group is mapped to cluster-admin through an access entry", async () => {
        const plan = dev;
        expect(at(plan.one(CLUSTER).props, "accessConfig.authenticationMode")).to.equal("API");
        const association = plan.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "acme-admin");
        expect(association.props.principalArn).to.equal("arn:aws:iam::111122223333:role/PlatformAdmin");
        expect(association.props.policyArn).to.equal("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
        expect(at(association.props, "accessScope.type")).to.equal("cluster");
    });

    it("prod protects the cluster, keys and log group and retains the keys; dev protects nothing", async () => {
        for (const [type, name] of [[CLUSTER], ["aws:cloudwatch/logGroup:LogGroup", "acme-control-plane"]]) {
            expect(prod.one(type, name).protect, type).to.equal(true);
        }
        for (const key of prod.ofType(KEY)) {
            expect(key.protect && key.retainOnDelete, key.name).to.equal(true);
        }
        expect(prod.one(CLUSTER).props.deletionProtection).to.equal(true);
        expect(dev.resources.filter((r) => r.protect).map((r) => r.name)).to.deep.equal([]);
        expect(dev.ofType(KEY).map((k) => k.retainOnDelete)).to.deep.equal([false, false, false, false]);
    });

    it("the kubeconfig is a secret that authenticates with `aws eks get-token`", async () => {
        const { kubeconfig } = dev.extra;
        expect(kubeconfig.secret).to.equal(true);
        expect(kubeconfig.value).to.match(/command: aws\n/);
        expect(kubeconfig.value).to.contain("- get-token\n");
        expect(kubeconfig.value).to.contain("- acme\n");
    });

    describe("identity binder (IRSA)", () => {
        it("the role is assumable only by exactly the requested namespace and service account", async () => {
            const plan = dev;
            const role = plan.one("aws:iam/role:Role", "acme-external-dns");
            const trust = JSON.parse(String(role.props.assumeRolePolicy)) as { Statement: Record<string, unknown>[] };
            expect(trust.Statement).to.have.length(1);
            const [statement] = trust.Statement;
            const issuerHost = String(at(outputsOf(plan.one(CLUSTER)), "identities.0.oidcs.0.issuer")).replace("https://", "");
            expect(statement.Action).to.equal("sts:AssumeRoleWithWebIdentity");
            expect(at(statement, "Principal.Federated")).to.equal(outputsOf(plan.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).arn);
            expect(statement.Condition).to.deep.equal({
                StringEquals: { [`${issuerHost}:sub`]: "system:serviceaccount:external-dns:external-dns", [`${issuerHost}:aud`]: "sts.amazonaws.com" },
            });
            const policy = JSON.parse(String(plan.one("aws:iam/rolePolicy:RolePolicy", "acme-external-dns").props.policy)) as { Statement: unknown[] };
            expect(policy.Statement).to.deep.equal(dnsBinding.permissions.aws.statements);
            expect(plan.extra.annotations["eks.amazonaws.com/role-arn"]).to.equal(outputsOf(role).arn);
        });

        it("the EBS CSI driver add-on runs as its own role, trusted only for its controller's service account", async () => {
            const role = dev.one("aws:iam/role:Role", "acme-ebs-csi");
            const trust = JSON.parse(String(role.props.assumeRolePolicy)) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
            expect(Object.entries(trust.Statement[0].Condition.StringEquals).find(([k]) => k.endsWith(":sub"))?.[1]).to.equal(
                "system:serviceaccount:kube-system:ebs-csi-controller-sa",
            );
            const driver = dev.ofType("aws:eks/addon:Addon").find((a) => a.props.addonName === "aws-ebs-csi-driver");
            expect(driver?.props.serviceAccountRoleArn).to.equal(outputsOf(role).arn);
            expect(dev.extra.csiPrincipal).to.equal(outputsOf(role).arn);
            const kms = JSON.parse(String(dev.one("aws:iam/rolePolicy:RolePolicy", "acme-ebs-csi").props.policy)) as { Statement: { Resource: string }[] };
            expect(kms.Statement[0].Resource).to.equal(outputsOf(dev.one(KEY, "acme-disks")).arn);
        });

        it("rejects a namespace Kubernetes would reject and a second binding of the same name", async () => {
            await planCluster(awsConfig("dev"), async (h) => {
                expect(() => h.identity.bind({ ...dnsBinding, namespace: "Bad_NS" })).to.throw(/identity binding 'external-dns': namespace 'Bad_NS'/);
                h.identity.bind(dnsBinding);
                expect(() => h.identity.bind(dnsBinding)).to.throw(/already bound/);
            });
        });
    });
});
