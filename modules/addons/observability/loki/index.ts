/**
 * The in-cluster Loki add-on: where `observability.logging.backend.type: auto` finds no log service
 * on the cluster (existing clusters), the platform keeps its logs itself: one Loki single binary on a
 * persistent volume of the platform StorageClass, with retention. The observability add-on installs
 * after it: Fluent Bit ships to it and Grafana gets it as a data source; its metrics are scraped by
 * the observability area's PodMonitor (metrics/scrape.ts), since it installs before the monitoring CRDs.
 */
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { PlatformConfig } from "../../../config";
import { clusterProfile } from "../../../cluster/capabilities";
import type { LogService } from "../../../cluster/contract";
import { defineAddon, uses } from "../../addon";
import { HelmAddon } from "../../helm";
import { storage } from "../../storage";
import { lokiHost, lokiNames, lokiPriorityPaths, lokiQueryUrl, lokiValues } from "./values";

/** What the in-cluster Loki provides to the observability add-on. */
export interface LokiOutputs {
    /** Push and query host (its Service in the Loki namespace). */
    host: string;
    /** Port of the push and query API. */
    port: number;
    /** The URL Grafana queries. */
    queryUrl: string;
    /** The release: what the log agent and Grafana's data source wait for. */
    release: Release;
}

/**
 * Whether `auto` falls back to the in-cluster Loki: logging on, back end `auto`, the Loki switch on,
 * and no log service of the cluster's own for `auto` (neither an agent back end nor logs the cluster
 * collects itself).
 */
export function lokiIsAutoDestination(config: PlatformConfig, logs: LogService | undefined): boolean {
    const o = config.observability;
    return o.enabled && o.logging.enabled && o.logging.backend.type === "auto" && o.logging.loki.enabled && logs?.auto === undefined;
}

export const loki = defineAddon({
    id: "loki",
    area: "observability",
    configPath: "observability.logging.loki.enabled",
    description: "the in-cluster Loki (where the cluster has no log service of its own)",
    enabled: (config) => lokiIsAutoDestination(config, clusterProfile(config.cluster.cloud).logs),
    needs: { storage: uses(storage) },
    namespaces: (config) => [{ name: config.observability.namespace.loki, podSecurity: "restricted" }],
    install: (context, { storage }): LokiOutputs => {
        const settings = context.config.observability.logging.loki;
        const namespace = context.config.observability.namespace.loki;
        const addon = new HelmAddon("loki", {
            context,
            settings,
            chart: "loki",
            namespace: { name: namespace, podSecurity: "restricted", labels: { "platform.io/component": "logging" } },
            values: lokiValues({ config: settings, imageRegistry: context.config.airgap.imageRegistry, storageClassName: storage?.defaultStorageClassName }),
            defaultTimeoutSeconds: 600,
            crds: "none",
            releaseName: "loki",
            needs: storage ? [storage.storageClass] : [],
            // The logs live on its volume: in prod the release and its namespace are protected.
            stateful: true,
            priorityClassAt: lokiPriorityPaths,
            // Fluent Bit (logging namespace) pushes, Grafana (monitoring) queries, on the one HTTP port.
            traffic: { clusterPorts: [lokiNames.httpPort] },
        });
        return { host: lokiHost(namespace), port: lokiNames.httpPort, queryUrl: lokiQueryUrl(namespace), release: addon.release };
    },
    outputs: (provided) => (provided ? { observability: { loki: { queryUrl: provided.queryUrl } } } : {}),
});
