/**
 * `platform:cluster`: which cluster the platform runs on. A discriminated union on `cloud`:
 * `aws` (EKS), `azure` (AKS), `gcp` (GKE), or `existing` (adopt a cluster from a kubeconfig).
 */
import { z } from "zod";
import { bounds, cidr, dnsLabel, restrictedCidr, Tier } from "../common";

/** Kubernetes minor versions the platform is tested against (every cloud module validates its own subset). */
export const supportedKubernetesVersions = ["1.32", "1.33", "1.34", "1.35"] as const;

function nodePool(tier: Tier, role: "system" | "workloads") {
    const min = tier === "prod" ? 3 : 1;
    const max = tier === "prod" ? (role === "system" ? 5 : 20) : role === "system" ? 3 : 5;
    return z
        .strictObject({
            instanceType: z.string().min(1).optional().describe("Machine type. Default: a cloud-specific general-purpose size."),
            autoscaling: bounds("node count", { min: 0, max: 1000 })
                .prefault({ min, max })
                .describe(`Autoscaling bounds. Default: ${min}..${max}.`),
            maxSurge: z
                .number()
                .int()
                .min(1)
                .max(100)
                .default(tier === "prod" ? 1 : 2)
                .describe("Extra nodes created during an upgrade, so pools roll by surging rather than being replaced. Default: 1 in prod, 2 otherwise."),
            maxUnavailable: z.number().int().min(0).max(100).default(0).describe("Nodes that may be unavailable during an upgrade. Default: 0."),
        })
        .prefault({})
        .describe(`The ${role} node pool.`);
}

function managedCommon(tier: Tier) {
    return {
        name: dnsLabel(40).describe("Cluster name, also the prefix of every cloud resource's name."),
        region: z.string().min(1).describe("Cloud region (AWS region, Azure location, GCP region)."),
        kubernetesVersion: z
            .enum(supportedKubernetesVersions)
            .default("1.34")
            .describe(`Kubernetes minor version. One of ${supportedKubernetesVersions.join(", ")}. Default: 1.34.`),
        network: z
            .strictObject({
                cidr: cidr().default("10.0.0.0/16").describe("Address space of the network created for the cluster. Default: 10.0.0.0/16."),
            })
            .prefault({})
            .describe("The cluster network."),
        endpoint: z
            .strictObject({
                private: z
                    .boolean()
                    .default(tier === "prod")
                    .describe("Private API endpoint only. Default: true in prod, false otherwise. Conflicts with publicAccessCidrs when true."),
                publicAccessCidrs: z
                    .array(restrictedCidr())
                    .default([])
                    .describe("Networks allowed to reach a public endpoint; required when the endpoint is public. Never 0.0.0.0/0. Default: []."),
            })
            .prefault({})
            .superRefine((e, ctx) => {
                if (!e.private && e.publicAccessCidrs.length === 0) {
                    ctx.addIssue({ code: "custom", path: ["publicAccessCidrs"], message: "a public endpoint needs at least one allowed CIDR (or set endpoint.private: true)" });
                }
                if (e.private && e.publicAccessCidrs.length > 0) {
                    ctx.addIssue({ code: "custom", path: ["publicAccessCidrs"], message: "conflicts with endpoint.private: true" });
                }
            })
            .describe("API server endpoint exposure."),
        nodePools: z
            .strictObject({ system: nodePool(tier, "system"), workloads: nodePool(tier, "workloads") })
            .prefault({})
            .describe("Node pools: `system` for platform services, `workloads` for tenants."),
        adminGroup: z
            .string()
            .min(1)
            .optional()
            .describe("Identity group mapped to cluster-admin (an IAM role ARN on AWS, an Entra ID group object id on Azure, a Google group on GCP)."),
    };
}

export function clusterSchema(tier: Tier) {
    return z
        .discriminatedUnion("cloud", [
            z
                .strictObject({
                    cloud: z.literal("existing").describe("Adopt an existing cluster."),
                    name: dnsLabel(40).describe("A name for the adopted cluster (used in resource names and outputs)."),
                    kubeconfig: z
                        .string()
                        .min(1)
                        .default("~/.kube/config")
                        .describe("Path to the kubeconfig file (or its contents). Default: ~/.kube/config."),
                    context: z.string().min(1).optional().describe("Kubeconfig context to use. Default: the file's current context."),
                    kubernetesVersion: z
                        .enum(supportedKubernetesVersions)
                        .default("1.34")
                        .describe(
                            `The adopted cluster's Kubernetes minor version (the platform cannot read it offline); every chart is checked against it. One of ${supportedKubernetesVersions.join(", ")}. Default: 1.34.`,
                        ),
                })
                .describe("Adopt an existing cluster (kind, minikube, any conformant distribution)."),
            z.strictObject({ cloud: z.literal("aws").describe("Create an Amazon EKS cluster."), ...managedCommon(tier) }).describe("Amazon EKS."),
            z
                .strictObject({
                    cloud: z.literal("azure").describe("Create an Azure AKS cluster."),
                    ...managedCommon(tier),
                    tenantId: z.string().uuid().optional().describe("Entra ID tenant for Kubernetes RBAC. Default: the provider's tenant."),
                })
                .describe("Azure AKS."),
            z
                .strictObject({
                    cloud: z.literal("gcp").describe("Create a Google GKE cluster."),
                    ...managedCommon(tier),
                    project: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "must be a GCP project id").describe("GCP project id."),
                })
                .describe("Google GKE."),
        ])
        .describe("The cluster: created on a cloud, or an existing one adopted.");
}

export type ClusterConfig = z.output<ReturnType<typeof clusterSchema>>;
export type Cloud = ClusterConfig["cloud"];
