/**
 * `platform:cluster`: which cluster the platform runs on. A discriminated union on `cloud`:
 * `aws` (EKS), `azure` (AKS), `gcp` (GKE), or `existing` (adopt a cluster from a kubeconfig).
 * Each managed cloud has its own network union on `mode` (`create` a network, or use an
 * `existing` one by id) and its own list of supported Kubernetes versions.
 */
import { z } from "zod";
import { cidrsOverlap, isCidr, prefixOf } from "../../lib/cidr";
import { bounds, cidr, dnsLabel, restrictedCidr, Tier } from "../common";
import { checkPlacement } from "./placement";

/**
 * Kubernetes minor versions each cloud offers (late 2026) and the platform is tested against.
 * EKS: 1.33 and 1.34 in extended support, 1.35 and 1.36 in standard support. AKS: the three GA
 * minors. GKE: the minors of the Regular channel (1.35 is in every channel).
 */
export const kubernetesVersions = {
    aws: ["1.33", "1.34", "1.35", "1.36"],
    azure: ["1.34", "1.35", "1.36"],
    gcp: ["1.34", "1.35", "1.36"],
} as const;

/** Every minor version some cloud supports (each cloud module validates its own subset). */
export const supportedKubernetesVersions = ["1.33", "1.34", "1.35", "1.36"] as const;

/** The default minor version on every cloud: in standard support everywhere in late 2026. */
export const defaultKubernetesVersion = "1.35";

/** Adds an issue for every pair of the named CIDR fields that overlap. */
function noOverlaps(fields: string[]) {
    return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
        for (let i = 0; i < fields.length; i++) {
            for (let j = i + 1; j < fields.length; j++) {
                const a = value[fields[i]];
                const b = value[fields[j]];
                if (typeof a === "string" && typeof b === "string" && cidrsOverlap(a, b)) {
                    ctx.addIssue({ code: "custom", path: [fields[j]], message: `overlaps ${fields[i]} (${a}); the ranges must be disjoint` });
                }
            }
        }
    };
}

/** Retention periods (days) CloudWatch Logs accepts that suit audit logs. */
const cloudWatchRetention = [7, 14, 30, 60, 90, 180, 365, 400, 545, 731, 1827, 3653];

function nodePool(tier: Tier, role: "system" | "workloads") {
    const min = tier === "prod" ? 3 : 1;
    const max = tier === "prod" ? (role === "system" ? 5 : 20) : role === "system" ? 3 : 5;
    const disk = tier === "prod" ? 100 : 50;
    return z
        .strictObject({
            instanceType: z
                .string()
                .min(1)
                .optional()
                .describe(
                    "Machine type, in the cluster's cloud's naming (an EC2 instance type, an Azure VM size, a Compute Engine machine type; another cloud's is refused). Default: system m6i.large / workloads m6i.xlarge (AWS), Standard_D4ds_v5 (Azure), e2-standard-4 / n2-standard-4 (GCP).",
                ),
            autoscaling: bounds("node count", { min: 0, max: 1000 })
                .prefault({ min, max })
                .describe(
                    `Autoscaling bounds. On GKE they are per zone (a regional pool spans 3 zones). Default: ${min}..${max}.${role === "system" ? " The system pool needs min >= 1." : ""}`,
                ),
            maxSurge: z
                .number()
                .int()
                .min(1)
                .max(100)
                .default(tier === "prod" ? 1 : 2)
                .describe("Extra nodes created during an upgrade, so pools roll by surging rather than being replaced. Default: 1 in prod, 2 otherwise."),
            maxUnavailable: z.number().int().min(0).max(100).default(0).describe("Nodes that may be unavailable during an upgrade. Default: 0."),
            diskSizeGb: z.number().int().min(30).max(2048).default(disk).describe(`OS disk size in GiB. Default: ${disk}.`),
        })
        .prefault({})
        .refine((p) => role !== "system" || p.autoscaling.min >= 1, { path: ["autoscaling", "min"], message: "the system pool needs at least one node" })
        .describe(`The ${role} node pool.`);
}

