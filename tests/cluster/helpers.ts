/**
 * Helpers for the cluster tests: plan a cluster config (optionally binding identities on the
 * handle), find recorded resources, and compute the outputs the plan's mocks gave a resource.
 */
import { parseStackConfig } from "../../modules/config";
import { createCluster } from "../../modules/cluster";
import type { ClusterHandle } from "../../modules/cluster/contract";
import { evaluateProgram, RecordedResource } from "../../modules/plan";
import { PlanMocks } from "../../modules/plan/mocks";
import { rawConfig, TestConfig, withAlertReceiver } from "../harness";

export interface ClusterPlan<T> {
    resources: RecordedResource[];
    /** What `extra` returned (awaited inside the program). */
    extra: T;
    ofType(type: string): RecordedResource[];
    one(type: string, name?: string): RecordedResource;
}

/** Plans only the cluster of `config` and runs `extra` on its handle inside the program. */
export async function planCluster<T = undefined>(config: TestConfig, extra?: (handle: ClusterHandle) => Promise<T>): Promise<ClusterPlan<T>> {
    // Only the cluster is planned: the alert receiver every prod config needs changes nothing here.
    const raw = rawConfig(withAlertReceiver(config));
    let result: T = undefined as T;
    const run = await evaluateProgram(raw, async () => {
        const handle = await createCluster(parseStackConfig(raw));
        if (extra) {
            result = await extra(handle);
        }
        return {};
    });
    const ofType = (type: string) => run.resources.filter((r) => r.type === type);
    return {
        resources: run.resources,
        extra: result,
        ofType,
        one(type: string, name?: string) {
            const found = ofType(type).filter((r) => name === undefined || r.name === name);
            if (found.length !== 1) {
                throw new Error(
                    `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${ofType(type)
                        .map((r) => r.name)
                        .join(", ")}`,
                );
            }
            return found[0];
        },
    };
}

/** The state the plan's mocks returned for a recorded resource (its inputs plus computed outputs). */
export function outputsOf(r: RecordedResource): Record<string, unknown> {
    const mocked = new PlanMocks().newResource({ type: r.type, name: r.name, inputs: r.props, provider: r.provider, custom: r.custom, id: "" });
    return { id: mocked.id, ...mocked.state };
}

/** A value at a dotted path (`a.b.0.c`) of an object. */
export function at(obj: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((o, k) => (o === null || o === undefined ? undefined : (o as Record<string, unknown>)[k]), obj);
}

const publicEndpoint = { private: false, publicAccessCidrs: ["198.51.100.0/24"] };

export function awsConfig(environment: "dev" | "staging" | "prod", cluster: Record<string, unknown> = {}): TestConfig {
    return {
        environment,
        cluster: {
            cloud: "aws",
            name: "acme",
            region: "eu-west-1",
            ...(environment === "prod" ? {} : { endpoint: publicEndpoint }),
            adminGroup: "arn:aws:iam::111122223333:role/PlatformAdmin",
            ...cluster,
        },
    };
}

export function azureConfig(environment: "dev" | "staging" | "prod", cluster: Record<string, unknown> = {}): TestConfig {
    return {
        environment,
        cluster: {
            cloud: "azure",
            name: "acme",
            region: "westeurope",
            ...(environment === "prod" ? {} : { endpoint: publicEndpoint }),
            adminGroup: "5f0c3b9e-2a71-4c1d-9e0b-7a2d4c6e8f10",
            ...cluster,
        },
    };
}

export function gcpConfig(environment: "dev" | "staging" | "prod", cluster: Record<string, unknown> = {}): TestConfig {
    return {
        environment,
        cluster: {
            cloud: "gcp",
            name: "acme",
            region: "europe-west1",
            project: "acme-platform",
            zones: ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
            ...(environment === "prod" ? {} : { endpoint: publicEndpoint }),
            adminGroup: "platform-admins@acme.example",
            ...cluster,
        },
    };
}

/** A binding the way an add-on (external-dns) asks for one. */
export const dnsBinding = {
    name: "external-dns",
    namespace: "external-dns",
    serviceAccount: "external-dns",
    permissions: {
        aws: {
            statements: [{ Effect: "Allow" as const, Action: ["route53:ChangeResourceRecordSets"], Resource: "arn:aws:route53:::hostedzone/Z0123456789ABC" }],
        },
        azure: {
            roleAssignments: [{ role: "DNS Zone Contributor", scope: "/subscriptions/s/resourceGroups/dns/providers/Microsoft.Network/dnszones/acme.example" }],
        },
        gcp: { roles: [{ role: "roles/dns.admin", resource: "projects/acme-platform/managedZones/acme-example" }] },
    },
};
