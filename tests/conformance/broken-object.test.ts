/**
 * The conformance apply is a judge that can say no: a deliberately broken object in a stack fails the
 * apply, naming the stack, the resource URN and the API server's message; the same object with the field
 * fixed is accepted. Needs the local control plane (conformance/build.sh) and shared/crds; skips with one
 * line without them.
 */
import { expect } from "chai";
import * as path from "path";
import { spawnSync } from "child_process";
import { applyStack, RejectedObject } from "../../modules/conformance/apply";
import { ControlPlane, startControlPlane } from "../../modules/conformance/control-plane";
import { readCrds, waitEstablished } from "../../modules/conformance/crds";
import { binDir, missingBinaries, sharedDir } from "../../modules/conformance/paths";
import { Session } from "../../modules/conformance/session";
import { PlannedStack, toStackObject } from "../../modules/conformance/stacks";
import type { RecordedResource } from "../../modules/plan";

function resource(type: string, name: string, inputs: Record<string, unknown>): RecordedResource {
    return {
        urn: `urn:pulumi:broken::platform::${type}::${name}`,
        type,
        name,
        parent: "urn:pulumi:broken::platform::pulumi:pulumi:Stack::platform-broken",
        custom: true,
        protect: false,
        retainOnDelete: false,
        dependencies: [],
        inputs,
        props: inputs,
    };
}

function stack(name: string, resources: RecordedResource[]): PlannedStack {
    return { stack: name, environment: "dev", objects: resources.map(toStackObject), resourceCount: resources.length, helmReleases: 0 };
}

const namespace = resource("kubernetes:core/v1:Namespace", "team", { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-broken" } });

function networkPolicy(port: number): RecordedResource {
    return resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", "allow-web", {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "allow-web", namespace: "team-broken" },
        spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports: [{ protocol: "TCP", port }] }] },
    });
}

function certificate(algorithm: string): RecordedResource {
    return resource("kubernetes:cert-manager.io/v1:Certificate", "web-tls", {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "web-tls", namespace: "team-broken" },
        spec: { secretName: "web-tls", dnsNames: ["web.example.com"], issuerRef: { name: "platform-ca", kind: "ClusterIssuer" }, privateKey: { algorithm } },
    });
}

async function rejection(session: Session, planned: PlannedStack): Promise<RejectedObject> {
    try {
        await applyStack(session, planned);
    } catch (e) {
        if (e instanceof RejectedObject) {
            return e;
        }
        throw e;
    }
    throw new Error("the broken object was accepted");
}

describe("conformance: a broken object fails the apply, naming it", function () {
    this.timeout(180_000);
    let plane: ControlPlane | undefined;
    let session: Session;

    before(async function () {
        const shared = sharedDir();
        const missing = missingBinaries();
        const reason = !shared
            ? "no ../shared (or PLATFORM_SHARED_DIR)"
            : spawnSync("go", ["version"], { stdio: "ignore", timeout: 30_000 }).status !== 0
              ? "Go is not installed"
              : missing.length > 0
                ? `control plane not built (${missing.join(", ")} missing in ${binDir()}; run npm run conformance:build)`
                : undefined;
        if (reason) {
            console.log(`      skipped: ${reason}`);
            this.skip();
        }
        plane = await startControlPlane({ binDir: binDir() });
        session = new Session(plane.kube, "local");
        const crds = readCrds(path.join(shared as string, "crds")).filter((c) => String(c.metadata.name).endsWith("cert-manager.io"));
        for (const crd of crds) {
            await plane.kube.apply(crd, { fieldManager: session.fieldManager, force: true });
        }
        await waitEstablished(plane.kube, crds.map((c) => c.metadata.name as string));
    });

    after(async () => {
        await plane?.stop();
    });

    it("rejects a NetworkPolicy with an invalid port, naming stack, URN and the API server's message", async () => {
        const e = await rejection(session, stack("broken-netpol", [namespace, networkPolicy(70000)]));
        expect(e.stack).to.equal("broken-netpol");
        expect(e.urn).to.equal("urn:pulumi:broken::platform::kubernetes:networking.k8s.io/v1:NetworkPolicy::allow-web");
        expect(e.apiMessage).to.match(/spec\.ingress\[0\]\.ports\[0\]\.port.*must be between 1 and 65535/);
        expect(e.message).to.contain("broken-netpol: urn:pulumi:broken::platform::kubernetes:networking.k8s.io/v1:NetworkPolicy::allow-web");
    });

    it("rejects a custom resource with an unknown enum value, naming it", async () => {
        const e = await rejection(session, stack("broken-cr", [namespace, certificate("DSA")]));
        expect(e.urn).to.equal("urn:pulumi:broken::platform::kubernetes:cert-manager.io/v1:Certificate::web-tls");
        expect(e.apiMessage).to.match(/spec\.privateKey\.algorithm: Unsupported value: "DSA"/);
    });

    it("accepts the same objects with the field fixed (the rejections are about that field)", async () => {
        const result = await applyStack(session, stack("fixed", [namespace, networkPolicy(8080), certificate("ECDSA")]));
        expect(result.results.map((r) => `${r.kind}:${r.outcome}`)).to.deep.equal(["Namespace:applied", "NetworkPolicy:applied", "Certificate:applied"]);
    });
});
