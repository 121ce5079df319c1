/** The TLS certificate Vault serves (API and Raft peers), issued by the platform's internal CA. Pure. */
import type { CustomResourceSpec } from "../cert-manager/issuers";
import { tlsSecretName } from "./config";

export function vaultCertificate(namespace: string, releaseName: string, issuerName: string): CustomResourceSpec {
    const svc = (s: string) => [s, `${s}.${namespace}`, `${s}.${namespace}.svc`, `${s}.${namespace}.svc.cluster.local`];
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: tlsSecretName, namespace, annotations: { "pulumi.com/waitFor": "condition=Ready" } },
        spec: {
            secretName: tlsSecretName,
            commonName: `${releaseName}.${namespace}.svc`,
            dnsNames: [
                ...svc(releaseName),
                ...svc(`${releaseName}-active`),
                ...svc(`${releaseName}-standby`),
                `*.${releaseName}-internal`,
                `*.${releaseName}-internal.${namespace}.svc`,
                `*.${releaseName}-internal.${namespace}.svc.cluster.local`,
            ],
            ipAddresses: ["127.0.0.1"],
            duration: "2160h",
            renewBefore: "360h",
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            usages: ["server auth", "client auth", "digital signature", "key encipherment"],
            issuerRef: { name: issuerName, kind: "ClusterIssuer", group: "cert-manager.io" },
        },
    };
}
