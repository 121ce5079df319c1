/**
 * Dex's configuration as data. Secrets never appear in it: every secret field is a `$VAR`
 * reference that Dex expands from its environment (connector configs) or a `secretEnv` (static
 * clients), and the variables come from a Kubernetes Secret through `envFrom`. Pure.
 */
import type { Secret } from "../../../config";
import type { DexConfig, DexConnector } from "../../../config/sections/identity";
import type { Values } from "../../values";
import { restrictedContainer, restrictedPod } from "../../workload-defaults";
import { hostOf } from "./urls";

/** The Kubernetes Secret (in Dex's namespace) that holds every variable Dex expands. */
export const dexEnvSecret = "dex-env";
/** Client id kubectl (kubelogin) and the cluster's OIDC config use. */
export const kubernetesClientId = "kubernetes";
export const grafanaClientId = "grafana";

/** The environment variable holding a connector's secret. */
export function connectorSecretEnv(c: DexConnector): string {
    return `DEX_CONNECTOR_${c.id.toUpperCase().replace(/-/g, "_")}_SECRET`;
}
export const grafanaSecretEnv = "DEX_CLIENT_GRAFANA_SECRET";

/** One connector in Dex's format, its secret as a `$VAR` reference. */
export function dexConnector(c: DexConnector, issuer: string): Record<string, unknown> {
    const redirectURI = `${issuer.replace(/\/$/, "")}/callback`;
    const secretRef = `$${connectorSecretEnv(c)}`;
    switch (c.type) {
        case "oidc":
            return {
                type: "oidc",
                id: c.id,
                name: c.name,
                config: {
                    issuer: c.issuer,
                    clientID: c.clientId,
                    clientSecret: secretRef,
                    redirectURI,
                    scopes: c.scopes,
                    insecureEnableGroups: true,
                    claimMapping: { groups: c.groupsClaim },
                },
            };
        case "github":
            return {
                type: "github",
                id: c.id,
                name: c.name,
                config: {
                    clientID: c.clientId,
                    clientSecret: secretRef,
                    redirectURI,
                    orgs: c.orgs.map((o) => ({ name: o.name, ...(o.teams ? { teams: o.teams } : {}) })),
                    teamNameField: "slug",
                },
            };
        case "ldap":
            return {
                type: "ldap",
                id: c.id,
                name: c.name,
                config: {
                    host: c.host,
                    ...(c.rootCaData ? { rootCAData: c.rootCaData } : {}),
                    bindDN: c.bindDn,
                    bindPW: secretRef,
                    usernamePrompt: "Username",
                    userSearch: {
                        baseDN: c.userSearch.baseDn,
                        filter: c.userSearch.filter,
                        username: c.userSearch.username,
                        idAttr: c.userSearch.idAttr,
                        emailAttr: c.userSearch.emailAttr,
                        nameAttr: c.userSearch.nameAttr,
                    },
                    groupSearch: {
                        baseDN: c.groupSearch.baseDn,
                        filter: c.groupSearch.filter,
                        userMatchers: [{ userAttr: c.groupSearch.userAttr, groupAttr: c.groupSearch.groupAttr }],
                        nameAttr: c.groupSearch.nameAttr,
                    },
                },
            };
        case "saml":
            return {
                type: "saml",
                id: c.id,
                name: c.name,
                config: {
                    ssoURL: c.ssoUrl,
                    caData: c.caData,
                    redirectURI,
                    ...(c.entityIssuer ? { entityIssuer: c.entityIssuer } : {}),
                    usernameAttr: c.usernameAttr,
                    emailAttr: c.emailAttr,
                    groupsAttr: c.groupsAttr,
                },
            };
    }
}

/** Variables a connector or client secret is expanded from: env name -> where the value comes from. */
export function dexSecretEnv(config: DexConfig): { env: string; secret: Secret }[] {
    const out: { env: string; secret: Secret }[] = [];
    for (const c of config.connectors) {
        if (c.type === "ldap") {
            out.push({ env: connectorSecretEnv(c), secret: c.bindPassword });
        } else if (c.type === "oidc" || c.type === "github") {
            out.push({ env: connectorSecretEnv(c), secret: c.clientSecret });
        }
    }
    if (config.grafana) {
        out.push({ env: grafanaSecretEnv, secret: config.grafana.clientSecret });
    }
    return out;
}

export interface DexValuesInput {
    config: DexConfig;
    ingressClassName: string;
    /** ClusterIssuer for the ingress certificate. */
    tlsIssuer: string;
    image: (ref: string) => string;
}

export function dexValues(o: DexValuesInput): Values {
    const c = o.config;
    const host = hostOf(c.issuer);
    const staticClients: Record<string, unknown>[] = [
        { id: kubernetesClientId, name: "Kubernetes (kubectl)", public: true, redirectURIs: ["http://localhost:8000", "http://localhost:18000"] },
    ];
    if (c.grafana) {
        staticClients.push({ id: grafanaClientId, name: "Grafana", secretEnv: grafanaSecretEnv, redirectURIs: [c.grafana.redirectUri] });
    }
    return {
        replicaCount: c.replicas,
        image: { repository: o.image("ghcr.io/dexidp/dex") },
        envFrom: [{ secretRef: { name: dexEnvSecret } }],
        config: {
            issuer: c.issuer,
            storage: { type: "kubernetes", config: { inCluster: true } },
            web: { http: "0.0.0.0:5556" },
            telemetry: { http: "0.0.0.0:5558" },
            oauth2: { skipApprovalScreen: true, responseTypes: ["code"] },
            enablePasswordDB: false,
            connectors: c.connectors.map((x) => dexConnector(x, c.issuer)),
            staticClients,
        },
        ingress: {
            enabled: true,
            className: o.ingressClassName,
            annotations: { "cert-manager.io/cluster-issuer": o.tlsIssuer },
            hosts: [{ host, paths: [{ path: "/", pathType: "Prefix" }] }],
            tls: [{ secretName: "dex-tls", hosts: [host] }],
        },
        podDisruptionBudget: { enabled: c.replicas > 1, minAvailable: 1 },
        podSecurityContext: restrictedPod(),
        securityContext: restrictedContainer(),
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    };
}
