/**
 * Test fixtures for the security area: plans of the real platform for a config (through the
 * harness), and component-level runs on a stand-in cloud ClusterHandle whose KMS and identity binder
 * record what they are asked, so cloud wiring (Vault's seal, DNS-01) is testable before or without
 * the cloud cluster modules.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { BoundIdentity, ClusterHandle, IdentityRequest, ManagedKey } from "../../../modules/cluster/contract";
import { PlatformContext } from "../../../modules/addons/context";
import { installAdmissionControl, installSecurity, SecurityInputs } from "../../../modules/addons/security";
import type { AdmissionPolicy } from "../../../modules/addons/security/gatekeeper";
import { evaluateProgram } from "../../../modules/plan/run";
import type { RecordedResource } from "../../../modules/plan/model";
import { rawConfig, TestConfig } from "../../harness";

export type Cloud = "aws" | "azure" | "gcp";

/** A minimal valid managed-cluster config section for `cloud`. */
export function cloudCluster(cloud: Cloud): Record<string, unknown> {
    const common = { name: "core", region: cloud === "gcp" ? "europe-west1" : cloud === "azure" ? "westeurope" : "eu-west-1", endpoint: { private: true } };
    return cloud === "gcp" ? { cloud, ...common, project: "acme-platform" } : { cloud, ...common };
}

/** The key facts the stand-in KMS hands out, per cloud. */
export const stackKeys: Record<Cloud, ManagedKey> = {
    aws: { cloud: "aws", region: "eu-west-1", keyId: pulumi.output("1234abcd-12ab-34cd-56ef-1234567890ab"), keyArn: pulumi.output("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"), resources: [] },
    azure: {
        cloud: "azure",
        tenantId: pulumi.output("00000000-0000-0000-0000-0000000000aa"),
        vaultName: pulumi.output("core-kv"),
        keyName: pulumi.output("vault-unseal"),
        vaultId: pulumi.output("/subscriptions/s/resourceGroups/core/providers/Microsoft.KeyVault/vaults/core-kv"),
        resources: [],
    },
    gcp: {
        cloud: "gcp",
        project: "acme-platform",
        location: "europe-west1",
        keyRing: pulumi.output("core-ring"),
        cryptoKey: pulumi.output("vault-unseal"),
        cryptoKeyId: pulumi.output("projects/acme-platform/locations/europe-west1/keyRings/core-ring/cryptoKeys/vault-unseal"),
        resources: [],
    },
};

/** The principal the stand-in binder returns for a request. */
export function principalFor(cloud: Cloud, name: string): string {
    return cloud === "aws" ? `arn:aws:iam::111122223333:role/core-${name}` : cloud === "azure" ? `client-id-${name}` : `${name}@acme-platform.iam.gserviceaccount.com`;
}

export interface CloudRun {
    resources: RecordedResource[];
    /** Every identity binding requested, in order. */
    bindings: IdentityRequest[];
    /** Purposes keys were created for. */
    keys: string[];
    one(type: string, name?: string): RecordedResource;
    release(chart: string): RecordedResource;
}

/** Runs the security area on a stand-in `cloud` cluster for `config` (cluster section replaced). */
export async function runOnCloud(cloud: Cloud, config: TestConfig, inputs: SecurityInputs = {}, policies: AdmissionPolicy[] = []): Promise<CloudRun> {
    const bindings: IdentityRequest[] = [];
    const keys: string[] = [];
    const raw = rawConfig({ environment: "dev", ...config, cluster: cloudCluster(cloud) });
    const run = await evaluateProgram(raw, async () => {
        const { parseStackConfig } = await import("../../../modules/config");
        const parsed = parseStackConfig(raw);
        const component = new pulumi.ComponentResource("test:cluster:Stand-in", "cluster");
        const handle: ClusterHandle = {
            name: "core",
            cloud,
            region: String(cloudCluster(cloud).region),
            kubernetesVersion: "1.34",
            provider: new Provider("stand-in", { kubeconfig: "stand-in" }),
            kubeconfig: pulumi.secret("stand-in"),
            endpoint: pulumi.output("https://stand-in"),
            network: { zones: ["a", "b", "c"] },
            storage: { provisioner: "stand-in", parameters: {}, driverBuiltIn: true },
            loadBalancer: { serviceAnnotations: () => ({}) },
            identity: {
                mechanism: cloud === "aws" ? "irsa" : cloud === "azure" ? "azure-workload-identity" : "gke-workload-identity",
                bind(request): BoundIdentity {
                    bindings.push(request);
                    const principal = principalFor(cloud, request.name);
                    const annotation =
                        cloud === "aws" ? "eks.amazonaws.com/role-arn" : cloud === "azure" ? "azure.workload.identity/client-id" : "iam.gke.io/gcp-service-account";
                    return {
                        serviceAccountAnnotations: pulumi.output({ [annotation]: principal }),
                        podLabels: cloud === "azure" ? { "azure.workload.identity/use": "true" } : ({} as Record<string, string>),
                        principal: pulumi.output(principal),
                        resources: [],
                    };
                },
            },
            kms: {
                createKey(purpose) {
                    keys.push(purpose);
                    return stackKeys[cloud];
                },
            },
            nodesReady: [],
            component,
            outputs: {},
        };
        const platform = new PlatformContext(parsed, handle);
        installSecurity(platform, inputs);
        installAdmissionControl(platform, policies);
        return {};
    });
    const one = (type: string, name?: string) => {
        const found = run.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
        if (found.length !== 1) {
            throw new Error(`expected one ${type} ${name ?? ""}, found ${found.length}`);
        }
        return found[0];
    };
    const release = (chart: string) => {
        const found = run.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && String(r.props.chart).split("/").pop() === chart);
        if (found.length !== 1) {
            throw new Error(`expected one ${chart} release, found ${found.length}`);
        }
        return found[0];
    };
    return { resources: run.resources, bindings, keys, one, release };
}

/** Values of a release (props hold resolved values). */
export function valuesOf(release: RecordedResource): Record<string, unknown> {
    return release.props.values as Record<string, unknown>;
}

/** A value at a dotted path of an object. */
export function at(obj: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}
