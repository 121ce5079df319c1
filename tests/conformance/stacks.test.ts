/**
 * What the conformance suite submits for a stack (pure: no API server): only Kubernetes objects, in the
 * plan's dependency order, with secrets replaced by placeholders of the same shape, and Patch resources
 * read as the provider reads them.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { variantExpectation, goldenPathDir } from "../../modules/conformance/golden-path";
import { dependencyOrder, isKubernetesObject, placeholder, shippedStacks, toStackObject } from "../../modules/conformance/stacks";
import { shippedStacks as shippedStackNames } from "../../modules/config";
import type { RecordedResource } from "../../modules/plan";

function recorded(type: string, name: string, inputs: Record<string, unknown>, props = inputs, dependencies: string[] = [], custom = true): RecordedResource {
    return { urn: `urn:pulumi:t::p::${type}::${name}`, type, name, parent: "", custom, protect: false, retainOnDelete: false, dependencies, inputs, props };
}

describe("conformance: the objects of a stack", () => {
    it("discovers every shipped stack through one function", () => {
        expect(shippedStacks().map((s) => s.name)).to.deep.equal(shippedStackNames());
        for (const s of shippedStacks()) {
            expect(fs.existsSync(s.file), s.file).to.equal(true);
        }
    });

    it("submits Kubernetes objects only: not Helm releases, components, providers or cloud resources", () => {
        expect(isKubernetesObject({ type: "kubernetes:apps/v1:Deployment", custom: true })).to.equal(true);
        expect(isKubernetesObject({ type: "kubernetes:core/v1:ConfigMapPatch", custom: true })).to.equal(true);
        expect(isKubernetesObject({ type: "kubernetes:helm.sh/v3:Release", custom: true })).to.equal(false);
        expect(isKubernetesObject({ type: "kubernetes:yaml/v2:ConfigGroup", custom: false })).to.equal(false);
        expect(isKubernetesObject({ type: "pulumi:providers:kubernetes", custom: true })).to.equal(false);
        expect(isKubernetesObject({ type: "aws:eks/cluster:Cluster", custom: true })).to.equal(false);
    });

    it("replaces secrets by placeholders of the same shape, base64 in a Secret's data, never the value", () => {
        const secret = recorded(
            "kubernetes:core/v1:Secret",
            "s",
            { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { password: "[secret]" }, stringData: "[secret]" },
            { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { password: "c2VjcmV0" }, stringData: { token: "t0ken", port: 5 } },
        );
        const o = toStackObject(secret);
        expect(o.object.data).to.deep.equal({ password: Buffer.from(placeholder).toString("base64") });
        expect(o.object.stringData).to.deep.equal({ token: placeholder, port: 5 });
        expect(o.placeholders).to.deep.equal(["data.password", "stringData"]);
        expect(JSON.stringify(o.object)).to.not.contain("t0ken").and.not.contain("c2VjcmV0");
    });

    it("reads Patch resources as patches of the kind, with the provider's force annotation", () => {
        const o = toStackObject(
            recorded("kubernetes:storage.k8s.io/v1:StorageClassPatch", "demote", {
                metadata: { name: "standard", annotations: { "pulumi.com/patchForce": "true", "storageclass.kubernetes.io/is-default-class": "false" } },
            }),
        );
        expect(o.patch).to.equal(true);
        expect(o.force).to.equal(true);
        expect(o.object.kind).to.equal("StorageClass");
        expect(o.object.apiVersion).to.equal("storage.k8s.io/v1");
        expect(o.object.metadata.annotations?.["pulumi.com/patchForce"], "pulumi.com annotations stay, as the provider sends them").to.equal("true");
    });

    it("orders objects after what they depend on, also through components", () => {
        const ns = recorded("kubernetes:core/v1:Namespace", "ns", {});
        const component = recorded("platform:x:Bundle", "bundle", {}, {}, [ns.urn], false);
        const deployment = recorded("kubernetes:apps/v1:Deployment", "d", {}, {}, [component.urn]);
        const role = recorded("kubernetes:rbac.authorization.k8s.io/v1:Role", "r", {});
        const order = dependencyOrder([deployment, role, component, ns]).map((r) => r.name);
        expect(order.indexOf("ns")).to.be.lessThan(order.indexOf("d"));
        expect(order.indexOf("bundle")).to.be.lessThan(order.indexOf("d"));
        expect(order).to.have.length(4);
    });
});

describe("golden path docs", () => {
    it("names, for every broken variant, the rule its file says rejects it", () => {
        const readme = fs.readFileSync(path.join(goldenPathDir, "README.md"), "utf8");
        const files = fs.readdirSync(path.join(goldenPathDir, "broken")).filter((f) => f.endsWith(".yaml"));
        expect(files).to.have.length(5);
        for (const f of files) {
            const { rule } = variantExpectation(path.join(goldenPathDir, "broken", f));
            const row = readme.split("\n").find((l) => l.includes(`broken/${f}`));
            expect(row, `README row for broken/${f}`).to.be.a("string");
            expect(row).to.contain(`\`${rule}\``);
        }
    });
});
