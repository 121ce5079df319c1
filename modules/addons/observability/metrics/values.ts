/**
 * kube-prometheus-stack values, as a pure function (keys verified against chart 88.5.3 and its
 * grafana subchart 12.11.1). No secret is ever a value here: Grafana reads its admin password and
 * OIDC client secret from Secrets, Alertmanager reads receiver secrets from mounted files, remote
 * write reads credentials through SecretKeySelectors, Thanos reads an objstore Secret.
 */
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { Tier } from "../../../config";
import type { Values } from "../../values";
import { alertmanagerConfig, receiverSecrets, receiversSecretName } from "./alertmanager";
import { platformRuleGroups } from "./rules";

/** Names the chart derives from `fullnameOverride: kps`. */
export const kps = {
    fullname: "kps",
    prometheusServiceAccount: "kps-prometheus",
    thanosDiscoveryService: "kps-thanos-discovery",
    grafanaService: "kps-grafana",
    /** The chart's Alertmanager Service (`<fullname>-alertmanager`, port 9093). */
    alertmanagerService: "kps-alertmanager",
};

/** Where kube-prometheus-stack reads Prometheus' service-account annotations and pod labels (the Thanos sidecar's identity). */
export const kpsIdentityPaths = { annotationsAt: "prometheus.serviceAccount.annotations", podLabelsAt: "prometheus.prometheusSpec.podMetadata.labels" };

/** Secret names and keys the release reads. */
export const grafanaAdminSecret = { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" };
/** The Secret holding Grafana's OIDC client secret. */
export const grafanaOidcSecret = { name: "grafana-oidc", key: "client-secret" };
/** The Secret holding remote-write credentials (vendor mode). */
export const remoteWriteSecret = { name: "remote-write-auth", userKey: "username", passwordKey: "password", tokenKey: "token" };

/** What kpsValues needs: all plain data. */
export interface KpsInputs {
    config: ObservabilityConfig["metrics"];
    tier: Tier;
    /** The cloud runs the control plane: its components cannot be scraped from inside the cluster. */
    managedControlPlane: boolean;
    clusterName: string;
    /** The air-gap registry: replaces the registry of every image of the chart and its subcharts. */
    imageRegistry?: string;
    storageClassName?: string;
    /** Namespace of node-exporter (it needs host access: a privileged namespace). */
    nodeAgentsNamespace: string;
    /** Whether a Grafana admin Secret was created (else the chart generates one). */
    grafanaAdminSecret: boolean;
    /**
     * Air-gap mode (`airgap.imageRegistry` or `airgap.chartMirror` set): Grafana downloads nothing at
     * start (no plugin preinstall from grafana.com, no signing-key retrieval).
     */
    airgap?: boolean;
    /** The in-cluster Loki's query URL: added to Grafana as a data source. Default: none. */
    lokiUrl?: string;
    /** Thanos sidecar wiring, when long-term storage is on. */
    thanos?: {
        objstoreSecret: { name: string; key: string };
        queryUrl: string;
    };
}

function pvc(storageClassName: string | undefined, size: string) {
    return {
        volumeClaimTemplate: {
            spec: {
                ...(storageClassName ? { storageClassName } : {}),
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: size } },
            },
        },
    };
}