const endpointFields = {
    private: z.boolean(),
    publicAccessCidrs: z
        .array(restrictedCidr())
        .default([])
        .describe("Networks allowed to reach a public endpoint; required when the endpoint is public. Never 0.0.0.0/0. Default: []."),
    privateAccessCidrs: z
        .array(cidr())
        .default([])
        .describe(
            "Networks inside or peered with the cluster network (VPN, CI runners) allowed to reach the private endpoint, beyond the nodes. Default: [] (nodes only).",
        ),
};

function endpoint(tier: Tier) {
    return z
        .strictObject({
            ...endpointFields,
            private: endpointFields.private
                .default(tier === "prod")
                .describe("Private API endpoint only. Default: true in prod, false otherwise. Conflicts with publicAccessCidrs when true."),
        })
        .prefault({})
        .superRefine((e, ctx) => {
            if (!e.private && e.publicAccessCidrs.length === 0) {
                ctx.addIssue({
                    code: "custom",
                    path: ["publicAccessCidrs"],
                    message: "a public endpoint needs at least one allowed CIDR (or set endpoint.private: true)",
                });
            }
            if (e.private && e.publicAccessCidrs.length > 0) {
                ctx.addIssue({ code: "custom", path: ["publicAccessCidrs"], message: "conflicts with endpoint.private: true" });
            }
            if (tier === "prod" && !e.private) {
                ctx.addIssue({ code: "custom", path: ["private"], message: "prod clusters must use a private endpoint" });
            }
        })
        .describe("API server endpoint exposure.");
}

function managedCommon(tier: Tier, cloud: "aws" | "azure" | "gcp") {
    const versions = kubernetesVersions[cloud];
    return {
        name: dnsLabel(40).describe("Cluster name, also the prefix of every cloud resource's name."),
        region: z
            .string()
            .min(1)
            .describe("Cloud region (AWS region, Azure location, GCP region), one of the cloud's regions in modules/config/sections/cloud-regions.ts."),
        kubernetesVersion: z
            .enum(versions)
            .default(defaultKubernetesVersion)
            .describe(`Kubernetes minor version. One of ${versions.join(", ")}. Default: ${defaultKubernetesVersion}.`),
        endpoint: endpoint(tier),
        nodePools: z
            .strictObject({ system: nodePool(tier, "system"), workloads: nodePool(tier, "workloads") })
            .prefault({})
            .describe("Node pools: `system` for platform services, `workloads` for tenants."),
        tags: z
            .record(z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, "must be a lowercase label key"), z.string().max(63))
            .default({})
            .describe("Extra tags (AWS, Azure) or labels (GCP) on every cloud resource. Default: {}."),
    };
}

const awsNetwork = (tier: Tier) =>
    z
        .union([
            z
                .strictObject({
                    mode: z.literal("create").default("create").describe("Create the network (the default when `mode` is omitted)."),
                    cidr: cidr().default("10.0.0.0/16").describe("VPC address space (at least /20). Default: 10.0.0.0/16."),
                    zones: z
                        .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "must be an availability zone name such as eu-west-1a"))
                        .length(3)
                        .optional()
                        .describe("The three availability zones. Default: the region's a, b and c zones."),
                    natGateways: z
                        .enum(["single", "perZone"])
                        .default(tier === "prod" ? "perZone" : "single")
                        .describe("NAT egress: one gateway per zone (zone-independent) or one shared. Default: perZone in prod, single otherwise."),
                    serviceCidr: cidr().default("172.20.0.0/16").describe("Kubernetes Service address range. Default: 172.20.0.0/16."),
                })
                .superRefine((n, ctx) => {
                    if (isCidr(n.cidr) && prefixOf(n.cidr) > 20) {
                        ctx.addIssue({ code: "custom", path: ["cidr"], message: "must be /20 or larger to hold three private and three public subnets" });
                    }
                    noOverlaps(["cidr", "serviceCidr"])(n, ctx);
                })
                .describe("Create a VPC with private subnets in three zones, public subnets for load balancers and NAT egress."),
            z
                .strictObject({
                    mode: z.literal("existing").describe("Bring your own network."),
                    vpcId: z
                        .string()
                        .regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id such as vpc-0abc12345def67890")
                        .describe("The VPC id."),
                    cidr: cidr().describe(
                        "The VPC's address space, which holds the private subnets: network policies allow API-server egress to it (the control plane's network interfaces sit in those subnets).",
                    ),
                    privateSubnetIds: z
                        .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id such as subnet-0abc12345def67890"))
                        .min(2)
                        .describe("Private subnets (with NAT egress) in at least two zones, tagged kubernetes.io/role/internal-elb=1."),
                    zones: z.array(z.string().min(1)).min(2).describe("The zones of the private subnets."),
                    serviceCidr: cidr().default("172.20.0.0/16").describe("Kubernetes Service address range. Default: 172.20.0.0/16."),
                })
                .superRefine(noOverlaps(["cidr", "serviceCidr"]))
                .describe("Use an existing VPC and private subnets (bring your own network)."),
        ])
        .prefault({})
        .describe("The cluster network: `mode: create` (default) or `mode: existing` with ids.");

