/** What the Helm policies share: the resource types that install a chart and how to name the chart. */
import { asObject, asString, Props } from "../../lib/inputs";

/** The platform installs charts as Helm releases. */
export const helmReleaseType = "kubernetes:helm.sh/v3:Release";
/** Helm v4 Chart components render a chart client-side; they take the same chart inputs. */
export const helmChartV4Type = "kubernetes:helm.sh/v4:Chart";
/** Every type whose inputs name a chart, version and repository. */
export const chartTypes = [helmReleaseType, helmChartV4Type] as const;

/** The chart's own name: `ingress-nginx` for `ingress-nginx`, `repo/ingress-nginx` or `oci://host/path/ingress-nginx`. */
export function chartBaseName(props: Props): string | undefined {
    const chart = asString(props.chart);
    if (!chart) {
        return undefined;
    }
    const withoutTgz = chart.replace(/-\d+\.\d+\.\d+[^/]*\.tgz$/, "").replace(/\.tgz$/, "");
    const parts = withoutTgz.split("/").filter((p) => p !== "");
    return parts[parts.length - 1];
}

/**
 * The release's namespace: its `namespace` input, else `metadata.namespace` (a release written as a
 * Kubernetes-style YAML document for the policy CLI), else "default" as Helm does.
 */
export function releaseNamespace(props: Props): string {
    return asString(props.namespace) ?? asString(asObject(props.metadata)?.namespace) ?? "default";
}

/** The chart's user values (an object), or an empty object. */
export function releaseValues(props: Props): Props {
    return asObject(props.values) ?? {};
}
