/**
 * The GKE identity binder (Workload Identity): one Google service account per binding, which only
 * exactly one Kubernetes service account in exactly one namespace may impersonate
 * (roles/iam.workloadIdentityUser for `<project>.svc.id.goog[<ns>/<sa>]`), plus its roles.
 */
import * as pulumi from "@pulumi/pulumi";
import { Account, IAMMember as ServiceAccountIAMMember } from "@pulumi/gcp/serviceaccount";
import { IAMMember as ProjectIAMMember } from "@pulumi/gcp/projects";
import { CryptoKeyIAMMember } from "@pulumi/gcp/kms";
import { BucketIAMMember } from "@pulumi/gcp/storage";
import { DnsManagedZoneIamMember } from "@pulumi/gcp/dns";
import type { Provider } from "@pulumi/gcp/provider";
import { BoundIdentity, GcpResourceType, IdentityBinder, IdentityRequest } from "../contract";
import { claimBinding } from "../identity-requests";
import { serviceAccountId, workloadIdentityMember } from "./names";

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

/** What the GKE Workload Identity binder needs from the cluster. */
export interface GkeBinderArgs {
    name: string;
    project: string;
    provider: Provider;
    parent: pulumi.Resource;
    /** The cluster: the workload pool exists once it does. */
    cluster: pulumi.Resource;
}

/** Binds service accounts to Google service accounts through the cluster's workload pool. */
export class GkeWorkloadIdentityBinder implements IdentityBinder {
    readonly mechanism = "gke-workload-identity" as const;
    private readonly bound = new Set<string>();

    constructor(private readonly args: GkeBinderArgs) {}

    bind(request: IdentityRequest, opts?: pulumi.ComponentResourceOptions): BoundIdentity {
        claimBinding(this.bound, request);
        const roles = request.permissions.gcp?.roles ?? [];
        const kinds = roles.map((r) => (r.resource === undefined ? undefined : gcpResourceKind(request.name, r.resource, r.resourceType)));
        const { name, project, provider } = this.args;
        const resOpts: pulumi.CustomResourceOptions = { parent: opts?.parent ?? this.args.parent, provider };
        const account = new Account(
            `${name}-${request.name}`,
            { project, accountId: serviceAccountId(name, request.name), displayName: `${request.namespace}/${request.serviceAccount} on ${name}` },
            resOpts,
        );
        const trust = new ServiceAccountIAMMember(
            `${name}-${request.name}-wi`,
            {
                serviceAccountId: account.name,
                role: "roles/iam.workloadIdentityUser",
                member: workloadIdentityMember(project, request.namespace, request.serviceAccount),
            },
            // The workload pool <project>.svc.id.goog exists once the cluster has Workload Identity.
            { ...resOpts, dependsOn: [this.args.cluster] },
        );
        const grants: pulumi.Resource[] = roles.map((r, i) => {
            const id = `${name}-${request.name}-${i}`;
            const member = account.member;
            switch (kinds[i]) {
                case undefined:
                    return new ProjectIAMMember(id, { project, role: r.role, member }, resOpts);
                case "kms-crypto-key":
                    return new CryptoKeyIAMMember(id, { cryptoKeyId: r.resource as pulumi.Input<string>, role: r.role, member }, resOpts);
                case "storage-bucket":
                    return new BucketIAMMember(id, { bucket: r.resource as pulumi.Input<string>, role: r.role, member }, resOpts);
                case "dns-managed-zone":
                    return new DnsManagedZoneIamMember(id, { project, managedZone: r.resource as pulumi.Input<string>, role: r.role, member }, resOpts);
            }
        });
        return {
            serviceAccountAnnotations: account.email.apply((email): Record<string, string> => ({ "iam.gke.io/gcp-service-account": email })),
            podLabels: {},
            principal: account.email,
            resources: [account, trust, ...grants],
        };
    }
}
