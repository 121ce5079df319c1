/**
 * Pinniped as data: the Bitnami chart's values (Supervisor + Concierge) and the custom resources
 * that federate an upstream OIDC provider into a FederationDomain the cluster's Concierge trusts
 * through a JWTAuthenticator. The upstream client secret lives in a Kubernetes Secret. Pure.
 */
import type { PinnipedConfig } from "../../../config/sections/identity";
import type { Values } from "../../values";
import { hostOf } from "./urls";
import type { CustomResourceSpec } from "../cert-manager/issuers";

export const upstreamClientSecret = "pinniped-upstream-client";
export const supervisorTlsSecret = "pinniped-supervisor-tls";

export interface PinnipedValuesInput {
    config: PinnipedConfig;
    ingressClassName: string;
    /** The air-gap registry, when set (replaces the configured image registry). */
    registry: (upstream: string) => string;
}

export function pinnipedValues(o: PinnipedValuesInput): Values {
    const c = o.config;
    return {
        // The chart refuses images it did not ship unless told; Bitnami's own tags moved to bitnamilegacy.
        global: { security: { allowInsecureImages: true } },
        image: { registry: o.registry(c.image.registry), repository: c.image.repository, ...(c.image.tag ? { tag: c.image.tag } : {}) },
        concierge: {
            enabled: true,
            replicaCount: c.replicas,
            // The impersonation proxy (used where the Concierge cannot reach the control plane's signing
            // key: EKS, AKS, GKE) stays a ClusterIP Service: the platform has one cloud load balancer,
            // the ingress controller's. Expose it through the ingress (TLS passthrough) if clients need it.
            credentialIssuerConfig: "impersonationProxy:\n  mode: auto\n  service:\n    type: ClusterIP\n",
        },
        supervisor: {
            enabled: true,
            replicaCount: c.replicas,
            // The Supervisor serves HTTPS only (port `https`): ingress-nginx learns it from the Ingress
            // annotation below, Contour only from this Service annotation (without it Contour speaks
            // plain HTTP to the Supervisor and every login fails).
            service: { public: { type: "ClusterIP", annotations: { "projectcontour.io/upstream-protocol.tls": "https" } } },
            ingress: {
                enabled: true,
                ingressClassName: o.ingressClassName,
                hostname: hostOf(c.issuer),
                annotations: { "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS" },
                tls: false,
                extraTls: [{ hosts: [hostOf(c.issuer)], secretName: supervisorTlsSecret }],
            },
        },
    };
}

export function supervisorCertificate(namespace: string, config: PinnipedConfig, issuer: string): CustomResourceSpec {
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: supervisorTlsSecret, namespace },
        spec: {
            secretName: supervisorTlsSecret,
            dnsNames: [hostOf(config.issuer)],
            issuerRef: { name: issuer, kind: "ClusterIssuer", group: "cert-manager.io" },
        },
    };
}

export function oidcIdentityProvider(namespace: string, config: PinnipedConfig): CustomResourceSpec {
    const u = config.upstream;
    return {
        apiVersion: "idp.supervisor.pinniped.dev/v1alpha1",
        kind: "OIDCIdentityProvider",
        metadata: { name: "upstream", namespace },
        spec: {
            issuer: u.issuer,
            client: { secretName: upstreamClientSecret },
            authorizationConfig: { additionalScopes: u.additionalScopes },
            claims: { username: u.usernameClaim, groups: u.groupsClaim },
        },
    };
}

export function federationDomain(namespace: string, config: PinnipedConfig): CustomResourceSpec {
    return {
        apiVersion: "config.supervisor.pinniped.dev/v1alpha1",
        kind: "FederationDomain",
        metadata: { name: "platform", namespace },
        spec: {
            issuer: config.issuer,
            tls: { secretName: supervisorTlsSecret },
            identityProviders: [
                { displayName: "upstream", objectRef: { apiGroup: "idp.supervisor.pinniped.dev", kind: "OIDCIdentityProvider", name: "upstream" } },
            ],
        },
    };
}

/** The Concierge trusts the FederationDomain's tokens for this cluster (audience = the cluster's name). */
export function jwtAuthenticator(config: PinnipedConfig, audience: string): CustomResourceSpec {
    return {
        apiVersion: "authentication.concierge.pinniped.dev/v1alpha1",
        kind: "JWTAuthenticator",
        metadata: { name: "platform-supervisor" },
        spec: { issuer: config.issuer, audience, claims: { username: "username", groups: "groups" } },
    };
}
