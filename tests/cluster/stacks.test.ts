import { expect } from "chai";
import { planShippedStack } from "../harness";
import { at } from "./helpers";

/** Per cloud: the cluster type, and whether its planned inputs expose a public API endpoint. */
const clusters = {
    "aws-prod": { type: "aws:eks/cluster:Cluster", publicEndpoint: (p: Record<string, unknown>) => at(p, "vpcConfig.endpointPublicAccess") !== false },
    "azure-prod": { type: "azure-native:containerservice:ManagedCluster", publicEndpoint: (p: Record<string, unknown>) => at(p, "apiServerAccessProfile.enablePrivateCluster") !== true },
    "gcp-prod": { type: "gcp:container/cluster:Cluster", publicEndpoint: (p: Record<string, unknown>) => at(p, "privateClusterConfig.enablePrivateEndpoint") !== true },
} as const;

describe("shipped prod stacks", () => {
    for (const [stack, c] of Object.entries(clusters)) {
        it(`${stack}: the cluster is private, protected, and its keys are kept on destroy`, async () => {
            const plan = await planShippedStack(stack);
            const cluster = plan.one(c.type);
            expect(c.publicEndpoint(cluster.props), "public endpoint").to.equal(false);
            expect(cluster.protect).to.equal(true);
            const keys = plan.resources.filter((r) => ["aws:kms/key:Key", "azure-native:keyvault:Key", "gcp:kms/cryptoKey:CryptoKey"].includes(r.type));
            expect(keys.length).to.be.greaterThan(0);
            for (const key of keys) {
                expect(key.protect && key.retainOnDelete, key.name).to.equal(true);
            }
            const pools = plan.resources.filter((r) => ["aws:eks/nodeGroup:NodeGroup", "azure-native:containerservice:AgentPool", "gcp:container/nodePool:NodePool"].includes(r.type));
            expect(pools.length).to.be.greaterThan(0);
        });
    }
});
