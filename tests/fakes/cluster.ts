/**
 * The one stand-in for the cloud cluster modules in tests: a ClusterHandle per managed cloud with the
 * facts the real EKS/AKS/GKE modules report (CSI provisioners and encryption parameters, load-balancer
 * annotations, the real per-cloud object-store factories), a recording identity binder and KMS, and a
 * network the Kubernetes provider depends on (as a real cluster's provider does). `planAddonsOn` runs
 * the real add-on runner on it under the offline plan's mock runtime, with any subset of the add-on
 * catalogue, so each add-on is tested on every cloud without the cloud cluster modules.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { AnyAddon } from "../../modules/addons/addon";
import { installAdmission } from "../../modules/addons/admission";
import type { AdmissionPolicy } from "../../modules/addons/admission";
import { catalogue } from "../../modules/addons/catalogue";
import { installNetworkPolicies } from "../../modules/addons/network-policies";
import { addonOutputs, installAddons, planAddons } from "../../modules/addons/runner";
import { ebsCsiDriverInstaller } from "../../modules/cluster/aws/ebs-csi";
import { awsServiceKey } from "../../modules/cluster/aws/kms-keys";
import { azureServiceKey } from "../../modules/cluster/azure/kms-keys";
import { clusterProfile } from "../../modules/cluster/capabilities";
import { gcpServiceKey } from "../../modules/cluster/gcp/kms-keys";
import { AwsObjectStoreFactory } from "../../modules/cluster/aws/objectstore";
import { AzureObjectStoreFactory } from "../../modules/cluster/azure/objectstore";
import type { BoundIdentity, ClusterHandle, IdentityBinder, IdentityRequest, LogService, ManagedKey, StorageDefaults } from "../../modules/cluster/contract";
import { GcpObjectStoreFactory } from "../../modules/cluster/gcp/objectstore";
import { parseStackConfig } from "../../modules/config";
import { planStack } from "../../modules/plan";
import { PlanResult, rawConfig, TestConfig } from "../harness";

export type ManagedCloud = "aws" | "azure" | "gcp";
export const managedClouds: readonly ManagedCloud[] = ["aws", "azure", "gcp"];

export const regions: Record<ManagedCloud, string> = { aws: "eu-west-1", azure: "westeurope", gcp: "europe-west1" };
export const gcpProject = "acme-platform";

/** A valid `cluster` section for `cloud` (private endpoint), for configs planned against the stand-in. */
export function clusterSection(cloud: ManagedCloud): Record<string, unknown> {
    const common = { name: "test", region: regions[cloud], endpoint: { private: true } };
    return cloud === "gcp" ? { cloud, ...common, project: gcpProject } : { cloud, ...common };
}

export const kmsKeyArn = "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666";
export const diskEncryptionSetId =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/platform";
export const gcpKmsKey = "projects/acme-platform/locations/europe-west1/keyRings/platform/cryptoKeys/volumes";

/** The encryption parameter each cloud's StorageClass must carry. */
export const encryptionParameter: Record<ManagedCloud, [string, string]> = {
    aws: ["kmsKeyId", kmsKeyArn],
    azure: ["diskEncryptionSetID", diskEncryptionSetId],
    gcp: ["disk-encryption-kms-key", gcpKmsKey],
};

/** The annotation that makes each cloud's load balancer internal. */
export const internalAnnotation: Record<ManagedCloud, [string, string]> = {
    aws: ["service.beta.kubernetes.io/aws-load-balancer-internal", "true"],
    azure: ["service.beta.kubernetes.io/azure-load-balancer-internal", "true"],
    gcp: ["networking.gke.io/load-balancer-type", "Internal"],
};

/** The cloud principal the stand-in binder returns for a binding name. */
export function principalFor(cloud: ManagedCloud, name: string): string {
    return cloud === "aws"
        ? `arn:aws:iam::111122223333:role/test-${name}`
        : cloud === "azure"
          ? `client-id-${name}`
          : `${name}@${gcpProject}.iam.gserviceaccount.com`;
}

