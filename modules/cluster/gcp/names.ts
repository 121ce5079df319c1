/** Pure naming and resource-kind helpers for the GKE module. */
import type { GcpResourceType } from "../contract";
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

/** The GKE and Compute Engine service agents of a project (they use CMEK keys for etcd and disks). */
export function serviceAgents(projectNumber: string): { gke: string; compute: string } {
    return {
        gke: `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
        compute: `serviceAccount:service-${projectNumber}@compute-system.iam.gserviceaccount.com`,
    };
}

/** What a role's `resource` is: stated, or recognised from a plain string id. Throws when it cannot tell. */
export function gcpResourceKind(binding: string, resource: unknown, stated?: GcpResourceType): GcpResourceType {
    if (stated) {
        return stated;
    }
    if (typeof resource === "string") {
        if (/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.test(resource)) {
            return "kms-crypto-key";
        }
        if (/^projects\/[^/]+\/managedZones\/[^/]+$/.test(resource)) {
            return "dns-managed-zone";
        }
    }
    throw new Error(`identity binding '${binding}': set resourceType for a GCP role on a resource (kms-crypto-key, storage-bucket or dns-managed-zone)`);
}

/** Control-plane log components sent to Cloud Logging (audit logs of the API are always on in Cloud Audit Logs). */
export const gkeLoggingComponents = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"] as const;

/** Roles of the nodes' own service account: the minimal node role and image pulls. */
export const nodeServiceAccountRoles = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"] as const;

/** Ports admission webhooks listen on, opened from the private control plane to nodes (443 and 10250 are open by default). */
export const webhookPorts = ["8443", "9443", "15017"] as const;
