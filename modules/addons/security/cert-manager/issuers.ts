/**
 * The platform's ClusterIssuers as data: a self-signed root that signs the internal CA certificate,
 * the internal CA issuer, and Let's Encrypt staging and production with HTTP-01 (through the
 * platform's ingress or Gateway) and DNS-01 (the solver from the cloud's DNS service, with workload
 * identity). Pure.
 */

/**
 * How HTTP-01 challenges reach cert-manager's solver: an IngressClass, or the shared Gateway's
 * listener `sectionName` (its plain-HTTP one).
 */
export type Http01Route =
    { kind: "ingress"; ingressClassName: string } | { kind: "gateway"; gateway: { name: string; namespace: string; sectionName: string } };

export const issuerNames = {
    selfSigned: "platform-selfsigned",
    internalCa: "platform-ca",
    letsEncryptStaging: "letsencrypt-staging",
    letsEncryptProd: "letsencrypt-prod",
} as const;

/** The Secret (in cert-manager's namespace) holding the internal CA's key pair. */
export const internalCaSecret = "platform-root-ca";

export const acmeServers = {
    [issuerNames.letsEncryptStaging]: "https://acme-staging-v02.api.letsencrypt.org/directory",
    [issuerNames.letsEncryptProd]: "https://acme-v02.api.letsencrypt.org/directory",
} as const;

export interface CustomResourceSpec {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
    spec: Record<string, unknown>;
}

export function selfSignedIssuer(): CustomResourceSpec {
    return { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: issuerNames.selfSigned }, spec: { selfSigned: {} } };
}

/** The internal root CA certificate (10 years, ECDSA P-256), signed by the self-signed issuer. */
export function internalCaCertificate(namespace: string): CustomResourceSpec {
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: internalCaSecret, namespace, annotations: { "pulumi.com/waitFor": "condition=Ready" } },
        spec: {
            isCA: true,
            commonName: "platform-root-ca",
            secretName: internalCaSecret,
            duration: "87600h",
            renewBefore: "720h",
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Never" },
            issuerRef: { name: issuerNames.selfSigned, kind: "ClusterIssuer", group: "cert-manager.io" },
        },
    };
}

export function internalCaIssuer(): CustomResourceSpec {
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: issuerNames.internalCa },
        spec: { ca: { secretName: internalCaSecret } },
    };
}

export function http01Solver(route: Http01Route): Record<string, unknown> {
    return route.kind === "ingress"
        ? { http01: { ingress: { ingressClassName: route.ingressClassName } } }
        : // Only the plain-HTTP listener: the challenge is served on port 80, and the solver's route
          // must not attach to the Gateway's HTTPS listener.
          {
              http01: {
                  gatewayHTTPRoute: {
                      parentRefs: [{ kind: "Gateway", name: route.gateway.name, namespace: route.gateway.namespace, sectionName: route.gateway.sectionName }],
                  },
              },
          };
}

export interface AcmeIssuerInput {
    email: string;
    http01?: Http01Route;
    dns01?: { zones: string[]; solver: Record<string, unknown> };
}

/** A Let's Encrypt ClusterIssuer: DNS-01 for the listed zones (wildcards), HTTP-01 for everything else. */
export function acmeIssuer(name: keyof typeof acmeServers, input: AcmeIssuerInput): CustomResourceSpec {
    const solvers: Record<string, unknown>[] = [];
    if (input.dns01 && input.dns01.zones.length > 0) {
        solvers.push({ selector: { dnsZones: input.dns01.zones }, dns01: input.dns01.solver });
    }
    if (input.http01) {
        solvers.push(http01Solver(input.http01));
    }
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name },
        spec: { acme: { server: acmeServers[name], email: input.email, privateKeySecretRef: { name: `${name}-account-key` }, solvers } },
    };
}
