import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forType } from "../../lib/inputs";
import { chartBaseName, chartTypes, releaseNamespace } from "./release";

/**
 * Charts that run privileged node agents (host namespaces, hostPath, privileged containers or
 * kernel access): runtime security, CNI, CSI node plugins, node exporters and log shippers.
 */
export const defaultPrivilegedCharts: readonly string[] = [
    "aws-ebs-csi-driver",
    "aws-efs-csi-driver",
    "aws-node-termination-handler",
    "calico",
    "cilium",
    "csi-secrets-store-provider-azure",
    "datadog",
    "falco",
    "fluent-bit",
    "kube-prometheus-stack",
    "node-problem-detector",
    "prometheus-node-exporter",
    "promtail",
    "secrets-store-csi-driver",
    "tetragon",
    "tigera-operator",
];

export interface PrivilegedChartException {
    /** Chart name (as in the chart's repository). */
    chart: string;
    /** Namespace the release may run in. */
    namespace: string;
}

interface Params {
    privilegedCharts?: string[];
    exceptions?: PrivilegedChartException[];
}

/** H4: a chart that runs privileged node agents is installed only where an exception names it. */
export const disallowUnapprovedPrivilegedCharts: ResourceValidationPolicy = {
    name: "disallow-unapproved-privileged-charts",
    description:
        "Charts that run privileged node agents (Falco, CNI, CSI node plugins, node exporters, log shippers) are installed only by exception, in the namespace the exception names.",
    enforcementLevel: "advisory",
    severity: "high",
    configSchema: {
        properties: {
            privilegedCharts: {
                type: "array",
                items: { type: "string" },
                default: [...defaultPrivilegedCharts],
                description: "Chart names that run privileged workloads. Default: runtime security, CNI, CSI node, node-exporter and log-shipper charts.",
            },
            exceptions: {
                type: "array",
                items: {
                    type: "object",
                    properties: { chart: { type: "string" }, namespace: { type: "string" } },
                    required: ["chart", "namespace"],
                    additionalProperties: false,
                },
                default: [],
                description: "The approved privileged installs: chart and namespace. Default: none.",
            },
        },
    },
    validateResource: forType(chartTypes, (props, args, report) => {
        const params = args.getConfig<Params>();
        const chart = chartBaseName(props);
        if (!chart || !(params.privilegedCharts ?? defaultPrivilegedCharts).includes(chart)) {
            return;
        }
        const namespace = releaseNamespace(props);
        const approved = (params.exceptions ?? []).some((e) => e.chart === chart && e.namespace === namespace);
        if (!approved) {
            report(
                `Chart '${chart}' runs privileged node agents and has no exception for namespace '${namespace}'; add { "chart": "${chart}", "namespace": "${namespace}" } to this policy's exceptions in the environment's policy config after review, or do not install it.`,
            );
        }
    }),
};
