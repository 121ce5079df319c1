/**
 * GKE least privilege (issue 17): one Cloud KMS key per purpose, each usable only by the service
 * agent of that purpose; the private control plane may call every platform webhook, the Vault
 * injector's included.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { resolveOutput } from "../harness";
import type { ClusterHandle } from "../../modules/cluster/contract";
import { at, ClusterPlan, gcpConfig, outputsOf, planCluster } from "./helpers";

const KEY = "gcp:kms/cryptoKey:CryptoKey";
const GRANT = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember";

async function storage(h: ClusterHandle) {
    h.objectStore!.create({ name: "vault-snapshots", protect: false });
    return { storageKey: (await resolveOutput(pulumi.output(h.storage.parameters["disk-encryption-kms-key"]))).value };
}

describe("GKE keys and webhooks (least privilege)", () => {
    let plan: ClusterPlan<Awaited<ReturnType<typeof storage>>>;
    const keyId = (purpose: string) => outputsOf(plan.one(KEY, `acme-${purpose}`)).id;
    before(async () => {
        plan = await planCluster(gcpConfig("prod"), storage);
    });

    it("etcd, disks and buckets each use their own key", () => {
        expect(at(plan.one("gcp:container/cluster:Cluster").props, "databaseEncryption.keyName")).to.equal(keyId("secrets"));
        for (const pool of plan.ofType("gcp:container/nodePool:NodePool")) {
            expect(at(pool.props, "nodeConfig.bootDiskKmsKey"), pool.name).to.equal(keyId("disks"));
        }
        expect(plan.extra.storageKey, "StorageClass disk-encryption-kms-key").to.equal(keyId("disks"));
        expect(at(plan.one("gcp:storage/bucket:Bucket").props, "encryption.defaultKmsKeyName")).to.equal(keyId("objects"));
        expect(new Set([keyId("secrets"), keyId("disks"), keyId("objects")]).size).to.equal(3);
    });

    it("each key is usable by exactly one service agent: GKE for etcd, Compute Engine for disks, Cloud Storage for buckets", () => {
        const agents: Record<string, RegExp> = {
            secrets: /@container-engine-robot\.iam\.gserviceaccount\.com$/,
            disks: /@compute-system\.iam\.gserviceaccount\.com$/,
            objects: /@gs-project-accounts\.iam\.gserviceaccount\.com$/,
        };
        for (const [purpose, agent] of Object.entries(agents)) {
            const grants = plan.ofType(GRANT).filter((g) => g.props.cryptoKeyId === keyId(purpose));
            expect(
                grants.map((g) => String(g.props.member)),
                purpose,
            ).to.have.length(1);
            expect(String(grants[0].props.member), purpose).to.match(agent);
        }
    });

    it("the private control plane may call the Vault agent injector's webhook port (8080) on the nodes", () => {
        const firewall = plan.one("gcp:compute/firewall:Firewall");
        const ports = (firewall.props.allows as { ports: string[] }[]).flatMap((a) => a.ports);
        expect(ports).to.include("8080");
        expect(firewall.props.sourceRanges).to.deep.equal(["172.16.0.0/28"]);
    });
});
