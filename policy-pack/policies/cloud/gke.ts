/** G1-G6: GKE clusters and node pools (gcp 9.x input names: gcp:container/cluster:Cluster, gcp:container/nodePool:NodePool). */
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asObject, asString, at, forType, isUnknown, isUnknownAt, Props, publicCidrProblems } from "../../lib/inputs";
import { EndpointParams, endpointSchema } from "./params";

export const gkeClusterType = "gcp:container/cluster:Cluster";
export const gkeNodePoolType = "gcp:container/nodePool:NodePool";

/** A node configuration to check, and where it sits (for messages). */
interface NodeConfigAt {
    where: string;
    nodeConfig: Props | undefined;
}

/**
 * The node configurations a cluster resource defines: the default pool's (unless it is removed or
 * the cluster is Autopilot, whose nodes Google manages) and each inline `nodePools` entry's.
 */
function clusterNodeConfigs(props: Props): NodeConfigAt[] {
    if (props.enableAutopilot === true) {
        return [];
    }
    const out: NodeConfigAt[] = [];
    if (props.removeDefaultNodePool !== true) {
        out.push({ where: "default node pool (`nodeConfig`)", nodeConfig: asObject(props.nodeConfig) });
    }
    (asArray(props.nodePools) ?? []).forEach((p, i) => {
        const pool = asObject(p);
        out.push({ where: `node pool '${asString(pool?.name) ?? i}' (\`nodePools[${i}].nodeConfig\`)`, nodeConfig: asObject(pool?.nodeConfig) });
    });
    return out;
}

/** Runs `check` on every node configuration of a Cluster or NodePool. */
function forEachNodeConfig(check: (at: NodeConfigAt, report: ReportViolation) => void) {
    return [
        forType(gkeClusterType, (props, _args, report) => clusterNodeConfigs(props).forEach((at) => check(at, report))),
        forType(gkeNodePoolType, (props, args, report) =>
            check({ where: `node pool '${asString(props.name) ?? args.name}' (\`nodeConfig\`)`, nodeConfig: asObject(props.nodeConfig) }, report),
        ),
    ];
}

/** G1: private nodes, and a control plane that is private or limited to authorized networks. */
export const requirePrivateGkeControlPlane: ResourceValidationPolicy = {
    name: "require-private-gke-control-plane",
    description: "GKE nodes are private and the control-plane endpoint is private or limited to authorized networks (never 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: endpointSchema,
    validateResource: forType(gkeClusterType, (props, args, report) => {
        if (isUnknown(props, "privateClusterConfig") || isUnknown(props, "masterAuthorizedNetworksConfig")) {
            return;
        }
        const priv = asObject(props.privateClusterConfig) ?? {};
        if (!isUnknown(priv, "enablePrivateNodes") && priv.enablePrivateNodes !== true) {
            report("GKE nodes get public IPs: set `privateClusterConfig.enablePrivateNodes: true` (egress through Cloud NAT).");
        }
        if (isUnknown(priv, "enablePrivateEndpoint") || priv.enablePrivateEndpoint === true) {
            return;
        }
        if (
            isUnknownAt(props, "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled") ||
            at(props, "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled") === false
        ) {
            return; // no IP endpoint at all: only the IAM-guarded DNS endpoint
        }
        const man = asObject(props.masterAuthorizedNetworksConfig);
        if (man?.gcpPublicCidrsAccessEnabled === true) {
            report(
                "GKE `masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled` admits every Google Cloud public IP to the control plane; set it to false.",
            );
        }
        if (isUnknown(man, "cidrBlocks")) {
            return;
        }
        const cidrs = man ? (asArray(man.cidrBlocks) ?? []).map((b) => asObject(b)?.cidrBlock) : undefined;
        const { allowedPublicCidrs = [] } = args.getConfig<EndpointParams>();
        for (const problem of publicCidrProblems(cidrs, allowedPublicCidrs)) {
            report(
                `GKE public control-plane endpoint: ${problem}. Set \`privateClusterConfig.enablePrivateEndpoint: true\`, or list restricted ranges in \`masterAuthorizedNetworksConfig.cidrBlocks\`.`,
            );
        }
    }),
};

