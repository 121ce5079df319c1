/**
 * The AKS identity binder (Azure Workload Identity): one user-assigned managed identity per
 * binding, federated with this cluster's OIDC issuer for exactly one namespace and service
 * account, plus its role assignments.
 */
import * as pulumi from "@pulumi/pulumi";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import type { Provider } from "@pulumi/azure-native/provider";
import { BoundIdentity, IdentityBinder, IdentityRequest } from "../contract";
import { claimBinding } from "../identity-requests";
import { serviceAccountSubject } from "../naming";
import { checkRole, roleDefinitionId } from "./roles";

/** The audience AKS workload identity tokens are issued for. */
export const workloadIdentityAudience = "api://AzureADTokenExchange";

/** What the Azure Workload Identity binder needs from the cluster. */
export interface AzureBinderArgs {
    name: string;
    location: string;
    resourceGroupName: pulumi.Output<string>;
    issuerUrl: pulumi.Output<string>;
    tenantId: pulumi.Output<string>;
    subscriptionId: pulumi.Output<string>;
    provider: Provider;
    parent: pulumi.Resource;
}

/** Binds service accounts to user-assigned managed identities federated with the cluster's OIDC issuer. */
export class AzureWorkloadIdentityBinder implements IdentityBinder {
    readonly mechanism = "azure-workload-identity" as const;
    private readonly bound = new Set<string>();

    constructor(private readonly args: AzureBinderArgs) {}

    bind(request: IdentityRequest, opts?: pulumi.ComponentResourceOptions): BoundIdentity {
        claimBinding(this.bound, request);
        const assignments = request.permissions.azure?.roleAssignments ?? [];
        assignments.forEach((a) => checkRole(a.role));
        const { name, resourceGroupName, location, provider } = this.args;
        const resOpts: pulumi.CustomResourceOptions = { parent: opts?.parent ?? this.args.parent, provider };
        const identity = new UserAssignedIdentity(`${name}-${request.name}`, { resourceGroupName, location }, resOpts);
        const credential = new FederatedIdentityCredential(
            `${name}-${request.name}`,
            {
                resourceGroupName,
                resourceName: identity.name,
                federatedIdentityCredentialResourceName: `${request.namespace}-${request.serviceAccount}`.slice(0, 120),
                issuer: this.args.issuerUrl,
                subject: serviceAccountSubject(request.namespace, request.serviceAccount),
                audiences: [workloadIdentityAudience],
            },
            resOpts,
        );
        const roleAssignments = assignments.map(
            (a, i) =>
                new RoleAssignment(
                    `${name}-${request.name}-${i}`,
                    {
                        principalId: identity.principalId,
                        principalType: "ServicePrincipal",
                        roleDefinitionId: this.args.subscriptionId.apply((sub) => roleDefinitionId(sub, a.role)),
                        scope: a.scope,
                    },
                    resOpts,
                ),
        );
        return {
            serviceAccountAnnotations: pulumi.all([identity.clientId, this.args.tenantId]).apply(([clientId, tenantId]): Record<string, string> => ({
                "azure.workload.identity/client-id": clientId,
                "azure.workload.identity/tenant-id": tenantId,
            })),
            podLabels: { "azure.workload.identity/use": "true" },
            principal: identity.clientId,
            resources: [identity, credential, ...roleAssignments],
        };
    }
}
