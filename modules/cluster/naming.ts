/**
 * Names the cluster modules derive. Cloud resource names stay within each cloud's limits, built
 * from the cluster name and a purpose: names that would be too long keep a readable prefix and end
 * in a short stable hash, so two purposes never collide after truncation.
 */
import { createHash } from "crypto";

/** `${prefix}-${purpose}` when it fits in `max` characters, else a truncated prefix plus a 6-hex hash. */
export function boundedName(prefix: string, purpose: string, max: number): string {
    const full = `${prefix}-${purpose}`;
    if (full.length <= max) {
        return full;
    }
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
    return `${full.slice(0, max - 7).replace(/-+$/, "")}-${hash}`;
}

/** `system:serviceaccount:<namespace>:<name>`: the token subject of a Kubernetes service account. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}
