/**
 * A platform service other namespaces exchange traffic with (the ingress data plane, Prometheus,
 * Vault), as its add-on states it: the namespace its pods run in and, optionally, the labels that
 * select them. Tenant and platform network policies select peers only through these.
 */

/** A platform service's pods: their namespace and, optionally, their labels. */
export interface PlatformPeer {
    /** Namespace the pods run in, known at plan time. */
    readonly namespaceName: string;
    /** Labels selecting the pods. Default: every pod of that namespace. */
    readonly podLabels?: Record<string, string>;
}

/** The automatic, immutable label every namespace carries (Kubernetes 1.22+). */
export const namespaceNameLabel = "kubernetes.io/metadata.name";

/** A namespace selector (NetworkPolicy peer), matching one namespace by its immutable name label. */
export interface NamespaceSelector {
    matchLabels: Record<string, string>;
}

/** Selects a namespace by name with the label every namespace carries. */
export function namespaceByName(name: string): NamespaceSelector {
    return { matchLabels: { [namespaceNameLabel]: name } };
}

/** The NetworkPolicy peer that selects a platform service's pods. */
export function peerSelector(peer: PlatformPeer): { namespaceSelector: NamespaceSelector; podSelector?: { matchLabels: Record<string, string> } } {
    return {
        namespaceSelector: namespaceByName(peer.namespaceName),
        ...(peer.podLabels && Object.keys(peer.podLabels).length > 0 ? { podSelector: { matchLabels: { ...peer.podLabels } } } : {}),
    };
}

/** The label every tenant namespace carries (value: the tenant's name); platform policies select tenant namespaces by it. */
export const tenantNamespaceLabel = "platform.io/tenant";

/** A namespace selector matching every tenant namespace (any value of the tenant label). */
export function tenantNamespaces(): { matchExpressions: { key: string; operator: "Exists" }[] } {
    return { matchExpressions: [{ key: tenantNamespaceLabel, operator: "Exists" }] };
}

/**
 * Cluster DNS as every supported cluster runs it: CoreDNS/kube-dns pods in kube-system labelled
 * `k8s-app: kube-dns` (EKS, AKS, GKE, kind), plus the link-local addresses of NodeLocal DNSCache
 * (169.254.20.10) and GKE's Cloud DNS metadata server (169.254.169.254), port 53 only. One shape
 * on every cloud, for tenant and platform namespaces alike.
 */
export const clusterDns = {
    namespace: "kube-system",
    podLabels: { "k8s-app": "kube-dns" },
    linkLocal: ["169.254.20.10/32", "169.254.169.254/32"],
    ports: [
        { protocol: "UDP" as const, port: 53 },
        { protocol: "TCP" as const, port: 53 },
    ],
} as const;

/** The NetworkPolicy peers of cluster DNS: the kube-dns pods and the link-local resolvers. */
export function clusterDnsPeers(): (
    { namespaceSelector: NamespaceSelector; podSelector: { matchLabels: Record<string, string> } } | { ipBlock: { cidr: string } }
)[] {
    return [
        { namespaceSelector: namespaceByName(clusterDns.namespace), podSelector: { matchLabels: { ...clusterDns.podLabels } } },
        ...clusterDns.linkLocal.map((cidr) => ({ ipBlock: { cidr } })),
    ];
}
