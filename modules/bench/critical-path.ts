/**
 * The structural minimum of a deployment: what `pulumi up` cannot go below however the program is
 * written. The cloud part (network, control plane, node pools) as planned, then the slowest chain of
 * one chart that brings CRDs or webhooks (after its namespace) plus what directly needs them
 * (custom resources, or a chart rendering them), then admission control, which by design goes in
 * last (Gatekeeper and its templates, then constraints). A critical path longer than this means some add-on waits on another
 * it does not need.
 */
import { minutesFor } from "../plan/durations";
import { PlannedResource } from "../plan/model";

const releaseType = "kubernetes:helm.sh/v3:Release";
const builtInGroups =
    /^kubernetes:(core|apps|batch|rbac\.authorization\.k8s\.io|networking\.k8s\.io|policy|storage\.k8s\.io|scheduling\.k8s\.io|admissionregistration\.k8s\.io|apiextensions\.k8s\.io|autoscaling|coordination\.k8s\.io)\//;

function isCustomObject(r: PlannedResource): boolean {
    return r.type.startsWith("kubernetes:") && r.type !== releaseType && !builtInGroups.test(r.type) && !r.type.startsWith("kubernetes:yaml");
}

function chartOf(r: PlannedResource): string {
    return (
        String(r.inputs.chart ?? "")
            .split("/")
            .pop() ?? ""
    );
}

/** Finish times along the longest dependency chain, per resource. */
function finishTimes(resources: readonly PlannedResource[], include: (r: PlannedResource) => boolean): Map<string, number> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const finish = new Map<string, number>();
    const visit = (urn: string, seen: Set<string>): number => {
        const known = finish.get(urn);
        if (known !== undefined) {
            return known;
        }
        const r = byUrn.get(urn);
        if (!r || seen.has(urn)) {
            return 0;
        }
        seen.add(urn);
        const start = Math.max(0, ...r.dependencies.map((d) => visit(d, seen)));
        const t = start + (r.custom && include(r) ? minutesFor(r.type, r.inputs) : 0);
        finish.set(urn, t);
        return t;
    };
    resources.forEach((r) => visit(r.urn, new Set()));
    return finish;
}

export function structuralMinimum(resources: readonly PlannedResource[]): number {
    const cloud = finishTimes(resources, (r) => !r.type.startsWith("kubernetes:"));
    const clusterReady = Math.max(
        0,
        ...resources.filter((r) => r.custom && !r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:")).map((r) => cloud.get(r.urn) ?? 0),
    );
    const releases = resources.filter((r) => r.type === releaseType);
    const admission = releases.filter((r) => chartOf(r) === "gatekeeper");
    const dependentsOf = (urn: string) => resources.filter((d) => d.dependencies.includes(urn) && (d.type === releaseType || isCustomObject(d)));
    // A release cannot go in before the namespace it is installed into.
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const namespaceOf = (r: PlannedResource) =>
        Math.max(
            0,
            ...r.dependencies
                .map((d) => byUrn.get(d))
                .filter((d) => d?.type === "kubernetes:core/v1:Namespace")
                .map((d) => minutesFor(d!.type, d!.inputs)),
        );
    let crdStage = 0;
    for (const r of releases.filter((x) => !admission.includes(x))) {
        const next = Math.max(
            0,
            ...dependentsOf(r.urn)
                .filter((d) => !admission.includes(d))
                .map((d) => minutesFor(d.type, d.inputs)),
        );
        crdStage = Math.max(crdStage, namespaceOf(r) + minutesFor(r.type, r.inputs) + next);
    }
    const admissionStage =
        admission.length > 0
            ? Math.max(...admission.map((g) => minutesFor(g.type, g.inputs))) + 2 * minutesFor("kubernetes:templates.gatekeeper.sh/v1:ConstraintTemplate", {})
            : 0;
    return Math.round((clusterReady + crdStage + admissionStage) * 100) / 100;
}