/** G2: application-layer Secrets encryption with a Cloud KMS key. */
export const requireGkeSecretsEncryption: ResourceValidationPolicy = {
    name: "require-gke-secrets-encryption",
    description: "GKE encrypts Kubernetes Secrets in etcd with a Cloud KMS key (databaseEncryption state ENCRYPTED with keyName).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(gkeClusterType, (props, _args, report) => {
        if (isUnknown(props, "databaseEncryption")) {
            return;
        }
        const enc = asObject(props.databaseEncryption);
        if (!enc || (!isUnknown(enc, "state") && enc.state !== "ENCRYPTED")) {
            report('GKE application-layer Secrets encryption is off; set `databaseEncryption: { state: "ENCRYPTED", keyName: <Cloud KMS key id> }`.');
        } else if (!isUnknown(enc, "keyName") && !asString(enc.keyName)) {
            report("GKE `databaseEncryption.keyName` is not set; give the Cloud KMS key (projects/.../cryptoKeys/...).");
        }
    }),
};

/** G3: no legacy ABAC and no client certificates. */
export const disallowGkeLegacyAuth: ResourceValidationPolicy = {
    name: "disallow-gke-legacy-auth",
    description: "GKE clusters use neither legacy ABAC nor client certificates (masterAuth.clientCertificateConfig).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(gkeClusterType, (props, _args, report) => {
        if (props.enableLegacyAbac === true) {
            report("GKE legacy ABAC is on and bypasses RBAC; set `enableLegacyAbac: false`.");
        }
        if (isUnknownAt(props, "masterAuth.clientCertificateConfig")) {
            return;
        }
        if (asObject(asObject(asObject(props.masterAuth)?.clientCertificateConfig))?.issueClientCertificate === true) {
            report(
                "GKE issues a client certificate (a static, non-revocable admin credential); set `masterAuth.clientCertificateConfig.issueClientCertificate: false`.",
            );
        }
    }),
};

/** G4: Workload Identity on the cluster and the GKE metadata server on its nodes. */
export const requireGkeWorkloadIdentity: ResourceValidationPolicy = {
    name: "require-gke-workload-identity",
    description:
        "GKE clusters enable Workload Identity (workloadIdentityConfig.workloadPool) and nodes use the GKE metadata server (workloadMetadataConfig.mode GKE_METADATA).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: [
        forType(gkeClusterType, (props, _args, report) => {
            if (props.enableAutopilot === true || isUnknown(props, "workloadIdentityConfig") || isUnknownAt(props, "workloadIdentityConfig.workloadPool")) {
                return; // Autopilot always runs Workload Identity
            }
            if (!asString(asObject(props.workloadIdentityConfig)?.workloadPool)) {
                report(
                    'GKE Workload Identity is off: pods would use the node\'s service account. Set `workloadIdentityConfig: { workloadPool: "<project>.svc.id.goog" }`.',
                );
            }
        }),
        ...forEachNodeConfig(({ where, nodeConfig }, report) => {
            const wmc = asObject(nodeConfig?.workloadMetadataConfig);
            if (isUnknown(wmc, "mode")) {
                return;
            }
            const mode = asString(wmc?.mode);
            // Unset: a pool in a Workload Identity cluster defaults to the GKE metadata server.
            if (mode !== undefined && mode !== "GKE_METADATA") {
                report(`GKE ${where} exposes the node's metadata (mode ${mode}) to pods; set \`workloadMetadataConfig.mode: "GKE_METADATA"\`.`);
            }
        }),
    ],
};

