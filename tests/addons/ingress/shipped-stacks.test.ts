/**
 * Issue 4's acceptance, as rules over every shipped cloud stack planned with the real cluster
 * modules: the CSI driver with its scoped identity, exactly one default encrypted StorageClass, the
 * ingress release with hardened values (or Contour with Gateway API resources), exactly one Service
 * of type LoadBalancer, and a teardown order that removes it before the network.
 */
import { expect } from "chai";
import { shippedStacks, readStackFile, stackFilePath } from "../../../modules/config";
import { defaultClassAnnotation } from "../../../modules/addons/storage";
import { planShippedStack, PlanResult } from "../../harness";

type Obj = Record<string, unknown>;
const get = (o: unknown, path: string[]): unknown => path.reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

const networkType = { aws: "aws:ec2/vpc:Vpc", azure: "azure-native:network:VirtualNetwork", gcp: "gcp:compute/network:Network" } as const;
const encryption = { aws: "kmsKeyId", azure: "diskEncryptionSetID", gcp: "disk-encryption-kms-key" } as const;

function cloudOf(stack: string): "aws" | "azure" | "gcp" | "existing" {
    const cluster = readStackFile(stackFilePath(stack)).values["platform:cluster"] as { cloud: "aws" | "azure" | "gcp" | "existing" };
    return cluster.cloud;
}

const cloudStacks = shippedStacks().filter((s) => cloudOf(s) !== "existing");