/** The keys the stand-in KMS hands out, per cloud: built by each cloud module's own key description. */
export const stackKeys: Record<ManagedCloud, ManagedKey> = {
    aws: awsServiceKey({
        region: "eu-west-1",
        keyId: pulumi.output("1234abcd-12ab-34cd-56ef-1234567890ab"),
        keyArn: pulumi.output("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        resources: [],
    }),
    azure: azureServiceKey({
        tenantId: "00000000-0000-0000-0000-0000000000aa",
        vaultName: "test-kv",
        keyName: "vault-unseal",
        keyId: "/subscriptions/s/resourceGroups/test/providers/Microsoft.KeyVault/vaults/test-kv/keys/vault-unseal",
        resources: [],
    }),
    gcp: gcpServiceKey({
        project: gcpProject,
        location: "europe-west1",
        keyRing: "test-ring",
        cryptoKey: "vault-unseal",
        cryptoKeyId: "projects/acme-platform/locations/europe-west1/keyRings/test-ring/cryptoKeys/vault-unseal",
        resources: [],
    }),
};

/** A stand-in cloud resource (the network, a node group, an identity's role). */
export class Fake extends pulumi.CustomResource {
    constructor(type: string, name: string, opts?: pulumi.CustomResourceOptions) {
        super(`platform-test:${type}`, name, {}, opts);
    }
}

const annotationKey: Record<ManagedCloud, string> = {
    aws: "eks.amazonaws.com/role-arn",
    azure: "azure.workload.identity/client-id",
    gcp: "iam.gke.io/gcp-service-account",
};

/** Records every identity request so tests can check its scope; each binding creates one stand-in role. */
export class RecordingBinder implements IdentityBinder {
    readonly requests: IdentityRequest[] = [];
    readonly mechanism: IdentityBinder["mechanism"];

    constructor(private readonly cloud: ManagedCloud) {
        this.mechanism = ({ aws: "irsa", azure: "azure-workload-identity", gcp: "gke-workload-identity" } as const)[cloud];
    }

    bind(request: IdentityRequest, opts?: pulumi.ComponentResourceOptions): BoundIdentity {
        this.requests.push(request);
        const role = new Fake("identity:Role", `${request.name}-identity`, { parent: opts?.parent });
        const principal = principalFor(this.cloud, request.name);
        return {
            serviceAccountAnnotations: pulumi.output<Record<string, string>>({ [annotationKey[this.cloud]]: principal }),
            podLabels: this.cloud === "azure" ? { "azure.workload.identity/use": "true" } : {},
            principal: pulumi.output(principal),
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
                installCsiDriver: ebsCsiDriverInstaller({ clusterName: "test", kubernetesVersion: "1.34", identity: binder, kmsKeyArn, nodesReady: nodes }),
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

function loadBalancerAnnotations(cloud: ManagedCloud, internal: boolean): Record<string, string> {
    const [key, value] = internalAnnotation[cloud];
    const base: Record<string, string> = cloud === "aws" ? { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } : {};
    return internal ? { ...base, [key]: value } : base;
}

export interface FakeCluster {
    handle: ClusterHandle;
    binder: RecordingBinder;
    /** The stand-in network the provider and node pool depend on. */
    network: pulumi.Resource;
    /** Purposes the KMS was asked keys for, in order. */
    keys: string[];
    /** OIDC issuers the cluster was asked to trust (EKS identity provider config). */
    trustedIssuers: string[];
}

/** A stand-in managed cluster on `cloud` (create it inside a program run). */
export function fakeCluster(
    cloud: ManagedCloud,
    storage: Partial<StorageDefaults> = {},
    logs: LogService | undefined = clusterProfile(cloud).logs,
): FakeCluster {
    const component = new pulumi.ComponentResource("platform:cluster:TestCluster", "test");
    const network = new Fake("network:Network", "test-network", { parent: component });
    const nodes = new Fake("cluster:NodePool", "test-nodes", { parent: component, dependsOn: [network] });
    const provider = new Provider("test-k8s", { kubeconfig: "{}" }, { parent: component, dependsOn: [network] });
    const binder = new RecordingBinder(cloud);
    const keys: string[] = [];
    const trustedIssuers: string[] = [];
    const objectStore = {
        aws: () => new AwsObjectStoreFactory({ clusterName: "test", region: regions.aws, kmsKeyArn }),
        azure: () =>
            new AzureObjectStoreFactory({
                clusterName: "test",
                resourceGroupName: "test-rg",
                location: regions.azure,
                zoneRedundant: true,
                encryption: {
                    keyName: "objects",
                    vaultUri: "https://test-kv.vault.azure.net/",
                    identityId: "/subscriptions/s/resourceGroups/test-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/test-objects-cmk",
                    ready: [],
                },
                privateAccess: {
                    subnetId: "/subscriptions/s/resourceGroups/test-rg/providers/Microsoft.Network/virtualNetworks/test/subnets/nodes",
                    blobDnsZoneId: "/subscriptions/s/resourceGroups/test-rg/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net",
                    ready: [],
                },
            }),
        gcp: () => new GcpObjectStoreFactory({ clusterName: "test", project: gcpProject, location: regions.gcp }),
    }[cloud]();
    const handle: ClusterHandle = {
        name: "test",
        cloud,
        region: regions[cloud],
        kubernetesVersion: "1.34",
        provider,
        kubeconfig: pulumi.secret("{}"),
        endpoint: pulumi.output("https://test"),
        network: { zones: ["a", "b", "c"] },
        storage: { ...storageFacts(cloud, binder, [nodes]), ...storage },
        loadBalancer: { serviceAnnotations: (internal) => loadBalancerAnnotations(cloud, internal), awaitAddress: true },
        identity: binder,
        // The cloud's own DNS and log services (pure), as the real handle carries them.
        dns: clusterProfile(cloud).dns,
        logs,
        managedControlPlane: true,
        objectStore,
        kms: {
            createKey(purpose) {
                keys.push(purpose);
                return stackKeys[cloud];
            },
        },
        ...(cloud === "aws"
            ? {
                  trustOidcIssuer: (request) => {
                      trustedIssuers.push(String(request.issuerUrl));
                      return [new Fake("cluster:OidcIdentityProvider", `test-oidc-${trustedIssuers.length}`, { parent: component })];
                  },
              }
            : {}),
        nodesReady: [nodes],
        component,
        outputs: {},
    };
    return { handle, binder, network, keys, trustedIssuers };
}

export interface AddonsRunOptions {
    /** The add-ons to install (default: the whole catalogue); the runner orders them. */
    addons?: readonly AnyAddon[];
    /** Storage facts replacing the stand-in's. */
    storage?: Partial<StorageDefaults>;
    /** The cluster's log service, replacing the cloud's (a contract another cloud module fulfils, tested ahead of it). */
    logs?: LogService;
    /** Also install admission control (with these rendered policies) and the platform network policies, as the composition root does. */
    admission?: { policies: AdmissionPolicy[] };
    /** Top-level sections whose values are treated as encrypted (`secure:`). */
    secretSections?: string[];
}

/** A finished plan of add-ons on a stand-in cluster, with what the stand-in was asked. */
export class AddonsRun extends PlanResult {
    binder!: RecordingBinder;
    keys!: string[];
    trustedIssuers!: string[];
    /** URN of the stand-in network. */
    networkUrn!: string;

    /** The one release of `chart` (its chart name: the last path segment of `chart`). */
    release(chart: string) {
        const found = this.releases(chart);
        if (found.length !== 1) {
            throw new Error(
                `expected one ${chart} release, found ${found.length}: ${this.releases()
                    .map((r) => String(r.props.chart))
                    .join(", ")}`,
            );
        }
        return found[0];
    }

    /** The values of the release named `releaseName` (secrets unwrapped). */
    valuesOf(releaseName: string): Record<string, unknown> {
        const r = this.releases().find((x) => x.props.name === releaseName);
        if (!r) {
            throw new Error(
                `no release named ${releaseName}; releases: ${this.releases()
                    .map((x) => x.props.name)
                    .join(", ")}`,
            );
        }
        return r.props.values as Record<string, unknown>;
    }
}

/**
 * Plans `config` (its `cluster` section replaced by a managed cluster on `cloud`; environment dev
 * unless set) with the real add-on runner on the stand-in cluster. Config problems fail as the real
 * program's do (a ConfigError naming the key).
 */
export async function planAddonsOn(cloud: ManagedCloud, config: TestConfig = {}, options: AddonsRunOptions = {}): Promise<AddonsRun> {
    const raw = rawConfig({ environment: "dev", ...config, cluster: clusterSection(cloud) }, { secretSections: options.secretSections });
    let fake: FakeCluster | undefined;
    const plan = await planStack(raw, async () => {
        const parsed = parseStackConfig(raw);
        fake = fakeCluster(cloud, options.storage, "logs" in options ? options.logs : clusterProfile(cloud).logs);
        const addons = planAddons(options.addons ?? catalogue, parsed);
        const installed = installAddons(addons, parsed, fake.handle);
        if (options.admission) {
            const admission = installAdmission(parsed, fake.handle, installed, options.admission.policies);
            installNetworkPolicies(parsed, admission ? installed.including(admission.installed) : installed, fake.handle.network.apiServerCidrs);
        }
        return { addons: addonOutputs(addons, installed, parsed) };
    });
    if (!fake) {
        throw new Error("the program did not run");
    }
    const run = new AddonsRun(plan);
    run.binder = fake.binder;
    run.keys = fake.keys;
    run.trustedIssuers = fake.trustedIssuers;
    run.networkUrn = plan.run.resources.find((r) => r.type === "platform-test:network:Network")?.urn ?? "";
    return run;
}

/** The message a plan fails with (undefined when it succeeds), for config-rule tests. */
export async function planError(run: () => Promise<unknown>): Promise<string | undefined> {
    try {
        await run();
        return undefined;
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
}

/** A value at a dotted path of an object (`spec.acme.solvers.0`). */
export function at(obj: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}
