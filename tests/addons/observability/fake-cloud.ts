/**
 * Plans the observability area on a stand-in managed cluster (aws, azure, gcp) under the offline
 * plan's mock runtime: the real Observability component and the real per-cloud object-store
 * factories, with a recording identity binder in place of the cloud module's. Lets the area be
 * tested on every cloud without the cloud cluster modules.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { PlatformContext } from "../../../modules/addons/context";
import { Observability } from "../../../modules/addons/observability";
import { AwsObjectStoreFactory } from "../../../modules/cluster/aws/objectstore";
import { AzureObjectStoreFactory } from "../../../modules/cluster/azure/objectstore";
import type { ClusterHandle, IdentityBinder, IdentityRequest, ObjectStoreFactory } from "../../../modules/cluster/contract";
import { GcpObjectStoreFactory } from "../../../modules/cluster/gcp/objectstore";
import { parseStackConfig } from "../../../modules/config";
import { planStack } from "../../../modules/plan";
import type { RecordedResource } from "../../../modules/plan/model";
import { PlanResult, rawConfig, TestConfig } from "../../harness";

export type ManagedCloud = "aws" | "azure" | "gcp";

/** A valid cluster section for each cloud. */
export function cloudCluster(cloud: ManagedCloud): Record<string, unknown> {
    const common = { name: "acme", region: cloud === "azure" ? "westeurope" : cloud === "aws" ? "eu-west-1" : "europe-west1", endpoint: { private: true } };
    return cloud === "gcp" ? { cloud, ...common, project: "acme-platform" } : { cloud, ...common };
}

function recordingBinder(cloud: ManagedCloud, requests: IdentityRequest[]): IdentityBinder {
    return {
        mechanism: cloud === "aws" ? "irsa" : cloud === "azure" ? "azure-workload-identity" : "gke-workload-identity",
        bind(request) {
            requests.push(request);
            const principal =
                cloud === "aws"
                    ? `arn:aws:iam::123456789012:role/acme-${request.name}`
                    : cloud === "azure"
                      ? "00000000-0000-4000-8000-0000000000aa"
                      : `acme-${request.name}@acme-platform.iam.gserviceaccount.com`;
            const annotation: Record<string, string> =
                cloud === "aws"
                    ? { "eks.amazonaws.com/role-arn": principal }
                    : cloud === "azure"
                      ? { "azure.workload.identity/client-id": principal }
                      : { "iam.gke.io/gcp-service-account": principal };
            return {
                serviceAccountAnnotations: pulumi.output<Record<string, string>>(annotation),
                podLabels: (cloud === "azure" ? { "azure.workload.identity/use": "true" } : {}) as Record<string, string>,
                principal: pulumi.output(principal),
                resources: [],
            };
        },
    };
}

function objectStores(cloud: ManagedCloud): ObjectStoreFactory {
    switch (cloud) {
        case "aws":
            return new AwsObjectStoreFactory({ clusterName: "acme", region: "eu-west-1", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/acme" });
        case "azure":
            return new AzureObjectStoreFactory({ clusterName: "acme", resourceGroupName: "acme-rg", location: "westeurope", zoneRedundant: true });
        case "gcp":
            return new GcpObjectStoreFactory({ clusterName: "acme", project: "acme-platform", location: "europe-west1" });
    }
}

export interface CloudPlan extends PlanResult {
    binds: IdentityRequest[];
}

/** Plans `config` (its `cluster` replaced by a managed cluster on `cloud`) through the Observability component. */
export async function planObservabilityOn(cloud: ManagedCloud, config: TestConfig, options: { secretSections?: string[]; storageClassName?: string } = {}): Promise<CloudPlan> {
    const raw = rawConfig({ ...config, cluster: cloudCluster(cloud) }, { secretSections: options.secretSections });
    const binds: IdentityRequest[] = [];
    const plan = await planStack(raw, async () => {
        const parsed = parseStackConfig(raw);
        const component = new pulumi.ComponentResource("platform:test:FakeCluster", "acme");
        const provider = new Provider("acme-k8s", { kubeconfig: "{}" }, { parent: component });
        const handle: ClusterHandle = {
            name: "acme",
            cloud,
            region: String(cloudCluster(cloud).region),
            kubernetesVersion: "1.34",
            provider,
            kubeconfig: pulumi.secret("{}"),
            endpoint: pulumi.output("https://acme.example"),
            network: { zones: ["a", "b", "c"] },
            storage: { provisioner: "csi", parameters: {}, driverBuiltIn: true },
            loadBalancer: { serviceAnnotations: () => ({}) },
            identity: recordingBinder(cloud, binds),
            objectStore: objectStores(cloud),
            nodesReady: [],
            component,
            outputs: {},
        };
        const platform = new PlatformContext(parsed, handle);
        const o = new Observability("observability", { platform, storageClassName: options.storageClassName });
        return { observability: o.outputs };
    });
    const result = new PlanResult(plan) as CloudPlan;
    result.binds = binds;
    return result;
}

/** A release's values as the cluster would receive them (secrets unwrapped), by release name. */
export function releaseValues(plan: PlanResult, releaseName: string): Record<string, unknown> {
    const r = plan.ofType("kubernetes:helm.sh/v3:Release").find((x) => x.props.name === releaseName);
    if (!r) {
        throw new Error(`no release named ${releaseName}; releases: ${plan.ofType("kubernetes:helm.sh/v3:Release").map((x) => x.props.name).join(", ")}`);
    }
    return r.props.values as Record<string, unknown>;
}

export function releaseNamed(plan: PlanResult, releaseName: string): RecordedResource | undefined {
    return plan.ofType("kubernetes:helm.sh/v3:Release").find((x) => x.props.name === releaseName);
}