/** G5 (mandatory part): nodes run as their own service account, with Shielded VM secure boot. */
export const requireGkeNodeHardening: ResourceValidationPolicy = {
    name: "require-gke-node-hardening",
    description:
        "GKE nodes run as a dedicated least-privilege service account (not the Compute Engine default) on Shielded VMs with secure boot and integrity monitoring.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: [
        forType(gkeClusterType, (props, _args, report) => {
            if (props.enableShieldedNodes === false) {
                report("GKE Shielded Nodes are off; remove `enableShieldedNodes: false` (the default is on).");
            }
        }),
        ...forEachNodeConfig(({ where, nodeConfig }, report) => {
            if (!isUnknown(nodeConfig, "serviceAccount")) {
                const sa = asString(nodeConfig?.serviceAccount);
                if (!sa || sa === "default" || sa.endsWith("-compute@developer.gserviceaccount.com")) {
                    report(
                        `GKE ${where} runs as the Compute Engine default service account (broad project Editor rights); set \`serviceAccount\` to a dedicated node service account.`,
                    );
                }
            }
            const shielded = asObject(nodeConfig?.shieldedInstanceConfig);
            if (!isUnknown(shielded, "enableSecureBoot") && shielded?.enableSecureBoot !== true) {
                report(`GKE ${where} boots without Secure Boot; set \`shieldedInstanceConfig.enableSecureBoot: true\`.`);
            }
            if (shielded?.enableIntegrityMonitoring === false) {
                report(`GKE ${where} turns integrity monitoring off; remove \`shieldedInstanceConfig.enableIntegrityMonitoring: false\`.`);
            }
        }),
    ],
};

/** G5 (advisory part): Container-Optimized OS images. */
export const requireGkeCosImage: ResourceValidationPolicy = {
    name: "require-gke-cos-image",
    description: "GKE nodes run Container-Optimized OS (imageType COS_CONTAINERD), the hardened, minimal node image.",
    enforcementLevel: "advisory",
    severity: "low",
    validateResource: forEachNodeConfig(({ where, nodeConfig }, report) => {
        const image = isUnknown(nodeConfig, "imageType") ? undefined : asString(nodeConfig?.imageType);
        if (image !== undefined && !image.toUpperCase().startsWith("COS")) {
            report(`GKE ${where} uses image type ${image}; prefer "COS_CONTAINERD" (Container-Optimized OS) unless a workload needs another OS.`);
        }
    }),
};

/** G6 (mandatory part): NetworkPolicies are enforced (Calico network policy or Dataplane V2). */
export const requireGkeNetworkPolicy: ResourceValidationPolicy = {
    name: "require-gke-network-policy",
    description: "GKE enforces NetworkPolicies: Dataplane V2 (datapathProvider ADVANCED_DATAPATH) or networkPolicy enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(gkeClusterType, (props, _args, report) => {
        if (props.enableAutopilot === true || isUnknown(props, "datapathProvider") || isUnknown(props, "networkPolicy")) {
            return; // Autopilot always runs Dataplane V2
        }
        const dataplaneV2 = props.datapathProvider === "ADVANCED_DATAPATH";
        const calico = asObject(props.networkPolicy)?.enabled === true;
        if (!dataplaneV2 && !calico) {
            report(
                'GKE does not enforce NetworkPolicies; set `datapathProvider: "ADVANCED_DATAPATH"` (Dataplane V2), or `networkPolicy: { enabled: true, provider: "CALICO" }`.',
            );
        }
    }),
};

/** G6 (advisory part): logging and monitoring stay on. */
export const requireGkeLoggingMonitoring: ResourceValidationPolicy = {
    name: "require-gke-logging-monitoring",
    description: 'GKE keeps Cloud Logging and Cloud Monitoring on (loggingService/monitoringService not "none", logging components not emptied).',
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: forType(gkeClusterType, (props, _args, report) => {
        if (props.loggingService === "none") {
            report('GKE `loggingService` is "none": no control-plane or workload logs; use "logging.googleapis.com/kubernetes" (the default).');
        }
        if (props.monitoringService === "none") {
            report('GKE `monitoringService` is "none": no cluster metrics; use "monitoring.googleapis.com/kubernetes" (the default).');
        }
        const components = isUnknownAt(props, "loggingConfig.enableComponents") ? undefined : asArray(asObject(props.loggingConfig)?.enableComponents);
        if (components !== undefined && components.length === 0) {
            report('GKE `loggingConfig.enableComponents` is empty, which turns logging off; include at least "SYSTEM_COMPONENTS" and "WORKLOADS".');
        }
    }),
};
