/**
 * The deployment's critical path: the chain of dependent resources whose create times add up to the
 * longest wait, i.e. the least time `pulumi up` can take with unlimited parallelism. Components take
 * no time themselves; a resource waits for its dependencies and its provider.
 */
import { minutesFor } from "./durations";
import { PlannedResource } from "./model";

export interface CriticalPath {
    urns: string[];
    minutes: number;
}

export function criticalPath(resources: readonly PlannedResource[]): CriticalPath {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const finish = new Map<string, { minutes: number; prev?: string }>();
    const visiting = new Set<string>();
    const visit = (urn: string): number => {
        const done = finish.get(urn);
        if (done) {
            return done.minutes;
        }
        const r = byUrn.get(urn);
        if (!r || visiting.has(urn)) {
            return 0;
        }
        visiting.add(urn);
        let start = 0;
        let prev: string | undefined;
        for (const d of r.dependencies.filter((u) => byUrn.has(u))) {
            const t = visit(d);
            if (prev === undefined || t > start) {
                start = t;
                prev = d;
            }
        }
        visiting.delete(urn);
        const own = r.custom ? minutesFor(r.type, r.inputs) : 0;
        finish.set(urn, { minutes: start + own, prev });
        return start + own;
    };
    let last: string | undefined;
    let best = -1;
    for (const r of resources) {
        const t = visit(r.urn);
        if (t > best) {
            best = t;
            last = r.urn;
        }
    }
    const urns: string[] = [];
    for (let u = last; u !== undefined; u = finish.get(u)?.prev) {
        urns.unshift(u);
    }
    return { urns, minutes: Math.round(Math.max(best, 0) * 100) / 100 };
}
