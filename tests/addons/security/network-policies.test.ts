import { expect } from "chai";
import { namespacePolicies } from "../../../modules/addons/network-policies";
import { localConfig, planConfig, planShippedStack, PlanResult } from "../../harness";
import { at } from "./fixtures";

const names = (ps: ReturnType<typeof namespacePolicies>) => ps.map((p) => p.name);

describe("platform network policies", () => {
    const base = { apiServerCidrs: ["0.0.0.0/0"], ingressNamespace: "ingress-nginx", prometheusNamespace: "monitoring" };

    it("every namespace starts from default-deny and gets DNS, the API server, itself and Prometheus scraping", () => {
        const ps = namespacePolicies({ ...base, namespace: "rbac-manager", traffic: [{}] });
        expect(names(ps)).to.deep.equal(["default-deny", "allow-dns", "allow-apiserver", "allow-same-namespace", "allow-prometheus-scrape"]);
        expect(ps[0].spec).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    it("webhooks are reachable by the API server only on their ports; ACME egress only on 80/443", () => {
        const ps = namespacePolicies({ ...base, namespace: "cert-manager", traffic: [{ webhookPorts: [10250], internetEgressPorts: [80, 443] }] });
        const webhook = ps.find((p) => p.name === "allow-apiserver-webhooks");
        expect(webhook?.spec.ingress?.[0].ports).to.deep.equal([{ port: 10250, protocol: "TCP" }]);
        const egress = ps.find((p) => p.name === "allow-egress-external");
        expect(egress?.spec.egress?.[0].ports?.map((p) => p.port)).to.deep.equal([80, 443]);
        expect(names(ps)).to.not.include("allow-egress-cluster");
    });

    it("services behind the ingress accept traffic only from the ingress controller's namespace", () => {
        const ps = namespacePolicies({ ...base, namespace: "dex", traffic: [{ ingressPorts: [5556], internetEgressPorts: [443, 636] }] });
        const fromIngress = ps.find((p) => p.name === "allow-from-ingress");
        expect(fromIngress?.spec.ingress?.[0].from).to.deep.equal([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }]);
        expect(fromIngress?.spec.ingress?.[0].ports).to.deep.equal([{ port: 5556, protocol: "TCP" }]);
    });

    it("the ingress controller is public on 80/443 and reaches tenants' backends and the platform's UIs only on their ports", () => {
        const platform = [
            { name: "ingress-nginx", charts: ["ingressNginx" as const], traffic: [] },
            { name: "dex", charts: ["dex" as const], traffic: [{ ingressPorts: [5556] }] },
            { name: "vault", charts: ["vault" as const], traffic: [{ clusterPorts: [8200] }] },
        ];
        const ps = namespacePolicies({
            ...base,
            namespace: "ingress-nginx",
            platform,
            tenantPorts: { service: [8080, 443], metrics: [9090] },
            traffic: [{ publicPorts: [80, 443], webhookPorts: [8443], egress: [{ to: "tenants", ports: "service" }, { to: "ingressBackends" }] }],
        });
        expect(ps.find((p) => p.name === "allow-public")?.spec.ingress?.[0].ports?.map((p) => p.port)).to.deep.equal([80, 443]);
        expect(ps.find((p) => p.name === "allow-egress-targets")?.spec.egress).to.deep.equal([
            {
                to: [{ namespaceSelector: { matchExpressions: [{ key: "platform.io/tenant", operator: "Exists" }] } }],
                ports: [443, 8080, 8089].map((port) => ({ port, protocol: "TCP" })),
            },
            { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "dex" } } }], ports: [{ port: 5556, protocol: "TCP" }] },
        ]);
    });

    it("the API server CIDRs narrow API egress when configured", () => {
        const ps = namespacePolicies({
            ...base,
            apiServerCidrs: ["10.0.0.0/28"],
            namespace: "vault",
            traffic: [{ clusterPorts: [8200], webhookPorts: [8080], internetEgressPorts: [443] }],
        });
        expect(ps.find((p) => p.name === "allow-apiserver")?.spec.egress?.[0].to).to.deep.equal([{ ipBlock: { cidr: "10.0.0.0/28" } }]);
    });

    it("two charts in one namespace get the union of their profiles", () => {
        const ps = namespacePolicies({
            ...base,
            namespace: "monitoring",
            traffic: [{ clusterPorts: [9090] }, { clusterPorts: [10901], internetEgressPorts: [443] }],
        });
        expect(ps.find((p) => p.name === "allow-from-cluster")?.spec.ingress?.[0].ports?.map((p) => p.port)).to.deep.equal([9090, 10901]);
        expect(names(ps)).to.include("allow-egress-external");
    });

    it("every platform namespace of the plan gets default-deny, and each chart's declared ports open where it runs", async () => {
        const plan = await planConfig(
            localConfig({
                identity: {
                    provider: "dex",
                    issuer: "https://dex.example.com",
                    connectors: [{ type: "github", id: "gh", name: "GitHub", clientId: "x", clientSecret: "s", orgs: [{ name: "acme" }] }],
                },
            }),
            { secretSections: ["identity"] },
        );
        const policies = plan
            .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .filter((p) => (at(p.props, "metadata.labels") as Record<string, string>)["platform.io/managed-by"] === "platform-network-policies");
        const byNamespace = new Map<string, string[]>();
        for (const p of policies) {
            const ns = String(at(p.props, "metadata.namespace"));
            byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), String(at(p.props, "metadata.name"))]);
        }
        for (const ns of ["cert-manager", "vault", "falco", "dex", "ingress-nginx", "monitoring", "monitoring-agents", "gatekeeper-system", "rbac-manager"]) {
            expect(byNamespace.get(ns), ns).to.include("default-deny");
        }
        const dexFromIngress = policies.find((p) => at(p.props, "metadata.namespace") === "dex" && at(p.props, "metadata.name") === "allow-from-ingress");
        expect(at(dexFromIngress?.props, "spec.ingress.0.ports")).to.deep.equal([{ port: 5556, protocol: "TCP" }]);
        const vaultFromCluster = policies.find((p) => at(p.props, "metadata.namespace") === "vault" && at(p.props, "metadata.name") === "allow-from-cluster");
        expect(at(vaultFromCluster?.props, "spec.ingress.0.ports")).to.deep.equal([{ port: 8200, protocol: "TCP" }]);
    });
});

