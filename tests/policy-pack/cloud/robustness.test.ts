/**
 * A policy that throws fails the whole `pulumi preview` with an RPC error instead of reporting a
 * violation. The Helm, cluster, storage and stack rules never throw, whatever shape the inputs have.
 */
import { expect } from "chai";
import { cloudPolicies } from "../../../policy-pack/policies/cloud";
import { helmPolicies } from "../../../policy-pack/policies/helm";
import { stackPolicies } from "../../../policy-pack/policies/stack";
import { storagePolicies } from "../../../policy-pack/policies/storage";
import { EngineResource, runPolicies } from "../../../policy-pack/lib/engine";

const mine = [...helmPolicies, ...cloudPolicies, ...storagePolicies, ...stackPolicies];
const types = [
    "kubernetes:helm.sh/v3:Release",
    "kubernetes:helm.sh/v4:Chart",
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "azure-native:containerservice:ManagedCluster",
    "azure-native:containerservice:AgentPool",
    "aws:kms/key:Key",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:cloudwatch/logGroup:LogGroup",
    "azure-native:keyvault:Vault",
    "azure-native:storage:StorageAccount",
    "azure-native:monitor:DiagnosticSetting",
    "gcp:container/cluster:Cluster",
    "gcp:container/nodePool:NodePool",
    "kubernetes:storage.k8s.io/v1:StorageClass",
    "kubernetes:core/v1:PersistentVolumeClaim",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:core/v1:Namespace",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    "kubernetes:core/v1:ResourceQuota",
    "kubernetes:core/v1:LimitRange",
];
/** Every input name the rules read, each given a value of the wrong shape. */
const fields = [
    "chart",
    "version",
    "devel",
    "repositoryOpts",
    "values",
    "namespace",
    "metadata",
    "plainHttp",
    "vpcConfig",
    "encryptionConfig",
    "enabledClusterLogTypes",
    "remoteAccess",
    "launchTemplate",
    "metadataOptions",
    "apiServerAccessProfile",
    "aadProfile",
    "disableLocalAccounts",
    "networkProfile",
    "securityProfile",
    "agentPoolProfiles",
    "enableNodePublicIP",
    "privateClusterConfig",
    "masterAuthorizedNetworksConfig",
    "databaseEncryption",
    "masterAuth",
    "workloadIdentityConfig",
    "nodeConfig",
    "nodePools",
    "controlPlaneEndpointsConfig",
    "networkPolicy",
    "loggingConfig",
    "provisioner",
    "parameters",
    "spec",
    "accessConfig",
    "policy",
    "bucket",
    "rules",
    "kmsKeyId",
    "name",
    "properties",
    "publicNetworkAccess",
    "networkRuleSet",
    "encryption",
    "logs",
    "accountName",
    "vaultName",
];
const shapes: unknown[] = [null, "x", 7, true, [], ["x", null, 3], { x: [null] }];

function resources(props: Record<string, unknown>): EngineResource[] {
    return types.map((type, i) => ({ urn: `urn:pulumi:t::p::${type}::r${i}`, type, name: `r${i}`, props }));
}

describe("Helm, cluster, storage and stack rules on malformed inputs", () => {
    it("never throw on empty inputs", async () => {
        await runPolicies(mine, resources({}));
    });

    for (const shape of shapes) {
        it(`never throw when every input is ${JSON.stringify(shape)}`, async () => {
            const props = Object.fromEntries(fields.map((f) => [f, shape]));
            const violations = await runPolicies(mine, resources(props));
            expect(violations.every((v) => typeof v.message === "string" && v.message.length > 20)).to.equal(true);
        });
    }
});
