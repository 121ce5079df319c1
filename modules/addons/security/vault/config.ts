/** Vault's server configuration (HCL) for HA with integrated Raft storage over TLS. Pure. */
import * as pulumi from "@pulumi/pulumi";
import { Seal, sealStanza } from "./seal";

/** Where the chart mounts the `vault-tls` Secret (`server.extraVolumes` type secret). */
export const tlsSecretName = "vault-tls";
export const tlsDir = `/vault/userconfig/${tlsSecretName}`;
/** The ConfigMap with the declared Vault-side setup (bootstrap.ts), mounted into the servers (`server.extraVolumes` type configMap). */
export const bootstrapConfigMap = "vault-bootstrap";
export const bootstrapDir = `/vault/userconfig/${bootstrapConfigMap}`;

export interface VaultConfigInput {
    /** Raft voters: one retry_join per peer. */
    replicas: number;
    /** The Helm release name (pods are `<release>-<n>`, the headless service `<release>-internal`). */
    releaseName: string;
    /** The cloud key's seal; undefined for Shamir. */
    seal: Seal;
    /** Serve the web UI on the API listener (`security.vault.ui`). */
    ui: boolean;
}

/** The raft retry_join blocks: every pod may join through any peer, verifying its certificate. */
export function retryJoins(replicas: number, releaseName: string): string {
    return Array.from(
        { length: replicas },
        (_, i) =>
            `  retry_join {\n    leader_api_addr     = "https://${releaseName}-${i}.${releaseName}-internal:8200"\n    leader_ca_cert_file = "${tlsDir}/ca.crt"\n  }\n`,
    ).join("");
}

export function vaultServerConfig(o: VaultConfigInput): pulumi.Output<string> {
    const head = [
        // The UI is served on the API listener whenever `ui = true`, whatever the chart's ui Service.
        `ui = ${o.ui}`,
        "disable_mlock = true",
        "",
        'listener "tcp" {',
        '  address         = "[::]:8200"',
        '  cluster_address = "[::]:8201"',
        `  tls_cert_file   = "${tlsDir}/tls.crt"`,
        `  tls_key_file    = "${tlsDir}/tls.key"`,
        '  tls_min_version = "tls12"',
        "  telemetry {",
        "    unauthenticated_metrics_access = true",
        "  }",
        "}",
        "",
        'storage "raft" {',
        '  path = "/vault/data"',
        "",
    ].join("\n");
    const tail = [
        "}",
        "",
        'service_registration "kubernetes" {}',
        "",
        "telemetry {",
        '  prometheus_retention_time = "30s"',
        "  disable_hostname          = true",
        "}",
        "",
    ].join("\n");
    return pulumi.interpolate`${head}${retryJoins(o.replicas, o.releaseName)}${tail}\n${sealStanza(o.seal)}`;
}
