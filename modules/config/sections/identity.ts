/**
 * `platform:identity`: the OIDC identity layer. A discriminated union on `provider`:
 * `dex` (an OIDC broker in front of OIDC, GitHub, LDAP or SAML; used by Grafana and, where the
 * cloud allows it, by the cluster), `pinniped` (Supervisor + Concierge: OIDC login on any cluster,
 * AKS and GKE included), or `none`.
 */
import { z } from "zod";
import { addon, replicaCount, secret, Tier } from "../common";

const httpsUrl = () => z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, "must be an https:// URL");
const connectorId = () => z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "must be lowercase letters, digits and '-', starting with a letter");

function connectorSchema() {
    const common = {
        id: connectorId().describe("Connector id (appears in login URLs and user ids)."),
        name: z.string().min(1).describe("Name shown on the login page."),
    };
    return z.discriminatedUnion("type", [
        z
            .strictObject({
                type: z.literal("oidc").describe("Connector type."),
                ...common,
                issuer: httpsUrl().describe("Upstream OIDC issuer URL."),
                clientId: z.string().min(1).describe("Client id registered at the upstream provider."),
                clientSecret: secret().describe("Client secret (secret)."),
                scopes: z
                    .array(z.string().min(1))
                    .default(["openid", "profile", "email", "groups"])
                    .describe("Scopes requested upstream. Default: openid, profile, email, groups."),
                groupsClaim: z.string().min(1).default("groups").describe("Upstream claim holding group names. Default: groups."),
            })
            .describe("An upstream OIDC provider (Entra ID, Google, Okta, Keycloak...)."),
        z
            .strictObject({
                type: z.literal("github").describe("Connector type."),
                ...common,
                clientId: z.string().min(1).describe("GitHub OAuth app client id."),
                clientSecret: secret().describe("GitHub OAuth app client secret (secret)."),
                orgs: z
                    .array(
                        z.strictObject({
                            name: z.string().min(1).describe("Organization."),
                            teams: z.array(z.string().min(1)).optional().describe("Teams allowed. Default: every team."),
                        }),
                    )
                    .min(1, "name at least one organization: GitHub login must be scoped")
                    .describe("Organizations (and teams) whose members may log in; groups are `org:team`."),
            })
            .describe("GitHub OAuth."),
        z
            .strictObject({
                type: z.literal("ldap").describe("Connector type."),
                ...common,
                host: z
                    .string()
                    .regex(/^[^\s:]+:\d+$/, "must be host:port")
                    .describe("LDAP server host:port (LDAPS)."),
                rootCaData: z.string().min(1).optional().describe("Base64 PEM of the CA that signed the server certificate. Default: system roots."),
                bindDn: z.string().min(1).describe("DN of the service account used to search."),
                bindPassword: secret().describe("Password of the bind DN (secret)."),
                userSearch: z
                    .strictObject({
                        baseDn: z.string().min(1).describe("Base DN of users."),
                        filter: z.string().default("(objectClass=person)").describe("Filter. Default: (objectClass=person)."),
                        username: z.string().default("uid").describe("Attribute matched against the login name. Default: uid."),
                        idAttr: z.string().default("uid").describe("User id attribute. Default: uid."),
                        emailAttr: z.string().default("mail").describe("Email attribute. Default: mail."),
                        nameAttr: z.string().default("cn").describe("Display name attribute. Default: cn."),
                    })
                    .describe("How users are found."),
                groupSearch: z
                    .strictObject({
                        baseDn: z.string().min(1).describe("Base DN of groups."),
                        filter: z.string().default("(objectClass=groupOfNames)").describe("Filter. Default: (objectClass=groupOfNames)."),
                        userAttr: z.string().default("DN").describe("User attribute matched against the group's member attribute. Default: DN."),
                        groupAttr: z.string().default("member").describe("Group member attribute. Default: member."),
                        nameAttr: z.string().default("cn").describe("Group name attribute. Default: cn."),
                    })
                    .describe("How groups are found."),
            })
            .describe("LDAP or Active Directory over LDAPS."),
        z
            .strictObject({
                type: z.literal("saml").describe("Connector type."),
                ...common,
                ssoUrl: httpsUrl().describe("IdP single sign-on URL."),
                caData: z.string().min(1).describe("Base64 PEM of the IdP signing certificate."),
                entityIssuer: z.string().min(1).optional().describe("Entity id Dex presents. Default: the callback URL."),
                usernameAttr: z.string().default("name").describe("Assertion attribute with the user name. Default: name."),
                emailAttr: z.string().default("email").describe("Assertion attribute with the email. Default: email."),
                groupsAttr: z.string().default("groups").describe("Assertion attribute with the groups. Default: groups."),
            })
            .describe("SAML 2.0 (no refresh tokens)."),
    ]);
}

