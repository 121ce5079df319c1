/**
 * Test stand-ins for the cloud cluster modules: a ClusterHandle per cloud with the facts the real
 * EKS/AKS/GKE modules report (provisioners, encryption parameters, load balancer annotations), a
 * recording identity binder, and a network the Kubernetes provider depends on (as a real cluster's
 * provider does through the cluster). The storage/routing add-ons run under the offline plan's mock
 * runtime against them, through the same functions and order platform.ts uses.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { PlatformContext, Scraping } from "../../../modules/addons/context";
import { installRouting, installStorage } from "../../../modules/addons/routing";
import { ebsCsiDriverInstaller } from "../../../modules/cluster/aws/ebs-csi";
import type { BoundIdentity, ClusterHandle, IdentityBinder, IdentityRequest, StorageDefaults } from "../../../modules/cluster/contract";
import { loadStackConfig } from "../../../modules/config";
import { planStack } from "../../../modules/plan";
import { PlanResult, rawConfig, TestConfig } from "../../harness";

export type ManagedCloud = "aws" | "azure" | "gcp";

export const kmsKeyArn = "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666";
export const diskEncryptionSetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/platform";
export const gcpKmsKey = "projects/acme-platform/locations/europe-west1/keyRings/platform/cryptoKeys/volumes";

/** The encryption parameter each cloud's StorageClass must carry. */
export const encryptionParameter: Record<ManagedCloud, [string, string]> = {
    aws: ["kmsKeyId", kmsKeyArn],
    azure: ["diskEncryptionSetID", diskEncryptionSetId],
    gcp: ["disk-encryption-kms-key", gcpKmsKey],
};

export const internalAnnotation: Record<ManagedCloud, [string, string]> = {
    aws: ["service.beta.kubernetes.io/aws-load-balancer-internal", "true"],
    azure: ["service.beta.kubernetes.io/azure-load-balancer-internal", "true"],
    gcp: ["networking.gke.io/load-balancer-type", "Internal"],
};

/** A stand-in cloud resource (the network, a node group, an identity's role). */
class Fake extends pulumi.CustomResource {
    constructor(type: string, name: string, opts?: pulumi.CustomResourceOptions) {
        super(`platform-test:${type}`, name, {}, opts);
    }
}

/** Records every identity request so tests can check its scope. */
export class RecordingBinder implements IdentityBinder {
    readonly requests: IdentityRequest[] = [];
    constructor(readonly mechanism: IdentityBinder["mechanism"]) {}

    bind(request: IdentityRequest, opts?: pulumi.ComponentResourceOptions): BoundIdentity {
        this.requests.push(request);
        const role = new Fake("identity:Role", `${request.name}-identity`, { parent: opts?.parent });
        const principal = pulumi.output(`principal-of-${request.namespace}-${request.serviceAccount}`);
        const key = { irsa: "eks.amazonaws.com/role-arn", "azure-workload-identity": "azure.workload.identity/client-id", "gke-workload-identity": "iam.gke.io/gcp-service-account" }[
            this.mechanism as "irsa"
        ];
        return {
            serviceAccountAnnotations: principal.apply((p) => (key ? { [key]: p } : {})),
            podLabels: this.mechanism === "azure-workload-identity" ? { "azure.workload.identity/use": "true" } : {},
            principal,
            resources: [role],
        };
    }
}

function storageFacts(cloud: ManagedCloud, binder: IdentityBinder, nodes: pulumi.Resource[]): StorageDefaults {
    switch (cloud) {
        case "aws":
            return {
                provisioner: "ebs.csi.aws.com",
                parameters: { encrypted: "true", kmsKeyId: kmsKeyArn },
                snapshotDriver: "ebs.csi.aws.com",
                driverBuiltIn: false,
                installCsiDriver: ebsCsiDriverInstaller({ clusterName: "test", identity: binder, kmsKeyArn, nodesReady: nodes }),
            };
        case "azure":
            return {
                provisioner: "disk.csi.azure.com",
                parameters: { diskEncryptionSetID: diskEncryptionSetId },
                snapshotDriver: "disk.csi.azure.com",
                driverBuiltIn: true,
                snapshotControllerBuiltIn: true,
                builtInDefaultClasses: ["default"],
            };
        case "gcp":
            return {
                provisioner: "pd.csi.storage.gke.io",
                parameters: { "disk-encryption-kms-key": gcpKmsKey },
                snapshotDriver: "pd.csi.storage.gke.io",
                driverBuiltIn: true,
                snapshotControllerBuiltIn: true,
                builtInDefaultClasses: ["standard-rwo"],
            };
    }
}

