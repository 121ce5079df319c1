/**
 * The read-only preview identity (`pipeline.previewIdentity`) gets read access inside the cluster,
 * declared by the program: on every managed cloud one ClusterRole that only reads, bound to the
 * identity the way that cloud presents it to Kubernetes; and the policy pack accepts that role while
 * still rejecting any wildcard role that could write.
 */
import { expect } from "chai";
import { previewRoleName } from "../../modules/cluster/preview-access";
import { compileRule } from "../../policy-pack/cel/engine";
import { kubernetesRules } from "../../policy-pack/policies/kubernetes";
import { planShippedStack } from "../harness";
import { at, awsConfig, azureConfig, ClusterPlan, gcpConfig, planCluster } from "./helpers";

const identities = {
    aws: { type: "awsRole", arn: "arn:aws:iam::111122223333:role/platform-preview" },
    azure: { type: "entraGroup", objectId: "0b6c3f2e-1d4a-4c8b-9e7f-2a5d6c8e1f30" },
    gcp: { type: "googleServiceAccount", email: "platform-preview@acme-platform-prod.iam.gserviceaccount.com" },
};

function readerRole(plan: ClusterPlan<undefined>) {
    return plan.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "acme-preview");
}
function binding(plan: ClusterPlan<undefined>) {
    return plan.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "acme-preview");
}

describe("the preview identity reads the cluster, and only reads", function () {
    this.timeout(300_000);
    const plans = new Map<string, ClusterPlan<undefined>>();
    before(async () => {
        plans.set("aws", await planCluster({ ...awsConfig("prod"), pipeline: { runner: ["self-hosted", "linux"], previewIdentity: identities.aws } }));
        plans.set("azure", await planCluster({ ...azureConfig("prod"), pipeline: { runner: ["self-hosted", "linux"], previewIdentity: identities.azure } }));
        plans.set("gcp", await planCluster({ ...gcpConfig("prod"), pipeline: { runner: ["self-hosted", "linux"], previewIdentity: identities.gcp } }));
    });

    it("on every cloud one ClusterRole that gets, lists and watches, with no write verb and no subresource", () => {
        for (const [cloud, plan] of plans) {
            const role = readerRole(plan);
            expect(at(role.props, "metadata.name"), cloud).to.equal(previewRoleName);
            const rules = role.props.rules as { verbs: string[]; resources: string[] }[];
            expect(rules.flatMap((r) => r.verbs).sort(), cloud).to.deep.equal(["get", "list", "watch"]);
            expect(
                rules.flatMap((r) => r.resources).some((r) => r.includes("/")),
                `${cloud}: no subresource such as pods/exec`,
            ).to.equal(false);
            expect(at(binding(plan).props, "roleRef.name"), cloud).to.equal(previewRoleName);
        }
    });

    it("EKS: an access entry puts the role in the platform-preview group, with no EKS access policy (nothing beyond the ClusterRole)", () => {
        const plan = plans.get("aws")!;
        const entry = plan.one("aws:eks/accessEntry:AccessEntry", "acme-preview");
        expect(entry.props.principalArn).to.equal(identities.aws.arn);
        expect(entry.props.kubernetesGroups).to.deep.equal([previewRoleName]);
        expect(plan.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => a.props.principalArn)).to.not.include(identities.aws.arn);
        expect(binding(plan).props.subjects).to.deep.equal([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: previewRoleName }]);
    });

    it("AKS: the Cluster User role on this cluster only, and the ClusterRole bound to the group's object id", () => {
        const plan = plans.get("azure")!;
        const user = plan.one("azure-native:authorization:RoleAssignment", "acme-preview-user");
        expect(user.props.principalId).to.equal(identities.azure.objectId);
        expect(user.props.principalType).to.equal("Group");
        expect(String(user.props.roleDefinitionId)).to.match(/\/roleDefinitions\/4abbcc35-e782-43d8-92c5-2d3f1bd2253f$/);
        expect(String(user.props.scope)).to.match(/managedClusters/);
        expect(binding(plan).props.subjects).to.deep.equal([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: identities.azure.objectId }]);
    });

    it("GKE: roles/container.clusterViewer on the project (no other role), and the ClusterRole bound to the account's email", () => {
        const plan = plans.get("gcp")!;
        const viewer = plan.one("gcp:projects/iAMMember:IAMMember", "acme-preview-viewer");
        expect(viewer.props.role).to.equal("roles/container.clusterViewer");
        expect(viewer.props.member).to.equal(`serviceAccount:${identities.gcp.email}`);
        expect(binding(plan).props.subjects).to.deep.equal([{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: identities.gcp.email }]);
    });

    it("without a preview identity nothing is declared", async () => {
        const plan = await planCluster(gcpConfig("dev"));
        expect(plan.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole").map((r) => at(r.props, "metadata.name"))).to.not.include(previewRoleName);
    });

    it("every shipped prod stack declares its preview identity's access and plans with no mandatory violation", async () => {
        for (const stack of ["aws-prod", "azure-prod", "gcp-prod"]) {
            const plan = await planShippedStack(stack);
            expect(
                plan.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").map((r) => at(r.props, "metadata.name")),
                stack,
            ).to.include(previewRoleName);
            expect(
                plan.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`),
                stack,
            ).to.deep.equal([]);
        }
    });

    describe("the pack accepts the read-only role and nothing like it that could write (N5)", () => {
        const n5 = kubernetesRules.find((r) => r.name === "disallow-rbac-wildcards")!;
        const role = (kind: string, name: string, verbs: string[]) => ({
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind,
            metadata: { name, ...(kind === "Role" ? { namespace: "payments" } : {}) },
            rules: [{ apiGroups: ["*"], resources: ["*"], verbs }],
        });
        const compiled = compileRule(n5);
        const denied = (o: Record<string, unknown>) => compiled.evaluate(o, undefined).length > 0;

        it("the platform's read-only ClusterRole passes", () => {
            expect(denied(role("ClusterRole", previewRoleName, ["get", "list", "watch"]))).to.equal(false);
        });
        it("the same name with a write verb, a namespaced Role of that name, or another name is still denied", () => {
            expect(denied(role("ClusterRole", previewRoleName, ["get", "list", "watch", "patch"]))).to.equal(true);
            expect(denied(role("Role", previewRoleName, ["get", "list", "watch"]))).to.equal(true);
            expect(denied(role("ClusterRole", "reader", ["get", "list", "watch"]))).to.equal(true);
        });
    });
});
