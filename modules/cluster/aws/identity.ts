/**
 * The EKS identity binder (IRSA): one IAM role per binding, assumable only with a token of exactly
 * the requested service account in exactly the requested namespace, plus its permissions. The
 * service account is annotated with the role ARN.
 */
import * as pulumi from "@pulumi/pulumi";
import { Role, RolePolicy, RolePolicyAttachment } from "@pulumi/aws/iam";
import type { Provider } from "@pulumi/aws/provider";
import { AwsPolicyStatement, BoundIdentity, IdentityBinder, IdentityRequest } from "../contract";
import { claimBinding } from "../identity-requests";
import { boundedName } from "../naming";
import { irsaTrustPolicy, policyDocument } from "./iam-documents";

/** The IAM role name the binder gives a binding: `<cluster>-<purpose>`, within IAM's 64 characters. */
export function irsaRoleName(clusterName: string, purpose: string): string {
    return boundedName(clusterName, purpose, 64);
}

/** What the IRSA binder needs from the cluster. */
export interface IrsaBinderArgs {
    /** Pulumi name prefix and IAM role name prefix (the cluster name). */
    name: string;
    oidcProviderArn: pulumi.Output<string>;
    issuerUrl: pulumi.Output<string>;
    provider: Provider;
    /** Default parent of the binding's resources. */
    parent: pulumi.Resource;
}

/** Binds service accounts to IAM roles through the cluster's OIDC provider (IRSA). */
export class IrsaBinder implements IdentityBinder {
    readonly mechanism = "irsa" as const;
    private readonly bound = new Set<string>();

    constructor(private readonly args: IrsaBinderArgs) {}

    bind(request: IdentityRequest, opts?: pulumi.ComponentResourceOptions): BoundIdentity {
        claimBinding(this.bound, request);
        const { name, oidcProviderArn, issuerUrl, provider } = this.args;
        const resOpts: pulumi.CustomResourceOptions = { parent: opts?.parent ?? this.args.parent, provider };
        const roleName = irsaRoleName(name, request.name);
        const role = new Role(
            `${name}-${request.name}`,
            {
                name: roleName,
                description: `IRSA: ${request.namespace}/${request.serviceAccount} on ${name}`,
                assumeRolePolicy: pulumi
                    .all([oidcProviderArn, issuerUrl])
                    .apply(([arn, issuer]) => irsaTrustPolicy(arn, issuer, request.namespace, request.serviceAccount)),
                maxSessionDuration: 3600,
            },
            resOpts,
        );
        const resources: pulumi.Resource[] = [role];
        const perms = request.permissions.aws;
        if (perms?.statements && perms.statements.length > 0) {
            const resolved = pulumi.output(perms.statements) as pulumi.Output<AwsPolicyStatement[]>;
            resources.push(new RolePolicy(`${name}-${request.name}`, { role: role.name, policy: resolved.apply(policyDocument) }, resOpts));
        }
        (perms?.managedPolicyArns ?? []).forEach((arn, i) => {
            resources.push(new RolePolicyAttachment(`${name}-${request.name}-${i}`, { role: role.name, policyArn: arn }, resOpts));
        });
        return {
            serviceAccountAnnotations: role.arn.apply((arn): Record<string, string> => ({
                "eks.amazonaws.com/role-arn": arn,
                "eks.amazonaws.com/sts-regional-endpoints": "true",
            })),
            podLabels: {},
            principal: role.arn,
            resources,
        };
    }
}
