/**
 * Where the security services' pods run: spread across zones and across nodes, so a quorum (Vault's
 * Raft voters, the admission webhook, cert-manager's webhook) survives losing a zone or draining a
 * node. In prod the spread is a hard rule (`DoNotSchedule`): a pod that would break it stays
 * Pending, and the PodDisruptionBudget keeps the others serving, rather than two replicas sharing a
 * zone. Elsewhere it is a preference (`ScheduleAnyway`), so single-zone dev clusters still schedule.
 * Pure.
 */
import type { Tier } from "../../config";

/** The two failure domains every quorum is spread over. */
export const spreadTopologyKeys = ["topology.kubernetes.io/zone", "kubernetes.io/hostname"] as const;

/** A pod's `topologySpreadConstraints` entry. */
export interface SpreadConstraint {
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
    labelSelector: { matchLabels: Record<string, string> };
    matchLabelKeys?: string[];
}

/**
 * Zone and node spread for the pods selected by `labels`. `matchLabelKeys` (the Deployment's
 * `pod-template-hash`) makes a rolling update count only the new revision's pods, so the surge pod
 * is never blocked by the old ones it replaces.
 */
export function zoneAndNodeSpread(labels: Record<string, string>, tier: Tier, matchLabelKeys: string[] = []): SpreadConstraint[] {
    return spreadTopologyKeys.map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: tier === "prod" ? "DoNotSchedule" : "ScheduleAnyway",
        labelSelector: { matchLabels: labels },
        ...(matchLabelKeys.length > 0 ? { matchLabelKeys } : {}),
    }));
}

/** A Deployment's spread (rolling updates counted per revision). */
export function deploymentSpread(labels: Record<string, string>, tier: Tier): SpreadConstraint[] {
    return zoneAndNodeSpread(labels, tier, ["pod-template-hash"]);
}
