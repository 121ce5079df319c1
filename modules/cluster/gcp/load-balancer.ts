/** Load-balancer annotations for GKE Services. */
export function gcpServiceAnnotations(internal: boolean): Record<string, string> {
    return internal ? { "networking.gke.io/load-balancer-type": "Internal" } : {};
}
