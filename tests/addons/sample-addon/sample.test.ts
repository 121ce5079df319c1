import { expect } from "chai";
import { catalogue } from "../../../modules/addons/catalogue";
import { renderAdmissionPolicies } from "../../../modules/addons/admission";
import { at, planAddonsOn } from "../../fakes/cluster";
import { sample, sampleNamespace } from ".";

describe("adding an add-on: one folder and one list entry", () => {
    const plan = () => planAddonsOn("aws", {}, { addons: [...catalogue, sample], admission: { policies: renderAdmissionPolicies([], {}) } });

    it("installs after the add-ons it needs, with its identity bound before its release", async () => {
        const run = await plan();
        const release = run.releases().find((r) => r.props.name === "sample");
        expect(release, "the sample's release").to.not.equal(undefined);
        const deps = run.transitiveDependencies(release?.urn ?? "");
        expect(deps.has(run.release("cert-manager").urn), "after cert-manager").to.equal(true);
        expect(deps.has(run.release("prometheus-operator-crds").urn), "after the monitoring CRDs (its chart renders a ServiceMonitor)").to.equal(true);
        expect(run.binder.requests.map((r) => `${r.name}:${r.namespace}/${r.serviceAccount}`)).to.include("sample:sample-system/sample");
    });

    it("admission control waits for it, and its namespace gets the platform network policies with its declared ports", async () => {
        const run = await plan();
        const release = run.releases().find((r) => r.props.name === "sample");
        expect(run.transitiveDependencies(run.release("gatekeeper").urn).has(release?.urn ?? "")).to.equal(true);
        const policies = run.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((p) => at(p.props, "metadata.namespace") === sampleNamespace);
        expect(policies.map((p) => at(p.props, "metadata.name"))).to.include.members(["default-deny", "allow-from-cluster"]);
        const fromCluster = policies.find((p) => at(p.props, "metadata.name") === "allow-from-cluster");
        expect(at(fromCluster?.props, "spec.ingress.0.ports")).to.deep.equal([{ port: 8080, protocol: "TCP" }]);
    });

    it("a required add-on switched off stops the plan before anything is created, naming both keys", async () => {
        let message = "";
        try {
            await planAddonsOn("aws", { security: { certManager: { enabled: false }, vault: { enabled: false } } }, { addons: [...catalogue, sample] });
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).to.contain(
            "security.enabled: the sample's certificates come from cert-manager: enable security.certManager.enabled, or disable this add-on",
        );
    });
});
