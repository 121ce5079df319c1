/**
 * W11 (require-approved-registries) under air gap: the images an environment exempts stay exempt when
 * the stack pulls them through `airgap.imageRegistry`, in the offline plan (CrossGuard) and in the
 * admission rules the program installs (Gatekeeper and native), and nothing else is approved: a
 * tenant's image from the mirror is judged by the environment's `approvedRegistries` as before.
 */
import { expect } from "chai";
import { admissionPackConfig, admissionPolicies, nativeAdmissionRules } from "../../modules/addons/admission";
import { mirrorRepository } from "../../modules/addons/image-sources";
import { snapshotImages } from "../../modules/addons/security/vault/snapshot";
import { parseStackConfig } from "../../modules/config";
import { loadPackConfig, stackPackConfig, underImageRegistry, withImageRegistry } from "../../policy-pack/lib/config";
import { EngineResource, runPolicies } from "../../policy-pack/lib/engine";
import { kubernetesPolicies } from "../../policy-pack/policies/kubernetes";
import { localConfig, rawConfig, withAlertReceiver } from "../harness";

const registry = "registry.airgap.example/platform";
const w11 = "require-approved-registries";

function cronJob(name: string, namespace: string, images: string[]): EngineResource {
    const containers = images.map((image, i) => ({
        name: `c${i}`,
        image,
        resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "16Mi" } },
        securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
    }));
    return {
        urn: `urn:pulumi:test::platform::kubernetes:batch/v1:CronJob::${name}`,
        type: "kubernetes:batch/v1:CronJob",
        name,
        props: {
            apiVersion: "batch/v1",
            kind: "CronJob",
            metadata: { name, namespace },
            spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers } } } } },
        },
    };
}

async function w11Violations(resource: EngineResource, config: ReturnType<typeof loadPackConfig>): Promise<string[]> {
    const violations = await runPolicies(
        kubernetesPolicies.filter((p) => p.name === w11),
        [resource],
        { config },
    );
    return violations.map((v) => `${v.level}: ${v.message}`);
}

describe("W11 follows the stack's image mirror for the images the environment exempts", () => {
    const snapshot = Object.values(snapshotImages).map((i) => `${i.repository}:${i.tag}`);

    it("maps an exempt image or pattern through the registry exactly as the program maps its images", () => {
        for (const ref of [
            "hashicorp/vault",
            "rclone/rclone",
            "busybox",
            "quay.io/org/tool",
            "registry.k8s.io/sig-storage/snapshot-controller",
            "localhost:5000/x/y",
            `${registry}/hashicorp/vault`,
        ]) {
            expect(underImageRegistry(ref, registry), ref).to.equal(mirrorRepository(ref, registry));
        }
        expect(underImageRegistry("hashicorp/vault:*", registry)).to.equal(`${registry}/hashicorp/vault:*`);
        expect(underImageRegistry("busybox:*", `${registry}/`)).to.equal(`${registry}/library/busybox:*`);
    });

    it("adds the mirrored form of each exemption and changes nothing else", () => {
        const prod = loadPackConfig("prod");
        expect(withImageRegistry(prod, undefined)).to.equal(prod);
        const mirrored = withImageRegistry(prod, registry);
        const before = prod[w11] as { enforcementLevel: string; approvedRegistries: string[]; exemptImages: string[] };
        const after = mirrored[w11] as typeof before;
        expect(after.exemptImages).to.deep.equal([...before.exemptImages, ...before.exemptImages.map((e) => `${registry}/${e}`)]);
        expect(after.approvedRegistries).to.deep.equal(before.approvedRegistries);
        expect(after.enforcementLevel).to.equal(before.enforcementLevel);
        expect(Object.keys(mirrored).sort()).to.deep.equal(Object.keys(prod).sort());
        // Applying it twice adds nothing more.
        expect(withImageRegistry(mirrored, registry)).to.deep.equal(mirrored);
    });

    it("the program's snapshot CronJob pulled through the mirror passes in prod; the same images without the stack's config fail", async () => {
        const job = cronJob(
            "vault-snapshot",
            "vault",
            snapshot.map((s) => `${registry}/${s}`),
        );
        expect(await w11Violations(job, stackPackConfig(loadPackConfig("prod"), { imageRegistry: registry }))).to.deep.equal([]);
        expect(await w11Violations(job, loadPackConfig("prod"))).to.have.length(1);
        // Upstream, as a stack without air gap runs it: exempt as before.
        expect(await w11Violations(cronJob("vault-snapshot", "vault", snapshot), stackPackConfig(loadPackConfig("prod"), {}))).to.deep.equal([]);
    });

    it("does not approve the mirror for other images", async () => {
        const tenant = cronJob("report", "team-a", [`${registry}/acme/report:1.2.0`]);
        const found = await w11Violations(tenant, stackPackConfig(loadPackConfig("prod"), { imageRegistry: registry }));
        expect(found).to.have.length(1);
        expect(found[0]).to.match(/^mandatory: .*unapproved registry/);
    });

    it("admission enforces the same parameters as the offline plan (Gatekeeper and native rules)", () => {
        const config = parseStackConfig(rawConfig(withAlertReceiver(localConfig({ environment: "prod", airgap: { imageRegistry: registry } }))));
        const expected = (stackPackConfig(loadPackConfig("prod"), { imageRegistry: registry })[w11] as { exemptImages: string[] }).exemptImages;
        expect((admissionPackConfig(config)[w11] as { exemptImages: string[] }).exemptImages).to.deep.equal(expected);
        const constraint = admissionPolicies(config).find((p) => p.constraint.metadata.name === w11);
        expect((constraint?.constraint.spec.parameters as { exemptImages?: string[] } | undefined)?.exemptImages).to.deep.equal(expected);
        const native = nativeAdmissionRules(config, []).find((r) => r.rule.name === w11);
        expect((native?.params as { exemptImages?: string[] } | undefined)?.exemptImages).to.deep.equal(expected);
    });
});
