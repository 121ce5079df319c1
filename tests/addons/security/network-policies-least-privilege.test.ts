/**
 * Network policies allow what is needed and nothing more (issue 17), over the shipped stacks' plans
 * and a tenant variant: DNS only to kube-dns and the link-local resolvers; no platform namespace
 * reaches every namespace; Prometheus reaches the kubelet and node-exporter on the node network;
 * tenants reach Vault and the OpenTelemetry collector, when installed, on their ports only.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { planConfig, planShippedStack, PlanResult, shippedWith } from "../../harness";
import type { RecordedResource } from "../../../modules/plan";

const policyType = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const managedBy = "platform-network-policies";
const tenantDnsPeers = [
    { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
    { ipBlock: { cidr: "169.254.20.10/32" } },
    { ipBlock: { cidr: "169.254.169.254/32" } },
];

interface Rule {
    to?: Record<string, unknown>[];
    ports?: { port: number; protocol?: string }[];
}

function meta(r: RecordedResource): { name: string; namespace: string; labels?: Record<string, string> } {
    return r.props.metadata as { name: string; namespace: string; labels?: Record<string, string> };
}

function egressRules(r: RecordedResource): Rule[] {
    return ((r.props.spec as { egress?: Rule[] }).egress ?? []) as Rule[];
}

/** The shipped stacks (stacks/Pulumi.<stack>.yaml). */
function shippedStacks(): string[] {
    const dir = path.join(__dirname, "..", "..", "..", "stacks");
    return fs
        .readdirSync(dir)
        .flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? [])
        .sort();
}

const platformPolicies = (plan: PlanResult) => plan.ofType(policyType).filter((p) => meta(p).labels?.["platform.io/managed-by"] === managedBy);

/** A shipped stack with the given extra sections, as its stack file gives them. */

