/** What the nginx and Contour values builders share: data-plane sizing and zone spreading. */

export interface DataPlaneOptions {
    /** Data-plane replicas (nginx controllers or Envoy proxies). */
    replicas: number;
    /** The Helm release name (selector labels use it). */
    releaseName: string;
    /** The controller's namespace. */
    namespace: string;
    /** Name of the platform's one LoadBalancer Service the controller publishes through. */
    loadBalancerServiceName: string;
    /** Registry host for charts that split registry and repository (the air-gap mirror or upstream). */
    registry: (upstream: string) => string;
}

/** Zone first, then node: replicas spread across zones and never pile onto one node. None for one replica. */
export function spreadConstraints(labels: Record<string, string>, replicas: number): Record<string, unknown>[] {
    if (replicas < 2) {
        return [];
    }
    return ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: labels },
        matchLabelKeys: ["pod-template-hash"],
    }));
}