const azureNetwork = () =>
    z
        .union([
            z
                .strictObject({
                    mode: z.literal("create").default("create").describe("Create the network (the default when `mode` is omitted)."),
                    cidr: cidr().default("10.0.0.0/16").describe("VNet address space; the node subnet is its first quarter. Default: 10.0.0.0/16."),
                    podCidr: cidr().default("10.244.0.0/16").describe("Pod range (Azure CNI overlay). Default: 10.244.0.0/16."),
                    serviceCidr: cidr().default("10.96.0.0/16").describe("Kubernetes Service range. Default: 10.96.0.0/16."),
                })
                .superRefine((n, ctx) => {
                    if (isCidr(n.cidr) && prefixOf(n.cidr) > 22) {
                        ctx.addIssue({ code: "custom", path: ["cidr"], message: "must be /22 or larger (the node subnet is a quarter of it)" });
                    }
                    noOverlaps(["cidr", "podCidr", "serviceCidr"])(n, ctx);
                })
                .describe("Create a VNet with a node subnet and a zone-redundant NAT gateway for egress."),
            z
                .strictObject({
                    mode: z.literal("existing").describe("Bring your own network."),
                    subnetId: z
                        .string()
                        .regex(
                            /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i,
                            "must be a subnet resource id (/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>)",
                        )
                        .describe("The node subnet's resource id. Its egress (NAT gateway) must already exist."),
                    cidr: cidr().describe("The node subnet's address range."),
                    apiServerSubnetId: z
                        .string()
                        .regex(
                            /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i,
                            "must be a subnet resource id (/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>)",
                        )
                        .describe(
                            "An empty subnet of the same VNet (at least a /28), delegated to Microsoft.ContainerService/managedClusters, for the API server (API Server VNet Integration). It keeps the Key Vault for KMS private and is the only range pods may reach the API server in.",
                        ),
                    apiServerSubnetCidr: cidr().describe("The API server subnet's address range (a /28 or larger)."),
                    podCidr: cidr().default("10.244.0.0/16").describe("Pod range (Azure CNI overlay). Default: 10.244.0.0/16."),
                    serviceCidr: cidr().default("10.96.0.0/16").describe("Kubernetes Service range. Default: 10.96.0.0/16."),
                })
                .superRefine((n, ctx) => {
                    if (isCidr(n.apiServerSubnetCidr) && prefixOf(n.apiServerSubnetCidr) > 28) {
                        ctx.addIssue({ code: "custom", path: ["apiServerSubnetCidr"], message: "must be a /28 or larger (AKS API Server VNet Integration)" });
                    }
                    if (n.apiServerSubnetId.toLowerCase() === n.subnetId.toLowerCase()) {
                        ctx.addIssue({ code: "custom", path: ["apiServerSubnetId"], message: "must be a subnet of its own, not the node subnet" });
                    }
                    noOverlaps(["cidr", "apiServerSubnetCidr", "podCidr", "serviceCidr"])(n, ctx);
                })
                .describe("Use an existing subnet (bring your own network)."),
        ])
        .prefault({})
        .describe("The cluster network: `mode: create` (default) or `mode: existing` with ids.");

