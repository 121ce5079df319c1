/**
 * How long `pulumi up` takes to create each kind of resource, in minutes: the estimate behind the
 * plan's critical path. Figures are typical create times from the clouds' and projects' published
 * guidance and field experience; a resource type not listed takes `defaultMinutes`.
 */
export const createMinutes: Record<string, number> = {
    // AWS
    "aws:eks/cluster:Cluster": 12,
    "aws:eks/nodeGroup:NodeGroup": 5,
    "aws:eks/addon:Addon": 2,
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": 0.2,
    "aws:ec2/natGateway:NatGateway": 2,
    "aws:ec2/vpc:Vpc": 0.3,
    "aws:ec2/subnet:Subnet": 0.2,
    "aws:kms/key:Key": 0.3,
    "aws:iam/role:Role": 0.1,
    // Azure
    "azure-native:containerservice:ManagedCluster": 8,
    "azure-native:containerservice:AgentPool": 5,
    "azure-native:network:VirtualNetwork": 0.3,
    "azure-native:network:NatGateway": 0.5,
    "azure-native:keyvault:Vault": 1,
    "azure-native:keyvault:Key": 0.2,
    // GCP
    "gcp:container/cluster:Cluster": 8,
    "gcp:container/nodePool:NodePool": 5,
    "gcp:compute/network:Network": 0.5,
    "gcp:compute/routerNat:RouterNat": 0.5,
    "gcp:kms/cryptoKey:CryptoKey": 0.2,
    // Kubernetes
    "kubernetes:helm.sh/v3:Release": 2,
    "kubernetes:core/v1:Namespace": 0.05,
    "pulumi:providers:kubernetes": 0,
};

/**
 * Charts whose release takes notably longer than a typical one (stateful sets, webhooks, many
 * workloads to roll out) or shorter (CRDs only: nothing to wait for but the API server).
 */
export const chartMinutes: Record<string, number> = {
    "prometheus-operator-crds": 0.5,
    "kube-prometheus-stack": 4,
    vault: 3,
    thanos: 3,
    gatekeeper: 3,
};

/** Releases that differ from their chart's figure: a CRD-only release of a chart that otherwise runs workloads. */
export const releaseMinutes: Record<string, number> = {
    "contour-crds": 0.5,
};

export const defaultMinutes = 0.05;

export function minutesFor(type: string, inputs: Record<string, unknown>): number {
    if (type === "kubernetes:helm.sh/v3:Release") {
        const chart =
            String(inputs.chart ?? "")
                .split("/")
                .pop() ?? "";
        return releaseMinutes[String(inputs.name ?? "")] ?? chartMinutes[chart] ?? createMinutes[type];
    }
    if (type.startsWith("pulumi:providers:")) {
        return 0;
    }
    return createMinutes[type] ?? defaultMinutes;
}
