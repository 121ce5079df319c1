/** Vault chart values (chart 0.34.1): HA Raft, TLS from cert-manager, audit storage, injector, PDB. Pure. */
import type * as pulumi from "@pulumi/pulumi";
import type { Values } from "../../values";
import { tlsDir, tlsSecretName } from "./config";

export interface VaultValuesInput {
    replicas: number;
    storageSize: string;
    auditStorageSize: string;
    ui: boolean;
    injector: { enabled: boolean; replicas: number };
    /** The server configuration (HCL), with the seal stanza. */
    config: pulumi.Input<string>;
    /** Image repository mapper (air-gap). */
    image: (ref: string) => string;
    serviceAccountName: string;
}

/** Health endpoint that answers 204 (ready) for sealed and uninitialized servers. */
export const readinessPath = "/v1/sys/health?standbyok=true&sealedcode=204&uninitcode=204";

const podSecurity = { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } };
const containerSecurity = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };

export function vaultValues(o: VaultValuesInput): Values {
    return {
        global: { enabled: true, tlsDisable: false },
        injector: {
            enabled: o.injector.enabled,
            replicas: o.injector.replicas,
            image: { repository: o.image("hashicorp/vault-k8s") },
            agentImage: { repository: o.image("hashicorp/vault") },
            metrics: { enabled: true },
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
            securityContext: { pod: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } }, container: { ...containerSecurity, readOnlyRootFilesystem: true } },
            podDisruptionBudget: o.injector.replicas > 1 ? { minAvailable: 1 } : {},
        },
        server: {
            image: { repository: o.image("hashicorp/vault") },
            resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "1Gi" } },
            dataStorage: { enabled: true, size: o.storageSize },
            auditStorage: { enabled: true, size: o.auditStorageSize },
            extraVolumes: [{ type: "secret", name: tlsSecretName }],
            extraEnvironmentVars: { VAULT_CACERT: `${tlsDir}/ca.crt` },
            // Annotations and pod labels (extraLabels), with auto-unseal: the unseal identity (HelmAddon identities).
            serviceAccount: { create: true, name: o.serviceAccountName },
            // Sealed or uninitialized servers report ready, so the first install (before `vault operator
            // init`) and a Shamir restart do not fail the Helm wait; the active/standby services still
            // route only to unsealed servers through service registration.
            readinessProbe: { enabled: true, path: readinessPath },
            statefulSet: { securityContext: { pod: podSecurity, container: containerSecurity } },
            standalone: { enabled: false },
            ha: {
                enabled: true,
                replicas: o.replicas,
                raft: { enabled: true, setNodeId: true, config: o.config },
                disruptionBudget: { enabled: true, maxUnavailable: 1 },
            },
        },
        ui: { enabled: o.ui },
        csi: { enabled: false },
    };
}
