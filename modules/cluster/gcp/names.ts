/** Names of Google service accounts and Workload Identity members the GKE module derives (pure). */
import { boundedName } from "../naming";

/** A Google service account id (6-30 chars, `[a-z][-a-z0-9]*[a-z0-9]`) for a cluster and purpose. */
export function serviceAccountId(clusterName: string, purpose: string): string {
    let id = boundedName(clusterName, purpose, 30);
    if (id.length < 6) {
        id = `${id}-gsa`;
    }
    return id;
}

/** The Workload Identity member for one Kubernetes service account: `serviceAccount:<project>.svc.id.goog[<ns>/<sa>]`. */
export function workloadIdentityMember(project: string, namespace: string, serviceAccount: string): string {
    return `serviceAccount:${project}.svc.id.goog[${namespace}/${serviceAccount}]`;
}