describe("shipped cloud stacks: storage and routing acceptance", () => {
    it("there are shipped stacks for every cloud, and every prod stack runs the maintained controller (Envoy Gateway)", () => {
        expect(new Set(cloudStacks.map(cloudOf))).to.deep.equal(new Set(["aws", "azure", "gcp"]));
        const prodStacks = cloudStacks.filter((s) => readStackFile(stackFilePath(s)).values["platform:environment"] === "prod");
        expect(new Set(prodStacks.map(cloudOf))).to.deep.equal(new Set(["aws", "azure", "gcp"]));
        for (const s of prodStacks) {
            expect(get(readStackFile(stackFilePath(s)).values["platform:ingress"], ["controller"]), s).to.equal("envoyGateway");
        }
    });

    for (const stack of cloudStacks) {
        const cloud = cloudOf(stack) as "aws" | "azure" | "gcp";
        let plan: PlanResult;
        before(async () => {
            plan = await planShippedStack(stack);
        });

        it(`${stack}: the CSI driver runs with its own scoped identity (or is the cloud's built-in driver)`, () => {
            if (cloud === "aws") {
                const driver = plan.ofType("aws:eks/addon:Addon").find((a) => a.props.addonName === "aws-ebs-csi-driver");
                expect(driver, "aws-ebs-csi-driver managed add-on").to.not.equal(undefined);
                const role = plan
                    .ofType("aws:iam/role:Role")
                    .find((r) => String(r.props.assumeRolePolicy).includes("system:serviceaccount:kube-system:ebs-csi-controller-sa"));
                expect(role, "a role trusted only by the driver's service account").to.not.equal(undefined);
                expect(String(role?.props.assumeRolePolicy)).to.include("StringEquals");
                expect(driver?.dependencies).to.include(role?.urn);
                expect(plan.ofType("aws:eks/addon:Addon").map((a) => a.props.addonName)).to.include("snapshot-controller");
            } else if (cloud === "azure") {
                const aks = plan.ofType("azure-native:containerservice:ManagedCluster")[0];
                expect(get(aks.props, ["storageProfile", "diskCSIDriver", "enabled"])).to.equal(true);
            } else {
                const gke = plan.ofType("gcp:container/cluster:Cluster")[0];
                expect(get(gke.props, ["addonsConfig", "gcePersistentDiskCsiDriverConfig", "enabled"])).to.equal(true);
            }
        });

        it(`${stack}: exactly one default StorageClass, and it is encrypted with the stack's key`, () => {
            const defaults = plan
                .ofType("kubernetes:storage.k8s.io/v1:StorageClass")
                .filter((c) => get(c.props, ["metadata", "annotations", defaultClassAnnotation]) === "true");
            expect(defaults).to.have.length(1);
            const value = (defaults[0].props.parameters as Obj)[encryption[cloud]];
            expect(value, encryption[cloud]).to.be.a("string").and.not.equal("");
            expect(defaults[0].props.reclaimPolicy).to.equal(stack.endsWith("prod") ? "Retain" : "Delete");
        });

        it(`${stack}: exactly one Service of type LoadBalancer, removed before the network on destroy`, () => {
            const lbs = plan.ofType("kubernetes:core/v1:Service").filter((s) => get(s.props, ["spec", "type"]) === "LoadBalancer");
            expect(lbs).to.have.length(1);
            if (cloud === "aws") {
                // An NLB the EKS cloud controller creates itself: no AWS Load Balancer Controller needed.
                expect(get(lbs[0].props, ["metadata", "annotations", "service.beta.kubernetes.io/aws-load-balancer-type"])).to.equal("nlb");
            }
            const networks = plan.ofType(networkType[cloud]);
            expect(networks.length).to.be.greaterThan(0);
            const deps = plan.transitiveDependencies(lbs[0].urn);
            for (const n of networks) {
                expect(deps.has(n.urn), `the LB Service waits for ${n.name}`).to.equal(true);
            }
        });

        it(`${stack}: the ingress controller is hardened (nginx) or a Gateway API controller with its Gateway API resources`, () => {
            const [nginx] = plan.releases("ingress-nginx");
            const contour = plan.releases("contour").find((r) => r.props.name === "contour");
            const [envoyGateway] = plan.releases("gateway-helm");
            expect([nginx, contour, envoyGateway].filter(Boolean), "one controller").to.have.length(1);
            if (nginx) {
                const v = nginx.props.values as Obj;
                expect(get(v, ["controller", "allowSnippetAnnotations"])).to.equal(false);
                expect(get(v, ["controller", "config", "annotations-risk-level"])).to.not.equal("Critical");
                expect(get(v, ["controller", "admissionWebhooks", "enabled"])).to.equal(true);
                expect(get(v, ["controller", "metrics", "enabled"])).to.equal(true);
            } else {
                expect(plan.ofType("kubernetes:gateway.networking.k8s.io/v1:GatewayClass")).to.have.length(1);
                expect(plan.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway")).to.have.length(1);
            }
            const replicas = envoyGateway
                ? (get(plan.ofType("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy")[0]?.props, [
                      "spec",
                      "provider",
                      "kubernetes",
                      "envoyDeployment",
                      "replicas",
                  ]) as number)
                : (get((nginx ?? contour)?.props.values, nginx ? ["controller", "replicaCount"] : ["envoy", "replicaCount"]) as number);
            if (stack.endsWith("prod")) {
                expect(replicas).to.be.at.least(3);
            }
        });

        it(`${stack}: the ingress data plane spreads across zones and nodes (strictly in prod) and runs above tenant workloads`, () => {
            const [nginx] = plan.releases("ingress-nginx");
            const contour = plan.releases("contour").find((r) => r.props.name === "contour");
            const proxy = plan.ofType("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy")[0];
            const pod = proxy
                ? (get(proxy.props, ["spec", "provider", "kubernetes", "envoyDeployment", "pod"]) as Obj)
                : ((nginx ? get(nginx.props.values, ["controller"]) : get(contour?.props.values, ["envoy"])) as Obj);
            const spread = (pod.topologySpreadConstraints ?? []) as Obj[];
            if (stack.endsWith("prod")) {
                expect(spread.map((c) => `${String(c.topologyKey)}=${String(c.whenUnsatisfiable)}`).sort()).to.deep.equal([
                    "kubernetes.io/hostname=DoNotSchedule",
                    "topology.kubernetes.io/zone=DoNotSchedule",
                ]);
            }
            expect(pod.priorityClassName).to.equal("platform-critical");
        });

        it(`${stack}: no mandatory policy violation`, () => {
            expect(plan.mandatoryViolations.map((v) => `${v.policy}: ${v.name}: ${v.message}`)).to.deep.equal([]);
        });

        it(`${stack}: external-dns runs as an identity scoped to the stack's zones`, () => {
            const [release] = plan.releases("external-dns");
            expect(release, "external-dns release").to.not.equal(undefined);
            const zones = get(readStackFile(stackFilePath(stack)).values["platform:dns"], ["zones"]) as { id: string }[];
            const ids = zones.map((z) => z.id);
            const text = JSON.stringify(plan.resources.filter((r) => /role|iam|RoleAssignment/i.test(r.type)).map((r) => r.props));
            for (const id of ids) {
                expect(text, `a grant on ${id}`).to.include(id);
            }
        });
    }
});
