/**
 * HashiCorp Vault: HA with integrated Raft storage, TLS from cert-manager's internal CA, auto-unseal
 * with a key the stack creates in the cloud's KMS (through the cluster's workload identity), or
 * Shamir on an existing cluster (init steps in modules/addons/security/README.md); audit storage,
 * the agent injector and a PodDisruptionBudget.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { Namespace } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { ManagedKey } from "../../../cluster/contract";
import type { SecurityConfig } from "../../../config/sections/security";
import { defineAddon, requires, uses } from "../../addon";
import type { AddonContext } from "../../context";
import { ChartIdentityRequest, HelmAddon, Scraping } from "../../helm";
import { observability } from "../../observability";
import { certManager, CertManagerOutputs } from "../cert-manager";
import { issuerNames } from "../cert-manager/issuers";
import { vaultCertificate } from "./certificate";
import { vaultServerConfig } from "./config";
import { Seal, sealType, unsealMode } from "./seal";
import { vaultValues } from "./values";

export { vaultServerConfig, retryJoins, tlsDir, tlsSecretName } from "./config";
export { sealStanza, sealType, unsealMode } from "./seal";
export { vaultValues } from "./values";
export { vaultCertificate } from "./certificate";

export const vaultNamespace = "vault";
const releaseName = "vault";
const serviceAccountName = "vault";

export interface VaultArgs {
    context: AddonContext;
    settings: SecurityConfig["vault"];
    /** cert-manager issues Vault's TLS certificate from the internal CA. */
    certManager: CertManagerOutputs;
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
}

export class Vault extends pulumi.ComponentResource {
    readonly chart: HelmAddon;
    readonly release: Release;
    readonly namespace: Namespace;
    /** How the servers unseal: the cloud key's seal, or Shamir (undefined). */
    readonly seal: Seal;
    /** The KMS key the stack created for auto-unseal (absent with Shamir). */
    readonly unsealKey?: ManagedKey;
    /** In-cluster address of the active server. */
    readonly address: string;

    constructor(name: string, args: VaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:Vault", name, {}, opts);
        const { context, settings, certManager } = args;
        const cluster = context.cluster;
        const mode = unsealMode(settings.unseal, cluster.kms !== undefined);
        const child = { parent: this };

        const identities: ChartIdentityRequest[] = [];
        if (mode === "kms" && cluster.kms) {
            this.unsealKey = cluster.kms.createKey("vault-unseal", context.stateful({ parent: this }));
            this.seal = this.unsealKey.vaultSeal;
            identities.push({
                name: "vault-unseal",
                serviceAccount: serviceAccountName,
                permissions: this.unsealKey.encryptDecrypt,
                annotationsAt: "server.serviceAccount.annotations",
                podLabelsAt: "server.extraLabels",
            });
        }

        // Vault's data (Raft) lives in this namespace: protected in prod like the release.
        this.namespace = context.namespace(`${name}-namespace`, { name: vaultNamespace, podSecurity: "restricted" }, context.stateful(child));
        new CustomResource(`${name}-tls`, vaultCertificate(vaultNamespace, releaseName, issuerNames.internalCa), {
            parent: this,
            dependsOn: [certManager.release, certManager.internalCa, this.namespace],
        });

        this.chart = new HelmAddon(
            `${name}-chart`,
            {
                context,
                settings,
                chart: "vault",
                namespace: { shared: this.namespace, name: vaultNamespace },
                values: vaultValues({
                    replicas: settings.replicas,
                    storageSize: settings.storageSize,
                    auditStorageSize: settings.auditStorageSize,
                    ui: settings.ui,
                    injector: settings.injector,
                    config: vaultServerConfig({ replicas: settings.replicas, releaseName, seal: this.seal }),
                    image: (ref) => context.image(ref),
                    serviceAccountName,
                }),
                defaultTimeoutSeconds: 900,
                crds: "none",
                releaseName,
                // Not the certificate: the servers' pods wait for the vault-tls Secret to mount (the
                // kubelet retries until cert-manager issues it, well inside the release's timeout),
                // so Vault installs alongside cert-manager instead of after it and its issuers.
                needs: this.unsealKey?.resources ?? [],
                stateful: true,
                scraping: args.scraping,
                identities,
                traffic: { clusterPorts: [8200], tenantPorts: [8200], webhookPorts: [8080], internetEgressPorts: [443] },
            },
            child,
        );
        this.release = this.chart.release;
        this.address = `https://${releaseName}-active.${vaultNamespace}.svc:8200`;
        this.registerOutputs({ address: this.address, seal: sealType(this.seal) });
    }
}

/** What Vault provides: its in-cluster address and how it unseals. */
export interface VaultOutputs {
    address: string;
    /** The seal type: the cloud's (`awskms`, `azurekeyvault`, `gcpckms`) or `shamir`. */
    seal: string;
}

/** The Vault add-on: HA Vault on Raft, TLS from cert-manager, auto-unseal through the cloud's KMS. */
export const vault = defineAddon({
    id: "vault",
    area: "security",
    configPath: "security.vault.enabled",
    description: "HashiCorp Vault",
    enabled: (config) => config.security.enabled && config.security.vault.enabled,
    needs: { certManager: requires(certManager, "Vault's TLS certificate comes from cert-manager"), observability: uses(observability) },
    capabilities: (config) =>
        config.security.vault.unseal === "kms"
            ? [
                  {
                      capability: "kms",
                      path: "security.vault.unseal",
                      message: "'kms' needs a cloud cluster (an existing cluster has no KMS in the stack); use 'shamir' or 'auto'",
                  },
              ]
            : [],
    namespaces: () => [{ name: vaultNamespace, podSecurity: "restricted" }],
    install: (context, needs): VaultOutputs => {
        const v = new Vault("vault", { context, settings: context.config.security.vault, certManager: needs.certManager, scraping: needs.observability?.scraping });
        return { address: v.address, seal: sealType(v.seal) };
    },
    outputs: (provided) => (provided ? { security: { vault: { address: provided.address, seal: provided.seal } } } : {}),
});
