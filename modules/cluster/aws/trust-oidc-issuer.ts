/**
 * Registers an OIDC issuer (Dex) with EKS as an identity provider config, so `kubectl` tokens from
 * it authenticate to the API server. The EKS module hands `eksTrustOidcIssuer(...)` to the handle as
 * `trustOidcIssuer`. User names are prefixed `oidc:` so they never collide with IAM-mapped users;
 * group names are kept as the identity provider sends them, so RBAC binds the same group names on
 * every cloud.
 */
import * as pulumi from "@pulumi/pulumi";
import { IdentityProviderConfig } from "@pulumi/aws/eks";
import type { OidcIssuerRequest } from "../contract";

export function eksTrustOidcIssuer(name: string, clusterName: pulumi.Input<string>, base: pulumi.CustomResourceOptions) {
    return (request: OidcIssuerRequest, opts?: pulumi.CustomResourceOptions): pulumi.Resource[] => [
        new IdentityProviderConfig(
            `${name}-oidc`,
            {
                clusterName,
                oidc: {
                    identityProviderConfigName: "platform-oidc",
                    issuerUrl: request.issuerUrl,
                    clientId: request.clientId,
                    usernameClaim: request.usernameClaim,
                    usernamePrefix: "oidc:",
                    groupsClaim: request.groupsClaim,
                },
            },
            { ...base, ...opts },
        ),
    ];
}