describe("platform pods' egress to the API server", () => {
    const apiEgress = (plan: PlanResult) => {
        const policies = plan.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((p) => at(p.props, "metadata.name") === "allow-apiserver");
        expect(policies.length, "allow-apiserver policies").to.be.greaterThan(3);
        const targets = new Set(
            policies.map((p) => JSON.stringify((at(p.props, "spec.egress.0.to") as { ipBlock: { cidr: string } }[]).map((t) => t.ipBlock.cidr))),
        );
        expect(targets.size, "every namespace allows the same addresses").to.equal(1);
        return JSON.parse([...targets][0]) as string[];
    };

    it("on EKS goes only to the VPC (the control plane's interfaces) and the `kubernetes` Service address", async () => {
        expect(apiEgress(await planShippedStack("aws-dev"))).to.deep.equal(["10.10.0.0/16", "172.20.0.1/32"]);
    });

    it("on GKE goes only to the control plane's /28 and the `kubernetes` Service address", async () => {
        expect(apiEgress(await planShippedStack("gcp-dev"))).to.deep.equal(["172.16.0.0/28", "10.36.0.1/32"]);
    });

    it("on AKS goes only to the API server subnet (API Server VNet Integration) and the `kubernetes` Service address", async () => {
        expect(apiEgress(await planShippedStack("azure-dev"))).to.deep.equal(["10.20.64.0/28", "10.96.0.1/32"]);
    });

    it("on an existing cluster, whose API server address the program cannot know, stays open on the API ports until configured", async () => {
        const narrowed = await planConfig(localConfig({ security: { networkPolicies: { apiServerCidrs: ["192.0.2.10/32"] } } }));
        expect(apiEgress(narrowed)).to.deep.equal(["192.0.2.10/32"]);
    });
});
