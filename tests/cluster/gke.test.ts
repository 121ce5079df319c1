import { expect } from "chai";
import { resolveOutput, withAlertReceiver } from "../harness";
import type { ClusterHandle } from "../../modules/cluster/contract";
import { at, ClusterPlan, dnsBinding, gcpConfig, outputsOf, planCluster } from "./helpers";

const CLUSTER = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";
const KEY = "gcp:kms/cryptoKey:CryptoKey";

/** What the shared dev plan captures: the kubeconfig and an external-dns binding's annotations. */
async function kubeconfigAndBinding(h: ClusterHandle) {
    h.objectStore?.create({ name: "thanos", protect: false }, { parent: h.component });
    return { kubeconfig: await resolveOutput(h.kubeconfig), annotations: (await resolveOutput(h.identity.bind(dnsBinding).serviceAccountAnnotations)).value };
}

describe("GKE clusters", () => {
    let dev: ClusterPlan<Awaited<ReturnType<typeof kubeconfigAndBinding>>>;
    let prod: ClusterPlan<undefined>;
    before(async () => {
        dev = await planCluster(
            gcpConfig("dev", {
                nodePools: { system: { autoscaling: { min: 1, max: 2 } }, workloads: { autoscaling: { min: 0, max: 7 }, maxSurge: 3, maxUnavailable: 0 } },
            }),
            kubeconfigAndBinding,
        );
        prod = await planCluster(withAlertReceiver(gcpConfig("prod", { endpoint: { private: true, privateAccessCidrs: ["10.255.0.0/20"] } })));
    });

    it("prod clusters never expose a public API endpoint; nodes are always private", async () => {
        const plan = prod;
        const props = plan.one(CLUSTER).props;
        expect(at(props, "privateClusterConfig.enablePrivateEndpoint")).to.equal(true);
        expect(at(props, "privateClusterConfig.enablePrivateNodes")).to.equal(true);
        const cidrs = (at(props, "masterAuthorizedNetworksConfig.cidrBlocks") as { cidrBlock: string }[]).map((c) => c.cidrBlock);
        expect(cidrs).to.deep.equal(["10.0.0.0/20", "10.255.0.0/20"]);
        expect(at(props, "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled")).to.equal(false);
    });

    it("a dev public endpoint only admits the configured networks", async () => {
        const props = dev.one(CLUSTER).props;
        expect(at(props, "privateClusterConfig.enablePrivateEndpoint")).to.equal(false);
        expect((at(props, "masterAuthorizedNetworksConfig.cidrBlocks") as { cidrBlock: string }[]).map((c) => c.cidrBlock)).to.deep.equal(["198.51.100.0/24"]);
    });

    it("secrets are encrypted with a rotating Cloud KMS key created in the stack, usable by the GKE service agent", async () => {
        const plan = dev;
        const key = plan.one(KEY, "acme-secrets");
        expect(at(plan.one(CLUSTER).props, "databaseEncryption")).to.deep.equal({ state: "ENCRYPTED", keyName: outputsOf(key).id });
        expect(key.props.rotationPeriod).to.equal("7776000s");
        const grant = plan.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "acme-secrets-gke");
        expect(grant.props).to.include({ cryptoKeyId: outputsOf(key).id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter" });
        expect(String(grant.props.member)).to.match(/^serviceAccount:service-\d+@container-engine-robot\.iam\.gserviceaccount\.com$/);
        expect(plan.one(CLUSTER).dependencies).to.include(grant.urn);
    });

    it("object-store buckets are encrypted with the cluster's object-storage key, once the Cloud Storage agent may use it", async () => {
        const bucket = dev.one("gcp:storage/bucket:Bucket");
        expect(at(bucket.props, "encryption.defaultKmsKeyName")).to.equal(outputsOf(dev.one(KEY, "acme-objects")).id);
        const grant = dev.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "acme-objects-storage");
        expect(String(grant.props.member)).to.match(/^serviceAccount:service-\d+@gs-project-accounts\.iam\.gserviceaccount\.com$/);
        expect(bucket.dependencies).to.include(grant.urn);
    });

    it("control-plane logging (API server included) is on", async () => {
        const props = dev.one(CLUSTER).props;
        expect(at(props, "loggingConfig.enableComponents")).to.include.members(["APISERVER", "SYSTEM_COMPONENTS"]);
    });

    it("Workload Identity is enabled and every pool uses the GKE metadata server", async () => {
        const plan = dev;
        expect(at(plan.one(CLUSTER).props, "workloadIdentityConfig.workloadPool")).to.equal("acme-platform.svc.id.goog");
        for (const pool of plan.ofType(POOL)) {
            expect(at(pool.props, "nodeConfig.workloadMetadataConfig.mode")).to.equal("GKE_METADATA");
        }
    });

    it("no legacy ABAC, no client certificates, a release channel and Dataplane V2", async () => {
        const props = prod.one(CLUSTER).props;
        expect(props.enableLegacyAbac).to.equal(false);
        expect(at(props, "masterAuth.clientCertificateConfig.issueClientCertificate")).to.equal(false);
        expect(at(props, "releaseChannel.channel")).to.equal("STABLE");
        expect(props.datapathProvider).to.equal("ADVANCED_DATAPATH");
    });

    it("pools are shielded COS nodes on their own service account, autoscale within bounds and upgrade by surging", async () => {
        const plan = dev;
        const nodeSa = outputsOf(plan.one("gcp:serviceaccount/account:Account", "acme-nodes"));
        const system = plan.one(POOL, "acme-system").props;
        const workloads = plan.one(POOL, "acme-workloads").props;
        expect(at(system, "autoscaling")).to.include({ minNodeCount: 1, maxNodeCount: 2 });
        expect(at(workloads, "autoscaling")).to.include({ minNodeCount: 0, maxNodeCount: 7 });
        expect(at(workloads, "upgradeSettings")).to.deep.equal({ strategy: "SURGE", maxSurge: 3, maxUnavailable: 0 });
        for (const pool of [system, workloads]) {
            expect(at(pool, "nodeConfig.imageType")).to.equal("COS_CONTAINERD");
            expect(at(pool, "nodeConfig.serviceAccount")).to.equal(nodeSa.email);
            expect(at(pool, "nodeConfig.shieldedInstanceConfig")).to.deep.equal({ enableSecureBoot: true, enableIntegrityMonitoring: true });
        }
        expect(String(nodeSa.email)).to.not.match(/-compute@developer\.gserviceaccount\.com$/);
    });

    it("the admin group is bound to cluster-admin through Google Groups for RBAC", async () => {
        const plan = dev;
        expect(at(plan.one(CLUSTER).props, "authenticatorGroupsConfig.securityGroup")).to.equal("gke-security-groups@acme.example");
        const binding = plan.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
        expect(at(binding.props, "roleRef.name")).to.equal("cluster-admin");
        expect(binding.props.subjects).to.deep.equal([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "platform-admins@acme.example" }]);
    });

    it("prod protects the cluster and keys and retains the keys; dev protects nothing", async () => {
        expect(prod.one(CLUSTER).protect).to.equal(true);
        expect(prod.ofType(KEY)).to.have.length(3);
        for (const key of prod.ofType(KEY)) {
            expect(key.protect && key.retainOnDelete, key.name).to.equal(true);
        }
        expect(prod.one(CLUSTER).props.deletionProtection).to.equal(true);
        expect(dev.resources.filter((r) => r.protect).map((r) => r.name)).to.deep.equal([]);
        expect(dev.one(CLUSTER).props.deletionProtection).to.equal(false);
    });

    it("the kubeconfig is a secret that authenticates with gke-gcloud-auth-plugin", async () => {
        const { kubeconfig } = dev.extra;
        expect(kubeconfig.secret).to.equal(true);
        expect(kubeconfig.value).to.match(/command: gke-gcloud-auth-plugin\n/);
        expect(kubeconfig.value).to.contain("provideClusterInfo: true");
    });

    describe("identity binder (GKE Workload Identity)", () => {
        it("only exactly the requested namespace and service account may impersonate the Google service account", async () => {
            const plan = dev;
            const account = plan.one("gcp:serviceaccount/account:Account", "acme-external-dns");
            const trusts = plan.ofType("gcp:serviceaccount/iAMMember:IAMMember");
            expect(trusts).to.have.length(1);
            expect(trusts[0].props).to.deep.include({
                serviceAccountId: outputsOf(account).name,
                role: "roles/iam.workloadIdentityUser",
                member: "serviceAccount:acme-platform.svc.id.goog[external-dns/external-dns]",
            });
            const zoneGrant = plan.one("gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember");
            expect(zoneGrant.props).to.include({
                managedZone: "projects/acme-platform/managedZones/acme-example",
                role: "roles/dns.admin",
                member: outputsOf(account).member,
            });
            expect(plan.extra.annotations).to.deep.equal({ "iam.gke.io/gcp-service-account": outputsOf(account).email });
        });

        it("a role on an unrecognisable resource without resourceType fails at bind time", async () => {
            await planCluster(gcpConfig("dev"), async (h) => {
                expect(() =>
                    h.identity.bind({ ...dnsBinding, permissions: { gcp: { roles: [{ role: "roles/storage.objectAdmin", resource: "my-bucket" }] } } }),
                ).to.throw(/set resourceType/);
            });
        });
    });
});
