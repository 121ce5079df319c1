/**
 * How an add-on's chart is scraped, handed in by the composition root once the monitoring stack
 * exists (the observability area's scrape registry and its monitoring.coreos.com CRDs). Taken as a
 * typed input, so the add-ons of this area never import another area's module and a chart that
 * renders a ServiceMonitor always waits for the CRDs it needs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { deepMerge, Values } from "./values";
import type { ChartName } from "./versions";

export interface MonitoringHook {
    /** The resource whose install brings the monitoring.coreos.com CRDs (the monitoring stack's release). */
    crds: pulumi.Resource;
    /** The values that turn a chart's own ServiceMonitor on. */
    values(chart: ChartName): Values;
}

/** `values` with the chart's scrape switches merged in (unchanged without monitoring). */
export function scraped(chart: ChartName, values: Values, monitoring: MonitoringHook | undefined): Values {
    return monitoring ? deepMerge(values, monitoring.values(chart)) : values;
}

/** The CRD dependency a scraped chart needs (none without monitoring). */
export function monitoringNeeds(monitoring: MonitoringHook | undefined): pulumi.Resource[] {
    return monitoring ? [monitoring.crds] : [];
}