const gcpNetwork = () =>
    z
        .union([
            z
                .strictObject({
                    mode: z.literal("create").default("create").describe("Create the network (the default when `mode` is omitted)."),
                    cidr: cidr().default("10.0.0.0/20").describe("Node subnet range. Default: 10.0.0.0/20."),
                    podCidr: cidr().default("10.16.0.0/14").describe("Pod secondary range. Default: 10.16.0.0/14."),
                    serviceCidr: cidr().default("10.20.0.0/20").describe("Service secondary range. Default: 10.20.0.0/20."),
                    masterCidr: cidr().default("172.16.0.0/28").describe("The control plane's /28 range. Default: 172.16.0.0/28."),
                })
                .superRefine((n, ctx) => {
                    if (isCidr(n.masterCidr) && prefixOf(n.masterCidr) !== 28) {
                        ctx.addIssue({ code: "custom", path: ["masterCidr"], message: "must be a /28" });
                    }
                    noOverlaps(["cidr", "podCidr", "serviceCidr", "masterCidr"])(n, ctx);
                })
                .describe("Create a VPC network, a regional subnet with pod and service ranges, and Cloud NAT."),
            z
                .strictObject({
                    mode: z.literal("existing").describe("Bring your own network."),
                    network: z.string().min(1).describe("The VPC network (name or self link)."),
                    subnetwork: z.string().min(1).describe("The regional subnetwork (name or self link), with Cloud NAT egress."),
                    podRangeName: z.string().min(1).describe("Name of the subnetwork's secondary range for pods."),
                    serviceRangeName: z.string().min(1).describe("Name of the subnetwork's secondary range for services."),
                    cidr: cidr().describe("The subnetwork's primary range."),
                    masterCidr: cidr().default("172.16.0.0/28").describe("The control plane's /28 range. Default: 172.16.0.0/28."),
                })
                .superRefine(noOverlaps(["cidr", "masterCidr"]))
                .describe("Use an existing network and subnetwork (bring your own network)."),
        ])
        .prefault({})
        .describe("The cluster network: `mode: create` (default) or `mode: existing` with names.");

