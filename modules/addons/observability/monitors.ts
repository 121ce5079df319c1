/**
 * ServiceMonitors and PodMonitors the observability area creates itself, for charts without a
 * switch (see metrics/scrape.ts `monitor` entries). Pure builders plus one resource helper.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { OwnMonitor } from "./metrics/scrape";

/** The monitor object's spec: selects by labels in any namespace (the add-on's owner picks it). */
export function monitorSpec(m: OwnMonitor): Record<string, unknown> {
    const endpoint = { port: m.port, path: m.path, interval: "30s" };
    return {
        selector: { matchLabels: m.selector },
        namespaceSelector: { any: true },
        ...(m.kind === "PodMonitor" ? { podMetricsEndpoints: [endpoint] } : { endpoints: [endpoint] }),
    };
}

/** Creates the monitor object (after the monitoring CRDs: pass them in `opts.dependsOn`). */
export function createMonitor(
    resourceName: string,
    args: { name: string; namespace: pulumi.Input<string>; monitor: OwnMonitor },
    opts: pulumi.CustomResourceOptions,
): CustomResource {
    return new CustomResource(
        resourceName,
        {
            apiVersion: "monitoring.coreos.com/v1",
            kind: args.monitor.kind,
            metadata: { name: args.name, namespace: args.namespace, labels: { "platform.io/component": "observability" } },
            spec: monitorSpec(args.monitor),
        },
        opts,
    );
}
