/**
 * Google Cloud Logging for the platform's log pipeline: `auto` on GKE ships there, through the
 * agent's Workload Identity, with the Kubernetes resource labels Cloud Logging indexes. Pure.
 */
import { fluentBitSection, fluentBitSize } from "../../lib/fluent-bit";
import type { CloudLogBackendConfig, LogService, LogSite } from "../contract";

type CloudLogging = Extract<CloudLogBackendConfig, { type: "googleCloudLogging" }>;

export const cloudLogging: LogService = {
    auto: { agent: { type: "googleCloudLogging" } },
    backends: {
        googleCloudLogging: {
            fluentBitOutput: (b: CloudLogging, site: LogSite, bufferLimit: string) =>
                fluentBitSection("OUTPUT", [
                    ["Name", "stackdriver"],
                    ["Match", "kube.*"],
                    ["Retry_Limit", "no_limits"],
                    ["storage.total_limit_size", fluentBitSize(bufferLimit)],
                    ["Resource", "k8s_container"],
                    ["K8s_Cluster_Name", site.clusterName],
                    ["K8s_Cluster_Location", site.region],
                    ["Tag_Prefix", "kube.var.log.containers."],
                    ["Export_To_Project_Id", b.projectId],
                    ["Severity_Key", "level"],
                ]) +
                "\n" +
                fluentBitSection("OUTPUT", [
                    ["Name", "stackdriver"],
                    ["Match", "host.*"],
                    ["Retry_Limit", "no_limits"],
                    ["Resource", "global"],
                    ["Export_To_Project_Id", b.projectId],
                ]),
            permissions: () => ({ gcp: { roles: [{ role: "roles/logging.logWriter" }] } }),
        },
    },
};
