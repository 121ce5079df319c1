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