export function clusterSchema(tier: Tier) {
    return z
        .discriminatedUnion("cloud", [
            z
                .strictObject({
                    cloud: z.literal("existing").describe("Adopt an existing cluster."),
                    name: dnsLabel(40).describe("A name for the adopted cluster (used in resource names and outputs)."),
                    kubeconfig: z.string().min(1).default("~/.kube/config").describe("Path to the kubeconfig file (or its contents). Default: ~/.kube/config."),
                    context: z.string().min(1).optional().describe("Kubeconfig context to use. Default: the file's current context."),
                    kubernetesVersion: z
                        .enum(supportedKubernetesVersions)
                        .default("1.34")
                        .describe(
                            `The adopted cluster's Kubernetes minor version (the platform cannot read it offline); every chart is checked against it. One of ${supportedKubernetesVersions.join(", ")}. Default: 1.34.`,
                        ),
                })
                .describe("Adopt an existing cluster (kind, minikube, any conformant distribution)."),
            z
                .strictObject({
                    cloud: z.literal("aws").describe("Create an Amazon EKS cluster."),
                    ...managedCommon(tier, "aws"),
                    network: awsNetwork(tier),
                    adminGroup: z
                        .string()
                        .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
                        .optional()
                        .describe(
                            "IAM role (e.g. an SSO admin role) given cluster-admin through an EKS access entry. Must not be the role that runs pulumi (it is already admin). Default: none.",
                        ),
                    logRetentionDays: z
                        .number()
                        .int()
                        .refine((d) => cloudWatchRetention.includes(d), { message: `must be one of ${cloudWatchRetention.join(", ")}` })
                        .default(tier === "prod" ? 365 : 30)
                        .describe(
                            `Retention in days of the control-plane (audit) log group, one of ${cloudWatchRetention.join(", ")}. Default: 365 in prod, 30 otherwise.`,
                        ),
                    supportType: z
                        .enum(["STANDARD", "EXTENDED"])
                        .default("STANDARD")
                        .describe("EKS upgrade policy: STANDARD auto-upgrades at end of standard support; EXTENDED stays (paid). Default: STANDARD."),
                })
                .superRefine(checkPlacement("aws"))
                .describe("Amazon EKS."),
            z
                .strictObject({
                    cloud: z.literal("azure").describe("Create an Azure AKS cluster."),
                    ...managedCommon(tier, "azure"),
                    network: azureNetwork(),
                    tenantId: z.string().uuid().optional().describe("Entra ID tenant for Kubernetes RBAC. Default: the provider's tenant."),
                    adminGroup: z
                        .string()
                        .uuid("must be an Entra ID group object id (a UUID)")
                        .optional()
                        .describe("Entra ID group (object id) given cluster-admin (AKS aadProfile.adminGroupObjectIDs). Default: none."),
                    skuTier: z
                        .enum(["Free", "Standard", "Premium"])
                        .default(tier === "prod" ? "Standard" : "Free")
                        .describe("AKS control-plane tier (Standard has the uptime SLA). Default: Standard in prod, Free otherwise."),
                    logRetentionDays: z
                        .number()
                        .int()
                        .min(30)
                        .max(730)
                        .default(tier === "prod" ? 365 : 30)
                        .describe(
                            "Retention of the Log Analytics workspace holding audit and container logs (Container Insights), and of the VNet flow logs (at most 365 days there). Default: 365 in prod, 30 otherwise.",
                        ),
                    networkWatcher: z
                        .strictObject({
                            resourceGroup: z.string().min(1).default("NetworkWatcherRG").describe("Its resource group. Default: NetworkWatcherRG."),
                            name: z.string().min(1).optional().describe("Its name. Default: NetworkWatcher_<region>."),
                        })
                        .prefault({})
                        .describe(
                            "The region's Network Watcher (Azure creates one per subscription and region) that holds the VNet flow logs. Default: Azure's own, NetworkWatcherRG/NetworkWatcher_<region>.",
                        ),
                })
                .superRefine(checkPlacement("azure"))
                .describe("Azure AKS."),
            z
                .strictObject({
                    cloud: z.literal("gcp").describe("Create a Google GKE cluster."),
                    ...managedCommon(tier, "gcp"),
                    network: gcpNetwork(),
                    project: z
                        .string()
                        .regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "must be a GCP project id")
                        .describe("GCP project id."),
                    adminGroup: z
                        .string()
                        .email("must be a Google group email address")
                        .optional()
                        .describe("Google group bound to cluster-admin (Kubernetes RBAC via Google Groups for RBAC). Default: none."),
                    securityGroup: z
                        .string()
                        .regex(/^gke-security-groups@[a-z0-9.-]+$/, "must be gke-security-groups@<your domain>")
                        .optional()
                        .describe("Google Groups for RBAC parent group. Default: gke-security-groups@<adminGroup's domain> when adminGroup is set."),
                    zones: z
                        .array(z.string().regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, "must be a zone name such as europe-west1-b"))
                        .length(3)
                        .optional()
                        .describe("The three zones of the regional cluster's nodes. Default: three zones GKE picks in the region."),
                    releaseChannel: z
                        .enum(["RAPID", "REGULAR", "STABLE", "EXTENDED"])
                        .default(tier === "prod" ? "STABLE" : "REGULAR")
                        .describe("GKE release channel; kubernetesVersion must be offered in it. Default: STABLE in prod, REGULAR otherwise."),
                })
                .superRefine((c, ctx) => {
                    for (const [k, v] of Object.entries(c.tags)) {
                        if (!/^[a-z0-9_-]*$/.test(v)) {
                            ctx.addIssue({
                                code: "custom",
                                path: ["tags", k],
                                message: "GCP label values may hold only lowercase letters, digits, '_' and '-'",
                            });
                        }
                    }
                    if (c.releaseChannel === "STABLE" && c.kubernetesVersion === "1.36") {
                        ctx.addIssue({ code: "custom", path: ["kubernetesVersion"], message: "1.36 is not yet offered in the STABLE channel (1.34, 1.35)" });
                    }
                })
                .superRefine(checkPlacement("gcp"))
                .describe("Google GKE."),
        ])
        .describe("The cluster: created on a cloud, or an existing one adopted.");
}

export type ClusterConfig = z.output<ReturnType<typeof clusterSchema>>;
export type Cloud = ClusterConfig["cloud"];
/** The configuration of one managed cloud's cluster. */
export type ManagedClusterConfig<C extends "aws" | "azure" | "gcp"> = Extract<ClusterConfig, { cloud: C }>;
