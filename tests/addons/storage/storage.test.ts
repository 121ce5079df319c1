import { expect } from "chai";
import { defaultClassAnnotation, defaultSnapshotClassAnnotation, defaultStorageClass, storageIssues } from "../../../modules/addons/storage";
import { ebsCsiManagedPolicy, ebsCsiServiceAccount } from "../../../modules/cluster/aws/ebs-csi";
import type { StorageDefaults } from "../../../modules/cluster/contract";
import { parseStackConfig } from "../../../modules/config";
import { localConfig, planConfig, PlanResult, rawConfig, withAlertReceiver } from "../../harness";
import { encryptionParameter, kmsKeyArn, ManagedCloud, planError, principalFor } from "../../fakes/cluster";
import { planRouting } from "../routing";

const clouds: ManagedCloud[] = ["aws", "azure", "gcp"];
type Obj = Record<string, unknown>;
const annotations = (r: { props: Obj }) => ((r.props.metadata as Obj | undefined)?.annotations ?? {}) as Obj;

const storageClassType = "kubernetes:storage.k8s.io/v1:StorageClass";
const snapshotClassType = "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass";

function defaults(plan: PlanResult) {
    return plan.ofType(storageClassType).filter((c) => annotations(c)[defaultClassAnnotation] === "true");
}

function storageSection(environment: "dev" | "prod") {
    return parseStackConfig(rawConfig(localConfig({ environment }))).storage;
}

