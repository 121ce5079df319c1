import { expect } from "chai";
import { acmeIssuer, certManagerValues } from "../../../modules/addons/security/cert-manager";
import { route53 } from "../../../modules/cluster/aws/dns";
import { clusterSection } from "../../fakes/cluster";
import { localConfig, planConfig, rejectionOf } from "../../harness";
import { at, Cloud, principalFor, runOnCloud, valuesOf } from "./fixtures";

const dns01: Record<Cloud, Record<string, unknown>> = {
    aws: { cloud: "aws", hostedZoneId: "Z0123456789ABC" },
    azure: { cloud: "azure", subscriptionId: "11111111-2222-4333-8444-555555555555", resourceGroup: "dns", zoneName: "example.com" },
    gcp: { cloud: "gcp", project: "acme-platform" },
};

describe("cert-manager", () => {
    it("installs its CRDs as templates (upgraded by Helm) and keeps them on uninstall", () => {
        const v = certManagerValues({
            tier: "prod",
            releaseName: "cert-manager",
            replicas: 2,
            namespace: "cert-manager",
            serviceAccountName: "cert-manager",
            imageRegistry: "quay.io",
            gatewayApi: false,
        });
        expect(v.crds).to.deep.equal({ enabled: true, keep: true });
        expect(at(v, "podDisruptionBudget.enabled")).to.equal(true);
        expect(at(v, "webhook.replicaCount")).to.equal(2);
        expect(v).to.not.have.property("installCRDs");
    });

    it("creates the self-signed root, the internal CA issuer and no ACME issuer when no email is set", async () => {
        const result = await planConfig(localConfig());
        const issuers = result.ofType("kubernetes:cert-manager.io/v1:ClusterIssuer").map((i) => (i.props.metadata as { name: string }).name);
        expect(issuers.sort()).to.deep.equal(["platform-ca", "platform-selfsigned"]);
        const root = result.one("kubernetes:cert-manager.io/v1:Certificate", "cert-manager-root-ca");
        expect(at(root.props, "spec.isCA")).to.equal(true);
        expect(at(root.props, "spec.issuerRef.name")).to.equal("platform-selfsigned");
        const ca = result.one("kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-ca-issuer");
        expect(ca.dependencies).to.include(root.urn);
    });

    it("Let's Encrypt staging and prod solve HTTP-01 through the platform IngressClass, or through the shared Gateway", () => {
        const ingress = acmeIssuer("letsencrypt-prod", { email: "ops@example.com", http01: { kind: "ingress", ingressClassName: "nginx" } });
        expect(at(ingress, "spec.acme.server")).to.equal("https://acme-v02.api.letsencrypt.org/directory");
        expect(at(ingress, "spec.acme.solvers")).to.deep.equal([{ http01: { ingress: { ingressClassName: "nginx" } } }]);
        const gateway = acmeIssuer("letsencrypt-staging", {
            email: "ops@example.com",
            http01: { kind: "gateway", gateway: { name: "platform", namespace: "projectcontour", sectionName: "http" } },
        });
        expect(at(gateway, "spec.acme.server")).to.match(/staging/);
        expect(at(gateway, "spec.acme.solvers")).to.deep.equal([
            { http01: { gatewayHTTPRoute: { parentRefs: [{ kind: "Gateway", name: "platform", namespace: "projectcontour", sectionName: "http" }] } } },
        ]);
    });

    it("through the shared Gateway, the HTTP-01 route attaches only to its plain-HTTP listener on port 80", async () => {
        const plan = await planConfig(localConfig({ ingress: { controller: "contour" }, security: { certManager: { acme: { email: "ops@example.com" } } } }));
        const gateway = plan.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway")[0];
        const listeners = at(gateway.props, "spec.listeners") as { name: string; protocol: string; port: number }[];
        const issuers = plan.ofType("kubernetes:cert-manager.io/v1:ClusterIssuer").filter((i) => at(i.props, "spec.acme") !== undefined);
        expect(issuers).to.have.length(2);
        for (const issuer of issuers) {
            const refs = at(issuer.props, "spec.acme.solvers.0.http01.gatewayHTTPRoute.parentRefs") as {
                name: string;
                namespace: string;
                sectionName?: string;
            }[];
            expect(refs).to.have.length(1);
            expect(refs[0].name).to.equal(at(gateway.props, "metadata.name"));
            expect(refs[0].namespace).to.equal(at(gateway.props, "metadata.namespace"));
            const listener = listeners.find((l) => l.name === refs[0].sectionName);
            expect(listener, `listener ${refs[0].sectionName}`).to.deep.include({ protocol: "HTTP", port: 80 });
        }
    });

    for (const cloud of ["aws", "azure", "gcp"] as Cloud[]) {
        it(`${cloud}: DNS-01 uses the cloud's DNS through the controller's workload identity, with no static key`, async () => {
            const run = await runOnCloud(cloud, {
                security: { certManager: { acme: { email: "ops@example.com", dns01Zones: ["example.com"], dns01Provider: dns01[cloud] } } },
            });
            const binding = run.binder.requests.find((b) => b.name === "cert-manager-dns01");
            expect(binding?.namespace).to.equal("cert-manager");
            const values = valuesOf(run.release("cert-manager"));
            expect(binding?.serviceAccount).to.equal(at(values, "serviceAccount.name"));
            expect(JSON.stringify(at(values, "serviceAccount.annotations"))).to.include(principalFor(cloud, "cert-manager-dns01"));
            const prod = run.one("kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-letsencrypt-prod");
            const solvers = at(prod.props, "spec.acme.solvers") as Record<string, unknown>[];
            expect(solvers[0]).to.have.nested.property("selector.dnsZones[0]", "example.com");
            const text = JSON.stringify(solvers);
            expect(text).to.not.match(/SecretRef|secretAccessKey|clientSecret|serviceAccountSecretRef/);
            if (cloud === "azure") {
                expect(solvers[0]).to.have.nested.property("dns01.azureDNS.managedIdentity.clientID", principalFor("azure", "cert-manager-dns01"));
                expect(at(values, "podLabels")).to.deep.equal({ "azure.workload.identity/use": "true" });
            }
        });
    }

    it("a DNS-01 provider on another cloud than the cluster is refused, naming the key", () => {
        const acme = { email: "ops@example.com", dns01Zones: ["example.com"], dns01Provider: { cloud: "gcp", project: "acme-dns" } };
        expect(rejectionOf({ environment: "dev", cluster: clusterSection("aws"), security: { certManager: { acme } } })).to.include(
            "security.certManager.acme.dns01Provider.cloud: 'gcp' does not match cluster.cloud 'aws': DNS-01 authenticates with the cluster's workload identity, never static keys",
        );
    });

    it("a Cloud DNS zone outside the cluster's project is refused, naming the key", () => {
        const acme = { email: "ops@example.com", dns01Zones: ["example.com"], dns01Provider: { cloud: "gcp", project: "acme-dns" } };
        const issues = rejectionOf({ environment: "dev", cluster: clusterSection("gcp"), security: { certManager: { acme } } });
        expect(
            issues.some((i) => /^security\.certManager\.acme\.dns01Provider\.project: 'acme-dns' is not the cluster's project/.test(i)),
            issues.join("\n"),
        ).to.equal(true);
    });

    it("Route 53 solvers default to the cluster's region", () => {
        expect(route53.acmeSolver({ cloud: "aws", hostedZoneId: "Z0123456789ABC" }, "eu-west-1")).to.deep.equal({
            route53: { region: "eu-west-1", hostedZoneID: "Z0123456789ABC" },
        });
    });
});
