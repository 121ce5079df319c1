/** What the controllers' values builders share: data-plane sizing and spreading across zones and nodes. */
import type { Tier } from "../../config";

/** What the scheduler does with a replica it cannot place without breaking the spread. */
export type WhenUnsatisfiable = "DoNotSchedule" | "ScheduleAnyway";

/** How strictly replicas spread across zones and across nodes. */
export interface SpreadPolicy {
    zone: WhenUnsatisfiable;
    node: WhenUnsatisfiable;
}

/**
 * In prod a replica that would break the spread waits (DoNotSchedule), so a zone outage or a node
 * drain never takes the whole data plane; elsewhere the scheduler places it anyway. The zone rule is
 * strict only where every node carries `topology.kubernetes.io/zone` (the clouds' node controllers
 * set it): a strict rule on a key the nodes lack would leave every replica Pending, so an adopted
 * cluster spreads across zones as best it can (and strictly across nodes, a label every node has).
 */
export function spreadPolicy(tier: Tier, nodesCarryZoneLabels: boolean): SpreadPolicy {
    const strict: WhenUnsatisfiable = tier === "prod" ? "DoNotSchedule" : "ScheduleAnyway";
    return { zone: nodesCarryZoneLabels ? strict : "ScheduleAnyway", node: strict };
}

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
    /** How strictly replicas spread across zones and nodes. */
    spread: SpreadPolicy;
}

/** Zone first, then node: replicas spread across zones and never pile onto one node. None for one replica. */
export function spreadConstraints(labels: Record<string, string>, replicas: number, spread: SpreadPolicy): Record<string, unknown>[] {
    if (replicas < 2) {
        return [];
    }
    return (
        [
            ["topology.kubernetes.io/zone", spread.zone],
            ["kubernetes.io/hostname", spread.node],
        ] as const
    ).map(([topologyKey, whenUnsatisfiable]) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable,
        labelSelector: { matchLabels: labels },
        matchLabelKeys: ["pod-template-hash"],
    }));
}
