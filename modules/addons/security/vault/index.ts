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
import type { PlatformContext } from "../../context";
import { HelmAddon } from "../../helm";
import { createNamespace } from "../../namespace";
import type { CertManager } from "../cert-manager";
import { issuerNames } from "../cert-manager/issuers";
import { chartIdentity } from "../common";
import { vaultCertificate } from "./certificate";
import { vaultServerConfig } from "./config";
import { sealFor, unsealMode, unsealPermissions, VaultSeal } from "./seal";
import { vaultValues } from "./values";

export { vaultServerConfig, retryJoins, tlsDir, tlsSecretName } from "./config";
export { sealFor, sealStanza, unsealMode, unsealPermissions, VaultSeal } from "./seal";
export { vaultValues } from "./values";
export { vaultCertificate } from "./certificate";

export const vaultNamespace = "vault";
const releaseName = "vault";
const serviceAccountName = "vault";

export interface VaultArgs {
    platform: PlatformContext;
    settings: SecurityConfig["vault"];
    /** cert-manager issues Vault's TLS certificate from the internal CA. */
    certManager: CertManager;
}

export class Vault extends pulumi.ComponentResource {
    readonly chart: HelmAddon;
    readonly release: Release;
    readonly namespace: Namespace;
    /** How the servers unseal. */
    readonly seal: VaultSeal;
    /** The KMS key the stack created for auto-unseal (absent with Shamir). */
    readonly unsealKey?: ManagedKey;
    /** In-cluster address of the active server. */
    readonly address: string;

    constructor(name: string, args: VaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:Vault", name, {}, opts);
        const { platform, settings, certManager } = args;
        const cluster = platform.cluster;
        const mode = unsealMode(settings.unseal, cluster.cloud, cluster.kms !== undefined);
        const child = { parent: this };

        let identity;
        if (mode === "kms" && cluster.kms) {
            this.unsealKey = cluster.kms.createKey("vault-unseal", platform.stateful({ parent: this }));
            this.seal = sealFor(this.unsealKey);
            const bound = cluster.identity.bind(
                { name: "vault-unseal", namespace: vaultNamespace, serviceAccount: serviceAccountName, permissions: unsealPermissions(this.unsealKey) },
                child,
            );
            identity = chartIdentity(bound);
        } else {
            this.seal = { type: "shamir" };
        }

        this.namespace = createNamespace(`${name}-namespace`, { name: vaultNamespace, podSecurity: "restricted" }, child);
        new CustomResource(`${name}-tls`, vaultCertificate(vaultNamespace, releaseName, issuerNames.internalCa), {
            parent: this,
            dependsOn: [certManager.release, certManager.internalCa, this.namespace],
        });

        this.chart = new HelmAddon(
            "platform:security:Chart",
            `${name}-chart`,
            {
                platform,
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
                    image: (ref) => platform.image(ref),
                    serviceAccountName,
                    identity,
                }),
                defaultTimeoutSeconds: 900,
                crds: "none",
                releaseName,
                // Not the certificate: the servers' pods wait for the vault-tls Secret to mount (the
                // kubelet retries until cert-manager issues it, well inside the release's timeout),
                // so Vault installs alongside cert-manager instead of after it and its issuers.
                needs: [...(this.unsealKey?.resources ?? []), ...(identity?.resources ?? [])],
            },
            child,
        );
        this.release = this.chart.release;
        this.address = `https://${releaseName}-active.${vaultNamespace}.svc:8200`;
        this.registerOutputs({ address: this.address, seal: this.seal.type });
    }
}
