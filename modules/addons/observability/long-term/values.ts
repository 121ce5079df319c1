/**
 * Thanos values (stevehipwell/thanos 1.24.1), as a pure function: query over the Prometheus
 * sidecars and the store gateway, a singleton compactor with retention per resolution, all reading
 * the objstore Secret (which carries no credential: pods authenticate with workload identity).
 */
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { Values } from "../../values";

/** Names the chart derives from `fullnameOverride: thanos`. */
export const thanosNames = {
    fullname: "thanos",
    storeGatewayServiceAccount: "thanos-store-gateway",
    compactServiceAccount: "thanos-compact",
    queryService: "thanos-query",
    httpPort: 10902,
};

/** Where the thanos chart (1.24.1, each component's workload template) reads the components' priorityClassName. */
export const thanosPriorityPaths = ["query.priorityClassName", "storeGateway.priorityClassName", "compact.priorityClassName"] as const;

/** The objstore Secret the sidecar, store gateway and compactor read. */
export const objstoreSecret = { name: "thanos-objstore", key: "objstore.yml" };

/** What thanosValues needs: all plain data. */
export interface ThanosInputs {
    config: ObservabilityConfig["longTerm"];
    image: (ref: string) => string;
    monitoringNamespace: string;
    /** The kube-prometheus-stack Service that lists the Prometheus sidecars (gRPC SRV records). */
    sidecarDiscoveryService: string;
    storageClassName?: string;
}

/** The in-cluster URL Grafana queries when Thanos is on. */
export function thanosQueryUrl(namespace: string): string {
    return `http://${thanosNames.queryService}.${namespace}.svc.cluster.local:${thanosNames.httpPort}`;
}

/** stevehipwell/thanos values: query over sidecars and store gateway, singleton compactor with retention. */
export function thanosValues(i: ThanosInputs): Values {
    const r = i.config.retention;
    const storageClass = i.storageClassName ?? null;
    return {
        fullnameOverride: thanosNames.fullname,
        image: { repository: i.image("quay.io/thanos/thanos") },
        objstoreConfig: { create: false, name: objstoreSecret.name, key: objstoreSecret.key },
        additionalEndpoints: [`dnssrv+_grpc._tcp.${i.sidecarDiscoveryService}.${i.monitoringNamespace}.svc.cluster.local`],
        additionalReplicaLabels: ["prometheus_replica"],
        serviceMonitor: { enabled: true },
        query: {
            enabled: true,
            replicas: i.config.queryReplicas,
            podDisruptionBudget: { enabled: i.config.queryReplicas > 1, maxUnavailable: 1 },
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
        },
        queryFrontend: { enabled: false },
        storeGateway: {
            enabled: true,
            replicas: i.config.storeGatewayReplicas,
            // Annotations and pod labels: the store gateway's identity (ThanosBucket.identity).
            serviceAccount: { create: true, name: thanosNames.storeGatewayServiceAccount, annotations: {} },
            podLabels: {},
            persistence: { enabled: true, storageClass, size: "10Gi" },
            resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "2Gi" } },
        },
        compact: {
            enabled: true,
            serviceAccount: { create: true, name: thanosNames.compactServiceAccount, annotations: {} },
            podLabels: {},
            persistence: { enabled: true, storageClass, size: "20Gi" },
            extraArgs: [
                `--retention.resolution-raw=${r.raw}`,
                `--retention.resolution-5m=${r.fiveMinutes}`,
                `--retention.resolution-1h=${r.oneHour}`,
                "--delete-delay=48h",
            ],
            resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "2Gi" } },
        },
    };
}
