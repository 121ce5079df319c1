import { expect } from "chai";
import { namespacePolicies } from "../../../modules/addons/security/network-policies";
import { platformRoles, securityForTenancy } from "../../../modules/addons/security";
import { localConfig, planConfig, planShippedStack, PlanResult } from "../../harness";
import { at } from "./fixtures";

const names = (ps: ReturnType<typeof namespacePolicies>) => ps.map((p) => p.name);

describe("platform network policies", () => {
    const base = { apiServerCidrs: ["0.0.0.0/0"], ingressNamespace: "ingress-nginx", prometheusNamespace: "monitoring" };

    it("every namespace starts from default-deny and gets DNS, the API server, itself and Prometheus scraping", () => {
        const ps = namespacePolicies({ ...base, namespace: "rbac-manager", charts: ["rbacManager"] });
        expect(names(ps)).to.deep.equal(["default-deny", "allow-dns", "allow-apiserver", "allow-same-namespace", "allow-prometheus-scrape"]);
        expect(ps[0].spec).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    it("webhooks are reachable by the API server only on their ports; ACME egress only on 80/443", () => {
        const ps = namespacePolicies({ ...base, namespace: "cert-manager", charts: ["certManager"] });
        const webhook = ps.find((p) => p.name === "allow-apiserver-webhooks");
        expect(webhook?.spec.ingress?.[0].ports).to.deep.equal([{ port: 10250, protocol: "TCP" }]);
        const egress = ps.find((p) => p.name === "allow-egress-external");
        expect(egress?.spec.egress?.[0].ports?.map((p) => p.port)).to.deep.equal([80, 443]);
        expect(names(ps)).to.not.include("allow-egress-cluster");
    });

    it("services behind the ingress accept traffic only from the ingress controller's namespace", () => {
        const ps = namespacePolicies({ ...base, namespace: "dex", charts: ["dex"] });
        const fromIngress = ps.find((p) => p.name === "allow-from-ingress");
        expect(fromIngress?.spec.ingress?.[0].from).to.deep.equal([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }]);
        expect(fromIngress?.spec.ingress?.[0].ports).to.deep.equal([{ port: 5556, protocol: "TCP" }]);
    });

    it("the ingress controller is public on 80/443 and reaches every namespace's backends", () => {
        const ps = namespacePolicies({ ...base, namespace: "ingress-nginx", charts: ["ingressNginx"] });
        expect(ps.find((p) => p.name === "allow-public")?.spec.ingress?.[0].ports?.map((p) => p.port)).to.deep.equal([80, 443]);
        expect(names(ps)).to.include("allow-egress-cluster");
    });

    it("the API server CIDRs narrow API egress when configured", () => {
        const ps = namespacePolicies({ ...base, apiServerCidrs: ["10.0.0.0/28"], namespace: "vault", charts: ["vault"] });
        expect(ps.find((p) => p.name === "allow-apiserver")?.spec.egress?.[0].to).to.deep.equal([{ ipBlock: { cidr: "10.0.0.0/28" } }]);
    });

    it("tenancy gets the role names and the ingress/Prometheus namespace selectors from what is installed", () => {
        const fake = {
            installed: [
                { chart: "ingressNginx", namespace: "ingress-nginx" },
                { chart: "kubePrometheusStack", namespace: "monitoring" },
            ],
        } as never;
        const t = securityForTenancy(fake);
        expect(t.roles).to.equal(platformRoles);
        expect(t.roles.tenantAdmin).to.equal("platform-tenant-admin");
        expect(t.peers.ingressController).to.deep.equal({ matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } });
        expect(t.peers.prometheus).to.deep.equal({ matchLabels: { "kubernetes.io/metadata.name": "monitoring" } });
        expect(securityForTenancy({ installed: [] } as never).peers).to.deep.equal({});
    });
});

describe("platform pods' egress to the API server", () => {
    const apiEgress = (plan: PlanResult) => {
        const policies = plan.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((p) => at(p.props, "metadata.name") === "allow-apiserver");
        expect(policies.length, "allow-apiserver policies").to.be.greaterThan(3);
        const targets = new Set(policies.map((p) => JSON.stringify((at(p.props, "spec.egress.0.to") as { ipBlock: { cidr: string } }[]).map((t) => t.ipBlock.cidr))));
        expect(targets.size, "every namespace allows the same addresses").to.equal(1);
        return JSON.parse([...targets][0]) as string[];
    };

    it("on EKS goes only to the VPC (the control plane's interfaces) and the `kubernetes` Service address", async () => {
        expect(apiEgress(await planShippedStack("aws-dev"))).to.deep.equal(["10.10.0.0/16", "172.20.0.1/32"]);
    });

    it("on GKE goes only to the control plane's /28 and the `kubernetes` Service address", async () => {
        expect(apiEgress(await planShippedStack("gcp-dev"))).to.deep.equal(["172.16.0.0/28", "10.36.0.1/32"]);
    });

    it("on AKS, whose API server address the program cannot know, stays open on the API ports until configured", async () => {
        expect(apiEgress(await planShippedStack("azure-dev"))).to.deep.equal(["0.0.0.0/0"]);
        const narrowed = await planConfig(localConfig({ security: { networkPolicies: { apiServerCidrs: ["192.0.2.10/32"] } } }));
        expect(apiEgress(narrowed)).to.deep.equal(["192.0.2.10/32"]);
    });
});