/** Prometheus retentionSize for a volume of `size` (a Kubernetes quantity): 85% of it, in TSDB units. */
export function retentionSizeFor(size: string): string {
    const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(size);
    if (!m) {
        return "";
    }
    const mib = Number(m[1]) * { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[m[2] as "Ki" | "Mi" | "Gi" | "Ti"];
    return `${Math.floor(mib * 0.85)}MB`;
}

/** JMESPath that maps OIDC groups to Grafana roles. */
export function grafanaRoleMapping(adminGroups: string[], editorGroups: string[]): string {
    const clause = (groups: string[], role: string) => groups.map((g) => `contains(groups[*], '${g}') && '${role}'`);
    return [...clause(adminGroups, "Admin"), ...clause(editorGroups, "Editor"), "'Viewer'"].join(" || ");
}

function grafanaValues(i: KpsInputs): Values {
    const g = i.config.grafana;
    const ini: Record<string, unknown> = {
        analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
        users: { allow_sign_up: false },
    };
    if (i.airgap) {
        // Grafana 12+ preinstalls plugins from grafana.com at every start (the chart's `plugins` list
        // too, through GF_PLUGINS_PREINSTALL_SYNC) and fetches plugin signing keys from it: neither is
        // reachable air-gapped. The data source plugins the platform uses ship in the image.
        ini.plugins = { preinstall_disabled: true, public_key_retrieval_disabled: true };
    }
    if (g.url) {
        ini.server = { root_url: g.url };
    }
    const env: Record<string, unknown> = {};
    if (g.oidc) {
        const issuer = g.oidc.issuerUrl.replace(/\/$/, "");
        ini["auth.generic_oauth"] = {
            enabled: true,
            name: "Platform SSO",
            allow_sign_up: true,
            client_id: g.oidc.clientId,
            scopes: "openid profile email groups offline_access",
            auth_url: `${issuer}/auth`,
            token_url: `${issuer}/token`,
            api_url: `${issuer}/userinfo`,
            use_pkce: true,
            use_refresh_token: true,
            email_attribute_path: "email",
            login_attribute_path: "preferred_username",
            groups_attribute_path: "groups",
            role_attribute_path: grafanaRoleMapping(g.oidc.adminGroups, g.oidc.editorGroups),
        };
        env.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET = { secretKeyRef: { name: grafanaOidcSecret.name, key: grafanaOidcSecret.key } };
    }
    return {
        enabled: i.config.mode === "in-cluster" && g.enabled,
        ...(i.grafanaAdminSecret
            ? { admin: { existingSecret: grafanaAdminSecret.name, userKey: grafanaAdminSecret.userKey, passwordKey: grafanaAdminSecret.passwordKey } }
            : {}),
        testFramework: { enabled: false },
        // initChownData runs as root; the pod's fsGroup gives Grafana its volume instead.
        initChownData: { enabled: false },
        persistence: i.config.persistence
            ? {
                  enabled: true,
                  type: "pvc",
                  ...(i.storageClassName ? { storageClassName: i.storageClassName } : {}),
                  accessModes: ["ReadWriteOnce"],
                  size: g.storageSize,
              }
            : { enabled: false },
        "grafana.ini": ini,
        envValueFrom: env,
        sidecar: { datasources: i.thanos ? { url: i.thanos.queryUrl } : {} },
        // Provisioned through the chart's sidecar-labelled datasource ConfigMap (kube-prometheus-stack
        // templates/grafana/configmaps-datasources.yaml appends additionalDataSources).
        additionalDataSources: i.lokiUrl ? [lokiDataSource(i.lokiUrl)] : [],
        serviceMonitor: { enabled: true },
    };
}

/** Grafana's data source for the in-cluster Loki. */
export function lokiDataSource(url: string): Values {
    return { name: "Loki", type: "loki", uid: "loki", access: "proxy", url, isDefault: false, jsonData: { maxLines: 1000 } };
}

/**
 * Where kube-prometheus-stack 88.5.3 and its subcharts read each component's priorityClassName
 * (read in each template): Prometheus, Alertmanager, the operator and its webhook jobs, Grafana
 * (12.11.1), kube-state-metrics (8.4.0), node-exporter (4.56.1).
 */
export const kpsPriorityPaths = [
    "prometheus.prometheusSpec.priorityClassName",
    "alertmanager.alertmanagerSpec.priorityClassName",
    "prometheusOperator.priorityClassName",
    "prometheusOperator.admissionWebhooks.patch.priorityClassName",
    "prometheusOperator.admissionWebhooks.deployment.priorityClassName",
    "grafana.priorityClassName",
    "kube-state-metrics.priorityClassName",
    "prometheus-node-exporter.priorityClassName",
] as const;

function remoteWrite(i: KpsInputs): Values[] {
    const rw = i.config.remoteWrite;
    if (i.config.mode !== "vendor" || !rw) {
        return [];
    }
    const entry: Values = { url: rw.url, queueConfig: { maxSamplesPerSend: 2000, capacity: 10000 } };
    if (rw.auth.type === "basic") {
        entry.basicAuth = {
            username: { name: remoteWriteSecret.name, key: remoteWriteSecret.userKey },
            password: { name: remoteWriteSecret.name, key: remoteWriteSecret.passwordKey },
        };
    } else if (rw.auth.type === "bearer") {
        entry.authorization = { type: "Bearer", credentials: { name: remoteWriteSecret.name, key: remoteWriteSecret.tokenKey } };
    }
    return [entry];
}

/** kube-prometheus-stack values for the configured mode (in-cluster or vendor agent). */
/**
 * Values of the prometheus-operator-crds chart. Its CRDs are templates, so Helm upgrades them with
 * the chart; `keep` leaves them (and every monitor in the cluster) in place if the release is ever
 * uninstalled, as Helm does for CRDs from a crds/ folder.
 */
export function crdValues(): Values {
    return { crds: { annotations: { "helm.sh/resource-policy": "keep" } } };
}

export function kpsValues(i: KpsInputs): Values {
    const c = i.config;
    const inCluster = c.mode === "in-cluster";
    const prod = i.tier === "prod";
    const managed = i.managedControlPlane;
    const selectAll = {
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
    };
    const prometheusSpec: Values = {
        ...selectAll,
        replicas: c.prometheus.replicas,
        scrapeInterval: c.prometheus.scrapeInterval,
        externalLabels: { cluster: i.clusterName, environment: i.tier },
        podAntiAffinity: c.prometheus.replicas > 1 ? "hard" : "soft",
        resources: { requests: { cpu: "250m", memory: prod ? "2Gi" : "1Gi" }, limits: { memory: prod ? "6Gi" : "3Gi" } },
        storageSpec: c.persistence ? pvc(i.storageClassName, c.prometheus.storageSize) : {},
        remoteWrite: remoteWrite(i),
        // The Thanos sidecar's identity labels land here (kpsIdentityPaths).
        podMetadata: { labels: {} },
    };
    if (inCluster) {
        prometheusSpec.retention = c.prometheus.retention;
        // Stop at 85% of the volume so a burst of series never fills the disk (TSDB units are binary).
        prometheusSpec.retentionSize = c.persistence ? retentionSizeFor(c.prometheus.storageSize) : "";
    }
    if (i.thanos) {
        prometheusSpec.thanos = { objectStorageConfig: { existingSecret: i.thanos.objstoreSecret } };
    }
    const values: Values = {
        fullnameOverride: kps.fullname,
        cleanPrometheusOperatorObjectNames: true,
        // The CRDs come from their own release (crdValues), which every monitor waits for.
        crds: { enabled: false },
        ...(i.imageRegistry ? { global: { imageRegistry: i.imageRegistry } } : {}),
        defaultRules: { create: inCluster },
        additionalPrometheusRulesMap: inCluster ? { platform: { groups: platformRuleGroups({ thanos: i.thanos !== undefined }) } } : {},
        // Managed control planes do not expose these components to in-cluster scraping.
        kubeControllerManager: { enabled: !managed },
        kubeScheduler: { enabled: !managed },
        kubeEtcd: { enabled: !managed },
        kubeProxy: { enabled: !managed },
        prometheusOperator: {
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        },
        prometheus: {
            agentMode: !inCluster,
            serviceAccount: { create: true, name: kps.prometheusServiceAccount, annotations: {} },
            thanosService: { enabled: i.thanos !== undefined },
            thanosServiceMonitor: { enabled: i.thanos !== undefined },
            podDisruptionBudget: { enabled: c.prometheus.replicas > 1, minAvailable: 1 },
            prometheusSpec,
        },
        alertmanager: {
            enabled: inCluster,
            config: alertmanagerConfig(c.alertmanager),
            podDisruptionBudget: { enabled: c.alertmanager.replicas > 1, minAvailable: 1 },
            alertmanagerSpec: {
                replicas: c.alertmanager.replicas,
                // Mounted only when it exists: an e-mail receiver without login has no secret.
                secrets: Object.keys(receiverSecrets(c.alertmanager.receivers)).length > 0 ? [receiversSecretName] : [],
                podAntiAffinity: c.alertmanager.replicas > 1 ? "hard" : "soft",
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                ...(c.persistence ? { storage: pvc(i.storageClassName, "5Gi") } : {}),
            },
        },
        grafana: grafanaValues(i),
        kubeStateMetrics: { enabled: true },
        nodeExporter: { enabled: true },
        "prometheus-node-exporter": { namespaceOverride: i.nodeAgentsNamespace },
    };
    return values;
}
