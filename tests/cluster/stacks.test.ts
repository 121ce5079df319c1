import { expect } from "chai";
import { PlanResult, planShippedStack } from "../harness";
import { eksAddonVersion } from "../../modules/addons/versions";
import { webhookPorts } from "../../modules/cluster/gcp/network";
import { at } from "./helpers";

/** Per cloud: the cluster type, and whether its planned inputs expose a public API endpoint. */
const clusters = {
    "aws-prod": { type: "aws:eks/cluster:Cluster", publicEndpoint: (p: Record<string, unknown>) => at(p, "vpcConfig.endpointPublicAccess") !== false },
    "azure-prod": {
        type: "azure-native:containerservice:ManagedCluster",
        publicEndpoint: (p: Record<string, unknown>) => at(p, "apiServerAccessProfile.enablePrivateCluster") !== true,
    },
    "gcp-prod": {
        type: "gcp:container/cluster:Cluster",
        publicEndpoint: (p: Record<string, unknown>) => at(p, "privateClusterConfig.enablePrivateEndpoint") !== true,
    },
} as const;

const plans = new Map<string, Promise<PlanResult>>();
/** Each shipped stack is planned once for this file. */
const planOf = (stack: string): Promise<PlanResult> => {
    if (!plans.has(stack)) {
        plans.set(stack, planShippedStack(stack));
    }
    return plans.get(stack) as Promise<PlanResult>;
};

/** The ranges the platform's network policies let pods reach the API server in. */
const apiServerEgress = (plan: PlanResult): string[] =>
    plan
        .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
        .filter((p) => at(p.props, "metadata.name") === "allow-apiserver")
        .flatMap((p) => (at(p.props, "spec.egress.0.to") as { ipBlock: { cidr: string } }[]).map((t) => t.ipBlock.cidr));

describe("shipped prod stacks", () => {
    for (const [stack, c] of Object.entries(clusters)) {
        it(`${stack}: the cluster is private, protected, and its keys are kept on destroy`, async () => {
            const plan = await planOf(stack);
            const cluster = plan.one(c.type);
            expect(c.publicEndpoint(cluster.props), "public endpoint").to.equal(false);
            expect(cluster.protect).to.equal(true);
            const keys = plan.resources.filter((r) => ["aws:kms/key:Key", "azure-native:keyvault:Key", "gcp:kms/cryptoKey:CryptoKey"].includes(r.type));
            expect(keys.length).to.be.greaterThan(0);
            for (const key of keys) {
                expect(key.protect && key.retainOnDelete, key.name).to.equal(true);
            }
            const pools = plan.resources.filter((r) =>
                ["aws:eks/nodeGroup:NodeGroup", "azure-native:containerservice:AgentPool", "gcp:container/nodePool:NodePool"].includes(r.type),
            );
            expect(pools.length).to.be.greaterThan(0);
        });

        it(`${stack}: API-server egress is narrowed to ranges the cluster knows, never anywhere`, async () => {
            const cidrs = apiServerEgress(await planOf(stack));
            expect(cidrs.length, "allow-apiserver policies").to.be.greaterThan(0);
            expect(cidrs).to.not.include("0.0.0.0/0");
        });
    }

    it("aws-prod: every key has an explicit policy, every bucket is TLS-only, every log group is encrypted, the creator has no implicit admin", async () => {
        const plan = await planOf("aws-prod");
        for (const key of plan.ofType("aws:kms/key:Key")) {
            expect(key.props.policy, key.name).to.be.a("string");
        }
        const buckets = plan.ofType("aws:s3/bucket:Bucket");
        expect(buckets.length, "buckets (Thanos, Vault snapshots)").to.be.greaterThan(0);
        const policies = plan.ofType("aws:s3/bucketPolicy:BucketPolicy");
        for (const bucket of buckets) {
            expect(
                policies.some((p) => p.dependencies.includes(bucket.urn) && String(p.props.policy).includes('"aws:SecureTransport":"false"')),
                bucket.name,
            ).to.equal(true);
        }
        for (const group of plan.ofType("aws:cloudwatch/logGroup:LogGroup")) {
            expect(group.props.kmsKeyId, String(group.props.name)).to.be.a("string");
        }
        expect(at(plan.one("aws:eks/cluster:Cluster").props, "accessConfig.bootstrapClusterCreatorAdminPermissions")).to.equal(false);
        expect(plan.ofType("aws:eks/accessEntry:AccessEntry").map((e) => e.name)).to.include("acme-prod-deployer");
        const addons = Object.fromEntries(plan.ofType("aws:eks/addon:Addon").map((a) => [String(a.props.addonName), a.props.addonVersion]));
        expect(addons["kube-proxy"]).to.equal(eksAddonVersion("kubeProxy", "1.35"));
        expect(addons["coredns"]).to.equal(eksAddonVersion("coreDns", "1.35"));
        expect(addons["vpc-cni"]).to.equal(eksAddonVersion("vpcCni", "1.35"));
    });

    it("azure-prod: the vault and storage accounts are closed to the internet, audit, container and flow logs are on", async () => {
        const plan = await planOf("azure-prod");
        expect(at(plan.one("azure-native:keyvault:Vault").props, "properties.publicNetworkAccess")).to.equal("Disabled");
        const accounts = plan.ofType("azure-native:storage:StorageAccount");
        expect(accounts.length).to.be.greaterThan(1);
        for (const account of accounts) {
            expect(at(account.props, "networkRuleSet.defaultAction"), account.name).to.equal("Deny");
            expect(at(account.props, "encryption.keySource"), account.name).to.equal("Microsoft.Keyvault");
        }
        expect(at(plan.one("azure-native:containerservice:ManagedCluster").props, "addonProfiles.omsagent.enabled")).to.equal(true);
        expect(plan.ofType("azure-native:monitor:DataCollectionRuleAssociation")).to.have.length(1);
        expect(plan.ofType("azure-native:network:FlowLog")).to.have.length(1);
        const categories = (plan.one("azure-native:monitor:DiagnosticSetting").props.logs as { category: string }[]).map((l) => l.category);
        expect(categories).to.include("kube-audit");
    });

    it("gcp-prod: the firewall lets the private control plane reach every webhook port a platform pod serves", async () => {
        const plan = await planOf("gcp-prod");
        const served = plan
            .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .filter((p) => at(p.props, "metadata.name") === "allow-apiserver-webhooks")
            .flatMap((p) => (at(p.props, "spec.ingress.0.ports") as { port: number }[]).map((port) => String(port.port)));
        expect(served.length, "webhook ports of the platform's pods").to.be.greaterThan(0);
        const open = [...webhookPorts, "443", "10250"];
        expect([...new Set(served)].filter((port) => !open.includes(port))).to.deep.equal([]);
    });
});