describe("storage: CSI driver, one default encrypted StorageClass, snapshots", () => {
    for (const cloud of clouds) {
        it(`${cloud}: exactly one default StorageClass, encrypted with the stack's key, WaitForFirstConsumer and expandable`, async () => {
            const plan = await planRouting(cloud);
            const [only, ...more] = defaults(plan);
            expect(more, "other default classes").to.deep.equal([]);
            const [param, value] = encryptionParameter[cloud];
            expect((only.props.parameters as Obj)[param]).to.equal(value);
            if (cloud === "aws") {
                expect((only.props.parameters as Obj).encrypted).to.equal("true");
            }
            expect(only.props.volumeBindingMode).to.equal("WaitForFirstConsumer");
            expect(only.props.allowVolumeExpansion).to.equal(true);
        });

        it(`${cloud}: a default VolumeSnapshotClass for the cloud's CSI driver, after the snapshot CRDs exist`, async () => {
            const plan = await planRouting(cloud);
            const [vsc, ...more] = plan.ofType(snapshotClassType);
            expect(more).to.deep.equal([]);
            expect(annotations(vsc)[defaultSnapshotClassAnnotation]).to.equal("true");
            expect(vsc.props.driver).to.equal(({ aws: "ebs.csi.aws.com", azure: "disk.csi.azure.com", gcp: "pd.csi.storage.gke.io" } as const)[cloud]);
            // AKS and GKE ship the snapshot controller; EKS gets the managed add-on: never the chart.
            expect(plan.releases("snapshot-controller")).to.deep.equal([]);
        });
    }

    it("prod retains volumes and snapshots when claims go; dev deletes them", async () => {
        const prod = await planRouting("aws", withAlertReceiver({ environment: "prod" }));
        const dev = await planRouting("aws", { environment: "dev" });
        expect(defaults(prod)[0].props.reclaimPolicy).to.equal("Retain");
        expect(prod.ofType(snapshotClassType)[0].props.deletionPolicy).to.equal("Retain");
        expect(defaults(dev)[0].props.reclaimPolicy).to.equal("Delete");
        expect(dev.ofType(snapshotClassType)[0].props.deletionPolicy).to.equal("Delete");
    });

    it("EKS: the EBS CSI driver is the managed add-on, running as its own role scoped to its service account and the stack's key", async () => {
        const plan = await planRouting("aws");
        const addons = plan.ofType("aws:eks/addon:Addon");
        const driver = addons.find((a) => a.props.addonName === "aws-ebs-csi-driver");
        expect(driver, "aws-ebs-csi-driver add-on").to.not.equal(undefined);
        expect(addons.map((a) => a.props.addonName)).to.include("snapshot-controller");
        const request = plan.binder.requests.find((r) => r.serviceAccount === ebsCsiServiceAccount.name);
        expect(request?.namespace).to.equal("kube-system");
        expect(request?.permissions.aws?.managedPolicyArns).to.deep.equal([ebsCsiManagedPolicy]);
        expect(request?.permissions.aws?.statements?.map((s) => s.Resource)).to.deep.equal([kmsKeyArn]);
        // No other cloud part: the role can do nothing on another cloud's terms.
        expect(request?.permissions.azure).to.equal(undefined);
        expect(driver?.props.serviceAccountRoleArn).to.equal(principalFor("aws", "ebs-csi"));
        // The StorageClass waits for the driver.
        expect(plan.transitiveDependencies(defaults(plan)[0].urn).has(driver?.urn ?? "")).to.equal(true);
    });

    it("AKS and GKE: the cloud's pre-installed default class is demoted so only the platform's stays default", async () => {
        for (const [cloud, builtIn] of [
            ["azure", "default"],
            ["gcp", "standard-rwo"],
        ] as const) {
            const plan = await planRouting(cloud);
            const patches = plan.ofType("kubernetes:storage.k8s.io/v1:StorageClassPatch");
            expect(patches.map((p) => (p.props.metadata as Obj).name)).to.deep.equal([builtIn]);
            expect(annotations(patches[0])[defaultClassAnnotation]).to.equal("false");
            expect(plan.transitiveDependencies(defaults(plan)[0].urn).has(patches[0].urn)).to.equal(true);
        }
    });

    it("a handle that does not list its built-in classes or snapshot controller still gets one default and no colliding chart", async () => {
        for (const cloud of ["azure", "gcp"] as const) {
            const plan = await planRouting(cloud, {}, { snapshotControllerBuiltIn: undefined, builtInDefaultClasses: undefined });
            expect(plan.releases("snapshot-controller"), `${cloud}: snapshot chart`).to.deep.equal([]);
            const patches = plan.ofType("kubernetes:storage.k8s.io/v1:StorageClassPatch");
            expect(patches.map((p) => (p.props.metadata as Obj).name)).to.deep.equal([cloud === "azure" ? "default" : "standard-rwo"]);
        }
    });

    it("a cluster without a snapshot controller gets the snapshot-controller chart, and the snapshot class waits for it", async () => {
        const plan = await planRouting("azure", {}, { snapshotControllerBuiltIn: false });
        const [release] = plan.releases("snapshot-controller");
        expect(release.props.version).to.equal("5.2.0");
        expect((release.props.values as Obj).installCRDs).to.equal(true);
        const vsc = plan.ofType(snapshotClassType)[0];
        expect(plan.transitiveDependencies(vsc.urn).has(release.urn)).to.equal(true);
    });

    it("stateless-only mode (storage.enabled: false) installs nothing of storage and the platform still plans", async () => {
        const cloud = await planRouting("gcp", { storage: { enabled: false } });
        expect(cloud.ofType(storageClassType)).to.deep.equal([]);
        expect(cloud.ofType(snapshotClassType)).to.deep.equal([]);
        expect(cloud.ofType("kubernetes:storage.k8s.io/v1:StorageClassPatch")).to.deep.equal([]);
        expect(cloud.releases("ingress-nginx")).to.have.length(1);
        const local = await planConfig(localConfig({ storage: { enabled: false } }));
        expect(local.ofType(storageClassType)).to.deep.equal([]);
        expect(local.resources.filter((r) => r.type.includes("snapshot") || r.type.startsWith("platform:storage"))).to.deep.equal([]);
        expect(local.releases("ingress-nginx")).to.have.length(1);
        expect(local.mandatoryViolations).to.deep.equal([]);
    });

    it("an existing cluster's class is configurable (local-path on kind) and replaces kind's default", async () => {
        const plan = await planConfig(localConfig({ storage: { defaultClass: { provisioner: "rancher.io/local-path", demote: ["standard"] } } }));
        const [only, ...more] = defaults(plan);
        expect(more).to.deep.equal([]);
        expect(only.props.provisioner).to.equal("rancher.io/local-path");
        const patches = plan.ofType("kubernetes:storage.k8s.io/v1:StorageClassPatch");
        expect(patches.map((p) => (p.props.metadata as Obj).name)).to.deep.equal(["standard"]);
    });

    it("a cloud stack may neither swap the provisioner nor override the encryption parameters", async () => {
        const error = await planError(() =>
            planRouting("aws", { storage: { defaultClass: { provisioner: "rancher.io/local-path", parameters: { kmsKeyId: "arn:other" } } } }),
        );
        expect(error).to.include("storage.defaultClass.provisioner: only an existing cluster may change the provisioner");
        expect(error).to.include("storage.defaultClass.parameters.kmsKeyId: is set by the cluster to encrypt volumes");
    });

    it("user parameters tune the volume type but the cluster's encryption wins (pure builder)", () => {
        const facts: StorageDefaults = {
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", kmsKeyId: kmsKeyArn },
            driverBuiltIn: false,
        };
        const config = storageSection("prod");
        const spec = defaultStorageClass({ ...config, defaultClass: { ...config.defaultClass, parameters: { type: "io2" } } }, facts);
        expect(spec.parameters).to.deep.include({ type: "io2", encrypted: "true", kmsKeyId: kmsKeyArn });
        expect(storageIssues({ ...config, defaultClass: { ...config.defaultClass, parameters: { type: "io2" } } }, facts)).to.deep.equal([]);
    });

    it("a bad reclaim policy is rejected with its key path", async () => {
        const error = await planError(() => planConfig(localConfig({ storage: { defaultClass: { reclaimPolicy: "Recycle" } } })));
        expect(error).to.match(/storage\.defaultClass\.reclaimPolicy: must be one of "Retain", "Delete"/);
    });
});
