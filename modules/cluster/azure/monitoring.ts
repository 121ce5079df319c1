/**
 * Logs on AKS: one Log Analytics workspace, created before the cluster, holds both the control-plane
 * logs (a diagnostic setting: `kube-audit` and the other control-plane categories) and the
 * container logs Azure Monitor Container Insights collects (the monitoring add-on with managed
 * identity authentication, a data collection rule streaming `Microsoft-ContainerInsights-Group-Default`
 * to the workspace, and its association with the cluster). One workspace keeps one access boundary
 * and one retention setting for the cluster's logs; Falco's JSON events are container logs too.
 * The handle's LogService (logs.ts) says so: `auto` is the cluster's own log service, with no agent
 * of the platform's.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ManagedCluster } from "@pulumi/azure-native/containerservice";
import { DataCollectionRule, DataCollectionRuleAssociation, DiagnosticSetting } from "@pulumi/azure-native/monitor";
import { Workspace } from "@pulumi/azure-native/operationalinsights";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterResourceOptions } from "../resource-options";

/**
 * Control-plane log categories sent to Log Analytics: the full audit log (`kube-audit`, reads
 * included; `kube-audit-admin` would drop get and list), the API server, controllers, the
 * autoscaler and Entra ID authentication (`guard`).
 */
export const aksLogCategories = ["kube-audit", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "cluster-autoscaler", "guard"] as const;

/** The stream Container Insights sends: container logs (v2), inventory and performance. */
export const containerInsightsStream = "Microsoft-ContainerInsights-Group-Default";

/** The name the monitoring add-on's data collection rule association must have. */
export const containerInsightsAssociation = "ContainerInsightsExtension";

/** The AKS monitoring add-on profile: Container Insights writing to `workspaceId`, authenticated with the add-on's managed identity. */
export function monitoringAddonProfile(workspaceId: pulumi.Input<string>) {
    return { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceId, useAADAuth: "true" } } };
}

/** Where the workspace goes. */
export interface LogsPlacement {
    resourceGroupName: pulumi.Output<string>;
    location: string;
    tags: Record<string, string>;
}

/** The Log Analytics workspace, before the cluster (the monitoring add-on names it). */
export function createLogWorkspace(name: string, cluster: ManagedClusterConfig<"azure">, at: LogsPlacement, opts: ClusterResourceOptions): Workspace {
    return new Workspace(
        `${name}-logs`,
        {
            resourceGroupName: at.resourceGroupName,
            location: at.location,
            sku: { name: "PerGB2018" },
            retentionInDays: cluster.logRetentionDays,
            tags: at.tags,
        },
        opts.guarded,
    );
}

/** The control-plane diagnostic setting, and Container Insights' data collection rule and association, once the cluster exists. */
export function createClusterLogs(
    name: string,
    cluster: ManagedClusterConfig<"azure">,
    at: LogsPlacement,
    aks: ManagedCluster,
    workspace: Workspace,
    opts: ClusterResourceOptions,
) {
    const audit = new DiagnosticSetting(
        `${name}-audit`,
        {
            resourceUri: aks.id,
            name: "platform-audit",
            workspaceId: workspace.id,
            logAnalyticsDestinationType: "Dedicated",
            logs: aksLogCategories.map((category) => ({ category, enabled: true })),
        },
        opts.base,
    );
    const rule = new DataCollectionRule(
        `${name}-container-insights`,
        {
            resourceGroupName: at.resourceGroupName,
            location: at.location,
            dataCollectionRuleName: `MSCI-${at.location}-${cluster.name}`,
            kind: "Linux",
            description: `Container Insights for ${cluster.name}: container logs, inventory and performance to the cluster's workspace`,
            dataSources: {
                extensions: [
                    {
                        name: "ContainerInsightsExtension",
                        extensionName: "ContainerInsights",
                        streams: [containerInsightsStream],
                        extensionSettings: { dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } },
                    },
                ],
            },
            destinations: { logAnalytics: [{ name: "ciworkspace", workspaceResourceId: workspace.id }] },
            dataFlows: [{ streams: [containerInsightsStream], destinations: ["ciworkspace"] }],
            tags: at.tags,
        },
        opts.base,
    );
    const association = new DataCollectionRuleAssociation(
        `${name}-container-insights`,
        {
            resourceUri: aks.id,
            associationName: containerInsightsAssociation,
            dataCollectionRuleId: rule.id,
            description: "Container Insights data collection for the cluster",
        },
        opts.base,
    );
    return { audit, rule, association };
}
