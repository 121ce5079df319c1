/**
 * Values of the in-cluster Loki (grafana-community/loki 18.11.0, Loki 3.7), as a pure function:
 * monolithic mode (one single-binary replica, every Loki target in one process), logs and index on
 * one persistent volume of the platform StorageClass, the compactor deleting what is older than the
 * retention. Keys verified against the chart's values.yaml and templates at tag loki-18.11.0
 * (validate.yaml: filesystem storage allows one monolithic replica and no scalable one).
 */
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { Values } from "../../values";

/** Names the chart derives from `fullnameOverride: loki`, and the port Loki serves its HTTP API on. */
export const lokiNames = { fullname: "loki", httpPort: 3100 };

/** Where the single binary's pods read their PriorityClass (templates/_pod.tpl, the component's key first). */
export const lokiPriorityPaths = ["singleBinary.priorityClassName"] as const;

/** Loki's in-cluster address (its Service, port 3100: push API and query API). */
export function lokiHost(namespace: string): string {
    return `${lokiNames.fullname}.${namespace}.svc.cluster.local`;
}

/** The URL Grafana queries. */
export function lokiQueryUrl(namespace: string): string {
    return `http://${lokiHost(namespace)}:${lokiNames.httpPort}`;
}

/** What lokiValues needs: all plain data. */
export interface LokiInputs {
    config: ObservabilityConfig["logging"]["loki"];
    /** The air-gap registry, when set: every image of the chart comes from it. */
    imageRegistry?: string;
    /** The platform StorageClass. Default: the cluster's default class. */
    storageClassName?: string;
}

/** grafana-community/loki values: one single binary on a persistent volume, nothing else. */
export function lokiValues(i: LokiInputs): Values {
    return {
        fullnameOverride: lokiNames.fullname,
        ...(i.imageRegistry ? { global: { imageRegistry: i.imageRegistry } } : {}),
        deploymentMode: "Monolithic",
        loki: {
            // One tenant: Fluent Bit pushes and Grafana queries without an X-Scope-OrgID header.
            auth_enabled: false,
            commonConfig: { replication_factor: 1 },
            storage: { type: "filesystem" },
            schemaConfig: {
                configs: [{ from: "2024-04-01", store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "index_", period: "24h" } }],
            },
            limits_config: { retention_period: i.config.retention },
            // The compactor applies retention_period; deletes are recorded on the same volume.
            compactor: { retention_enabled: true, delete_request_store: "filesystem", working_directory: "/var/loki/compactor" },
            // No usage reports to stats.grafana.org (and nothing to reach from an air-gapped cluster).
            analytics: { reporting_enabled: false },
        },
        singleBinary: {
            replicas: 1,
            // No rules sidecar: it needs its own image and a ClusterRole to watch ConfigMaps.
            sidecar: false,
            automountServiceAccountToken: false,
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
            persistence: {
                enabled: true,
                size: i.config.storageSize,
                ...(i.storageClassName ? { storageClass: i.storageClassName } : {}),
            },
        },
        // The rules sidecar off everywhere: its ClusterRole (templates/backend/clusterrole.yaml) then grants nothing.
        sidecar: { rules: { enabled: false } },
        // The other deployment modes' targets: none (validate.yaml refuses them beside a monolithic replica on a filesystem).
        read: { replicas: 0 },
        write: { replicas: 0 },
        backend: { replicas: 0 },
        // The nginx gateway, the canary, the Helm test and the memcached caches are for multi-replica installs.
        gateway: { enabled: false },
        lokiCanary: { enabled: false },
        test: { enabled: false },
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        minio: { enabled: false },
        // Scraped through the observability area's PodMonitor (metrics/scrape.ts): the chart's own monitors stay off.
        monitoring: { serviceMonitor: { enabled: false }, dashboards: { enabled: false }, rules: { enabled: false }, alerts: { enabled: false } },
    };
}
