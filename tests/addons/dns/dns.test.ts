import { expect } from "chai";
import { localConfig, planConfig, withAlertReceiver } from "../../harness";
import { ManagedCloud, planError, principalFor } from "../../fakes/cluster";
import { planRouting } from "../routing";

type Obj = Record<string, unknown>;

const zones: Record<ManagedCloud, { domain: string; id: string }[]> = {
    aws: [
        { domain: "apps.example.com", id: "Z0123456789ABCDEFGHIJ" },
        { domain: "internal.example.com", id: "Z9876543210ABCDEFGHIJ" },
    ],
    azure: [
        {
            domain: "apps.example.com",
            id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns/providers/Microsoft.Network/dnszones/apps.example.com",
        },
    ],
    gcp: [{ domain: "apps.example.com", id: "projects/acme-dns/managedZones/apps-example-com" }],
};

const dnsOn = (cloud: ManagedCloud, extra: Obj = {}) => ({ dns: { enabled: true, zones: zones[cloud], ...extra } });

describe("dns: external-dns through the cluster's identity binder, scoped to the configured zones", () => {
    it("AWS: the role may change records only in the configured hosted zones", async () => {
        const plan = await planRouting("aws", dnsOn("aws"));
        const request = plan.binder.requests.find((r) => r.name === "external-dns");
        expect(request).to.deep.include({ namespace: "external-dns", serviceAccount: "external-dns" });
        const [write, list] = request?.permissions.aws?.statements ?? [];
        expect(write.Action).to.include("route53:ChangeResourceRecordSets");
        expect(write.Resource).to.deep.equal(["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ", "arn:aws:route53:::hostedzone/Z9876543210ABCDEFGHIJ"]);
        expect(list.Action).to.deep.equal(["route53:ListHostedZones"]);
    });

    it("Azure: DNS Zone Contributor on the zone itself, Reader on its resource group, nothing wider", async () => {
        const plan = await planRouting("azure", dnsOn("azure"));
        const assignments = plan.binder.requests.find((r) => r.name === "external-dns")?.permissions.azure?.roleAssignments;
        expect(assignments).to.deep.equal([
            { role: "DNS Zone Contributor", scope: zones.azure[0].id },
            { role: "Reader", scope: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns" },
        ]);
        const config = plan.ofType("kubernetes:core/v1:ConfigMap").find((c) => (c.props.metadata as Obj).name === "external-dns-azure");
        const file = JSON.parse(String((config?.props.data as Obj)["azure.json"]));
        expect(file).to.deep.equal({ subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "dns", useWorkloadIdentityExtension: true });
        const values = plan.releases("external-dns")[0].props.values as Obj;
        expect(values.podLabels).to.deep.equal({ "azure.workload.identity/use": "true" });
    });

    it("GCP: dns.admin on the managed zone only (read-only listing project-wide)", async () => {
        const plan = await planRouting("gcp", dnsOn("gcp"));
        const roles = plan.binder.requests.find((r) => r.name === "external-dns")?.permissions.gcp?.roles;
        expect(roles).to.deep.equal([{ role: "roles/dns.admin", resource: zones.gcp[0].id }, { role: "roles/dns.reader" }]);
    });

    for (const cloud of ["aws", "azure", "gcp"] as const) {
        it(`${cloud}: the release runs as the bound service account, filtered to the zones, owned by this cluster, after the identity exists`, async () => {
            const plan = await planRouting(cloud, dnsOn(cloud));
            const [release] = plan.releases("external-dns");
            const v = release.props.values as Obj;
            expect((v.provider as Obj).name).to.equal({ aws: "aws", azure: "azure", gcp: "google" }[cloud]);
            expect(v.domainFilters).to.deep.equal(zones[cloud].map((z) => z.domain));
            expect(v.txtOwnerId).to.equal("test");
            const annotations = (v.serviceAccount as Obj).annotations as Obj;
            expect(Object.values(annotations)).to.deep.equal([principalFor(cloud, "external-dns")]);
            const identity = plan.resources.find((r) => r.name === "external-dns-identity");
            expect(plan.transitiveDependencies(release.urn).has(identity?.urn ?? "")).to.equal(true);
        });
    }

    it("prod never deletes records (upsert-only); dev keeps DNS in sync", async () => {
        const prod = (await planRouting("aws", withAlertReceiver({ environment: "prod", ...dnsOn("aws") }))).releases("external-dns")[0].props.values as Obj;
        const dev = (await planRouting("aws", dnsOn("aws"))).releases("external-dns")[0].props.values as Obj;
        expect(prod.policy).to.equal("upsert-only");
        expect(dev.policy).to.equal("sync");
    });

    it("with Contour, external-dns also publishes HTTPRoutes and waits for the release that installs their CRDs", async () => {
        const plan = await planRouting("aws", { ...dnsOn("aws"), ingress: { controller: "contour" } });
        const [release] = plan.releases("external-dns");
        expect((release.props.values as Obj).sources).to.include("gateway-httproute");
        expect(plan.transitiveDependencies(release.urn).has(plan.releases("contour")[0].urn)).to.equal(true);
    });

    it("off unless enabled: no external-dns and no identity by default", async () => {
        const plan = await planRouting("aws");
        expect(plan.releases("external-dns")).to.deep.equal([]);
        expect(plan.binder.requests.map((r) => r.name)).to.not.include("external-dns");
    });

    it("bad DNS configuration is reported with key paths", async () => {
        expect(await planError(() => planConfig(localConfig({ dns: { enabled: true } })))).to.include("dns.zones: at least one zone is required");
        expect(await planError(() => planConfig(localConfig(dnsOn("aws"))))).to.include("dns.enabled: external-dns needs a cloud identity");
        expect(await planError(() => planRouting("aws", dnsOn("gcp")))).to.include("dns.zones[0].id: on aws must be a Route 53 hosted zone id");
        expect(await planError(() => planConfig(localConfig({ dns: { zones: [{ domain: "x.example.com", id: "nope" }] } })))).to.include(
            "dns.zones[0].id: must be a Route 53",
        );
        const twoProjects = [zones.gcp[0], { domain: "other.example.com", id: "projects/acme-other/managedZones/other" }];
        expect(await planError(() => planRouting("gcp", { dns: { enabled: true, zones: twoProjects } }))).to.include(
            "dns.zones: on gcp every zone must be in the same project",
        );
    });
});