function annotations(cloud: ManagedCloud, internal: boolean): Record<string, string> {
    const [key, value] = internalAnnotation[cloud];
    const base: Record<string, string> = cloud === "aws" ? { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } : {};
    return internal ? { ...base, [key]: value } : base;
}

export interface CloudHandle {
    handle: ClusterHandle;
    binder: RecordingBinder;
    network: pulumi.Resource;
}

export function cloudHandle(cloud: ManagedCloud, overrides: Partial<StorageDefaults> = {}): CloudHandle {
    const component = new pulumi.ComponentResource("platform:cluster:TestCluster", "test");
    const network = new Fake("network:Network", "test-network", { parent: component });
    const nodes = new Fake("cluster:NodePool", "test-nodes", { parent: component, dependsOn: [network] });
    const provider = new Provider("test-k8s", { kubeconfig: "{}" }, { parent: component, dependsOn: [network] });
    const binder = new RecordingBinder({ aws: "irsa", azure: "azure-workload-identity", gcp: "gke-workload-identity" }[cloud] as IdentityBinder["mechanism"]);
    const handle: ClusterHandle = {
        name: "test",
        cloud,
        region: { aws: "eu-west-1", azure: "westeurope", gcp: "europe-west1" }[cloud],
        kubernetesVersion: "1.34",
        provider,
        kubeconfig: pulumi.secret("{}"),
        endpoint: pulumi.output("https://test"),
        network: { zones: ["a", "b", "c"] },
        storage: { ...storageFacts(cloud, binder, [nodes]), ...overrides },
        loadBalancer: { serviceAnnotations: (internal) => annotations(cloud, internal) },
        identity: binder,
        nodesReady: [nodes],
        component,
        outputs: {},
    };
    return { handle, binder, network };
}

/** A valid cluster section for `cloud`, for configs planned against a stand-in handle. */
export function clusterSection(cloud: ManagedCloud): Record<string, unknown> {
    const common = { name: "test", region: { aws: "eu-west-1", azure: "westeurope", gcp: "europe-west1" }[cloud], endpoint: { private: true } };
    return cloud === "gcp" ? { cloud, ...common, project: "acme-platform" } : { cloud, ...common };
}

export interface RoutingPlan {
    plan: PlanResult;
    binder: RecordingBinder;
    networkUrn: string;
}

/**
 * Plans storage and routing for `cloud` with the given config sections (environment defaults to dev)
 * against a stand-in handle, through the production wiring (installStorageAndRouting).
 */
export async function planRouting(
    cloud: ManagedCloud,
    sections: TestConfig = {},
    storage: Partial<StorageDefaults> = {},
    scraping?: (crds: pulumi.Resource) => Scraping,
): Promise<RoutingPlan> {
    let fixture: CloudHandle | undefined;
    const config = { environment: "dev", cluster: clusterSection(cloud), ...sections };
    const plan = new PlanResult(
        await planStack(rawConfig(config), async () => {
            fixture = cloudHandle(cloud, storage);
            const platform = new PlatformContext(loadStackConfig(), fixture.handle);
            // The composition root's order: storage, observability (which switches scraping on), routing.
            const storageArea = installStorage(platform);
            if (scraping) {
                platform.scraping = scraping(new Fake("monitoring:Crds", "monitoring-crds"));
            }
            return installRouting(platform, storageArea).outputs;
        }),
    );
    if (!fixture) {
        throw new Error("the program did not run");
    }
    const run = plan.plan.run;
    const networkUrn = run.resources.find((r) => r.type === "platform-test:network:Network")?.urn ?? "";
    return { plan, binder: fixture.binder, networkUrn };
}

/** The error a plan fails with (undefined when it succeeds), for config-rule tests. */
export async function planError(run: () => Promise<unknown>): Promise<string | undefined> {
    try {
        await run();
        return undefined;
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
}