describe("network policies: least privilege on every shipped stack", function () {
    this.timeout(600_000);
    const plans = new Map<string, PlanResult>();
    before(async () => {
        for (const stack of shippedStacks()) {
            plans.set(stack, await planShippedStack(stack));
        }
    });

    it("no platform namespace may egress to every namespace, nor open egress with no destination", () => {
        for (const [stack, plan] of plans) {
            const policies = platformPolicies(plan);
            expect(policies.length, stack).to.be.greaterThan(0);
            for (const p of policies) {
                for (const rule of egressRules(p)) {
                    const where = `${stack} ${meta(p).namespace}/${meta(p).name}`;
                    expect(rule.to, `${where}: an egress rule without destinations allows every destination`).to.be.an("array").with.length.greaterThan(0);
                    for (const peer of rule.to ?? []) {
                        const ns = peer.namespaceSelector as Record<string, unknown> | undefined;
                        expect(ns !== undefined && Object.keys(ns).length === 0, `${where}: egress to every namespace`).to.equal(false);
                    }
                }
            }
        }
    });

    it("every in-cluster egress rule of a platform namespace names its ports, except Prometheus to named platform namespaces", () => {
        for (const [stack, plan] of plans) {
            for (const p of platformPolicies(plan).filter((x) => meta(x).name === "allow-egress-targets")) {
                for (const rule of egressRules(p)) {
                    const namedNamespaces = (rule.to ?? []).every((peer) => {
                        const labels = (peer.namespaceSelector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
                        return labels !== undefined && typeof labels["kubernetes.io/metadata.name"] === "string" && peer.podSelector === undefined;
                    });
                    if (!namedNamespaces) {
                        expect(rule.ports, `${stack} ${meta(p).namespace}: ${JSON.stringify(rule.to)}`)
                            .to.be.an("array")
                            .with.length.greaterThan(0);
                    }
                }
            }
        }
    });

    it("DNS egress goes only to the kube-dns pods and the link-local resolvers, on port 53, in every platform namespace", () => {
        for (const [stack, plan] of plans) {
            const dns = platformPolicies(plan).filter((p) => meta(p).name === "allow-dns");
            expect(dns.length, stack).to.be.greaterThan(3);
            for (const p of dns) {
                expect(egressRules(p), `${stack} ${meta(p).namespace}`).to.deep.equal([
                    {
                        to: tenantDnsPeers,
                        ports: [
                            { protocol: "UDP", port: 53 },
                            { protocol: "TCP", port: 53 },
                        ],
                    },
                ]);
            }
        }
    });

    it("Prometheus reaches the kubelet (10250) and node-exporter (9100) on the node network, and the ingress controller no namespace wholesale", () => {
        const nodeCidr: Record<string, string> = { "aws-dev": "10.10.0.0/16", "aws-prod": "10.50.0.0/16" };
        for (const [stack, plan] of plans) {
            const monitoring = platformPolicies(plan).find((p) => meta(p).namespace === "monitoring" && meta(p).name === "allow-egress-targets");
            if (!monitoring) {
                continue; // metrics off, or vendor mode without in-cluster Prometheus
            }
            const nodes = egressRules(monitoring).find((r) => (r.to ?? []).some((peer) => "ipBlock" in peer));
            expect(nodes, stack).to.not.equal(undefined);
            expect(
                nodes?.ports?.map((p) => p.port),
                stack,
            ).to.include.members([9100, 10250]);
            if (nodeCidr[stack]) {
                expect(nodes?.to, stack).to.deep.equal([{ ipBlock: { cidr: nodeCidr[stack] } }]);
            }
        }
        expect([...plans.keys()].some((s) => platformPolicies(plans.get(s) as PlanResult).some((p) => meta(p).namespace === "monitoring"))).to.equal(true);
    });
});

describe("network policies: tenants reach the platform services offered to them", function () {
    this.timeout(300_000);
    let plan: PlanResult;
    before(async () => {
        plan = await planConfig(shippedWith("aws-dev", { tenants: [{ name: "payments" }] }));
    });

    const tenantPolicy = (name: string) => plan.ofType(policyType).find((p) => meta(p).namespace === "payments" && meta(p).name === name);

    it("a tenant namespace may reach Vault on 8200 and the OpenTelemetry collector on 4317/4318, and nothing else of the platform", () => {
        const services = tenantPolicy("allow-platform-services");
        expect(services, "allow-platform-services").to.not.equal(undefined);
        expect(egressRules(services as RecordedResource)).to.have.deep.members([
            {
                to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "tracing" } } }],
                ports: [4317, 4318].map((port) => ({ protocol: "TCP", port })),
            },
            { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "vault" } } }], ports: [{ protocol: "TCP", port: 8200 }] },
        ]);
    });

    it("and Vault's and the collector's namespaces admit those ports from other namespaces", () => {
        const ingressPorts = (ns: string) =>
            platformPolicies(plan)
                .filter((p) => meta(p).namespace === ns)
                .flatMap((p) => ((p.props.spec as { ingress?: Rule[] }).ingress ?? []).flatMap((r) => (r.ports ?? []).map((x) => x.port)));
        expect(ingressPorts("vault")).to.include(8200);
        expect(ingressPorts("tracing")).to.include.members([4317, 4318]);
    });

    it("tenant DNS goes only to kube-dns and the link-local resolvers", () => {
        expect(egressRules(tenantPolicy("allow-dns") as RecordedResource)).to.deep.equal([
            {
                to: tenantDnsPeers,
                ports: [
                    { protocol: "UDP", port: 53 },
                    { protocol: "TCP", port: 53 },
                ],
            },
        ]);
    });

    it("the ingress controller and Prometheus reach the tenant on the tenancy's service and metrics ports, on both sides", () => {
        const fromIngress = tenantPolicy("allow-from-ingress");
        const ports = ((fromIngress?.props.spec as { ingress: Rule[] }).ingress[0].ports ?? []).map((p) => p.port);
        expect(ports).to.deep.equal([80, 443, 3000, 5000, 8000, 8080, 8089, 8443, 9000]);
        const controller = platformPolicies(plan).find((p) => meta(p).namespace === "ingress-nginx" && meta(p).name === "allow-egress-targets");
        const toTenants = egressRules(controller as RecordedResource).find((r) => JSON.stringify(r.to).includes("platform.io/tenant"));
        expect(toTenants?.ports?.map((p) => p.port)).to.deep.equal(ports);
        const prometheus = platformPolicies(plan).find((p) => meta(p).namespace === "monitoring" && meta(p).name === "allow-egress-targets");
        const scrape = egressRules(prometheus as RecordedResource).find((r) => JSON.stringify(r.to).includes("platform.io/tenant"));
        expect(scrape?.ports?.map((p) => p.port)).to.deep.equal([2112, 8080, 8081, 9090, 9091, 9102]);
    });

    it("without Vault or tracing, tenants get no rule toward them", async () => {
        const bare = await planConfig(
            shippedWith("aws-dev", {
                tenants: [{ name: "payments" }],
                security: { vault: { enabled: false } },
                observability: { tracing: { enabled: false } },
            }),
        );
        expect(
            bare
                .ofType(policyType)
                .filter((p) => meta(p).namespace === "payments")
                .map((p) => meta(p).name),
        ).to.not.include("allow-platform-services");
    });
});