function dexSchema(tier: Tier) {
    return addon("Dex, the OIDC broker", true, {
        provider: z.literal("dex").describe("Dex, an OIDC broker."),
        issuer: httpsUrl().describe(
            "Public issuer URL of Dex (its ingress host), e.g. https://dex.example.com. Kubernetes, Grafana and kubectl trust tokens from it.",
        ),
        ingressClassName: z.string().min(1).optional().describe("Ingress class of Dex's ingress. Default: the platform's ingress class."),
        replicas: replicaCount(5)
            .default(tier === "prod" ? 2 : 1)
            .describe("Dex replicas. Default: 2 in prod, 1 otherwise."),
        connectors: z.array(connectorSchema()).min(1, "Dex needs at least one connector").describe("Upstream identity providers."),
        grafana: z
            .strictObject({
                redirectUri: httpsUrl().describe("Grafana's OAuth callback, e.g. https://grafana.example.com/login/generic_oauth."),
                clientSecret: secret().describe("Secret shared with Grafana (secret)."),
            })
            .optional()
            .describe("A Dex client for Grafana's generic OAuth login. Default: unset."),
        clusterAuthentication: z
            .boolean()
            .default(true)
            .describe("Register Dex as the cluster's OIDC identity provider where the cloud allows one (EKS). Default: true."),
    }).superRefine((d, ctx) => {
        const seen = new Set<string>();
        d.connectors.forEach((c, i) => {
            if (seen.has(c.id)) {
                ctx.addIssue({ code: "custom", path: ["connectors", i, "id"], message: `duplicate connector id '${c.id}'` });
            }
            seen.add(c.id);
        });
    });
}

function pinnipedSchema(tier: Tier) {
    return addon("Pinniped Supervisor and Concierge", true, {
        provider: z.literal("pinniped").describe("Pinniped Supervisor and Concierge."),
        issuer: httpsUrl().describe("Public issuer URL of the Supervisor's FederationDomain, e.g. https://login.example.com/platform."),
        ingressClassName: z.string().min(1).optional().describe("Ingress class of the Supervisor's ingress. Default: the platform's ingress class."),
        replicas: replicaCount(5)
            .default(tier === "prod" ? 2 : 1)
            .describe("Supervisor and Concierge replicas. Default: 2 in prod, 1 otherwise."),
        upstream: z
            .strictObject({
                issuer: httpsUrl().describe("Upstream OIDC issuer (Entra ID, Google, Okta, Dex...)."),
                clientId: z.string().min(1).describe("Client id registered at the upstream provider."),
                clientSecret: secret().describe("Client secret (secret)."),
                usernameClaim: z.string().default("email").describe("Claim used as the Kubernetes user name. Default: email."),
                groupsClaim: z.string().default("groups").describe("Claim holding the groups. Default: groups."),
                additionalScopes: z
                    .array(z.string().min(1))
                    .default(["offline_access", "email", "groups"])
                    .describe("Scopes requested besides openid. Default: offline_access, email, groups."),
            })
            .describe("The upstream OIDC provider the Supervisor federates."),
        image: z
            .strictObject({
                registry: z.string().min(1).default("docker.io").describe("Registry. Default: docker.io."),
                repository: z
                    .string()
                    .min(1)
                    .default("bitnamilegacy/pinniped")
                    .describe("Repository. Default: bitnamilegacy/pinniped (Bitnami's versioned images moved there; mirror or build your own)."),
                tag: z.string().min(1).optional().describe("Tag. Default: the chart's."),
            })
            .prefault({})
            .describe("The Pinniped image (the Bitnami chart's image layout)."),
    });
}

export function identitySchema(tier: Tier) {
    return z
        .discriminatedUnion("provider", [
            z.strictObject({ provider: z.literal("none").describe("No identity layer.") }).describe("No identity layer: cloud IAM only."),
            dexSchema(tier),
            pinnipedSchema(tier),
        ])
        .prefault({ provider: "none" })
        .describe("The OIDC identity layer: dex | pinniped | none. Default: none.");
}

export type IdentityConfig = z.output<ReturnType<typeof identitySchema>>;
export type DexConfig = Extract<IdentityConfig, { provider: "dex" }>;
export type PinnipedConfig = Extract<IdentityConfig, { provider: "pinniped" }>;
export type DexConnector = DexConfig["connectors"][number];
