/**
 * Upgrade safety: every chart the platform installs is checked against the Kubernetes minor version
 * of the cluster it goes to, using the compatibility table in modules/addons/versions.ts
 * (`kubernetes: { min, max }` per pinned chart). A chart that does not support the cluster's version
 * stops the program before anything is registered for it, with a message naming both, so
 * `npm run plan` and the preview of `pulumi up` fail instead of the Helm release failing half-way.
 *
 * Pure functions: tests call them without a Pulumi graph.
 */
import { ConfigError } from "../config/errors";
import { kubernetesVersions } from "../config/sections/cluster";
import { ChartCoordinates, ChartName, charts, EksAddonPin, eksAddons } from "./versions";

/** A Kubernetes minor version as written in config and in the table: "1.34". */
export type KubernetesMinor = string;

const minorPattern = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/;

/**
 * `"1.34"`, `"v1.34.2"`, `"1.34.1-eks-1234"` -> `[1, 34]`. Throws on anything else, naming the value,
 * since a version the check cannot read must not pass silently.
 */
export function parseMinor(version: string): [number, number] {
    const m = minorPattern.exec(version.trim());
    if (!m) {
        throw new Error(`'${version}' is not a Kubernetes version such as 1.34`);
    }
    return [Number(m[1]), Number(m[2])];
}

/** Orders two Kubernetes versions by major then minor: negative, zero or positive. */
export function compareMinor(a: string, b: string): number {
    const [amaj, amin] = parseMinor(a);
    const [bmaj, bmin] = parseMinor(b);
    return amaj !== bmaj ? amaj - bmaj : amin - bmin;
}

/** True when `kubernetesVersion` lies in the inclusive range `[range.min, range.max]`. */
export function supportsKubernetes(range: ChartCoordinates["kubernetes"], kubernetesVersion: string): boolean {
    return compareMinor(range.min, kubernetesVersion) <= 0 && compareMinor(kubernetesVersion, range.max) <= 0;
}

/** One chart that cannot go on the cluster, or one the table cannot vouch for. */
export interface CompatibilityFinding {
    /** Key in the versions table (`ingressNginx`). */
    name: string;
    /** Chart name (`ingress-nginx`). */
    chart: string;
    /** The chart version that would be installed. */
    version: string;
    kubernetesVersion: string;
    /** The range the table gives for the pinned version. */
    supported: ChartCoordinates["kubernetes"];
    /**
     * `unsupported`: the pinned version does not support the cluster's Kubernetes version (fails).
     * `unverified`: a version override differs from the pinned one, so the table cannot vouch for it
     * (a warning: the override is the operator's explicit choice).
     */
    kind: "unsupported" | "unverified";
    message: string;
}

/**
 * Checks one chart: the version that will be installed (the pinned one, or `versionOverride`) against
 * the cluster's Kubernetes minor version. Returns undefined when compatible.
 */
export function checkChart(name: string, coords: ChartCoordinates, kubernetesVersion: string, versionOverride?: string): CompatibilityFinding | undefined {
    const supported = coords.kubernetes;
    const range = `${supported.min}–${supported.max}`;
    if (versionOverride !== undefined && versionOverride !== coords.version) {
        return {
            name,
            chart: coords.chart,
            version: versionOverride,
            kubernetesVersion,
            supported,
            kind: "unverified",
            message:
                `chart ${coords.chart} ${versionOverride} (version override) is not in the compatibility table: ` +
                `the pinned ${coords.version} supports Kubernetes ${range}; check the chart's release notes for Kubernetes ${kubernetesVersion}`,
        };
    }
    if (supportsKubernetes(supported, kubernetesVersion)) {
        return undefined;
    }
    const direction =
        compareMinor(kubernetesVersion, supported.max) > 0
            ? `pin a version of ${coords.chart} that supports ${kubernetesVersion} in modules/addons/versions.ts before upgrading the cluster, or keep the cluster on ${supported.max}`
            : `raise the cluster to at least ${supported.min}, or pin an older version of ${coords.chart}`;
    return {
        name,
        chart: coords.chart,
        version: coords.version,
        kubernetesVersion,
        supported,
        kind: "unsupported",
        message: `chart ${coords.chart} ${coords.version} supports Kubernetes ${range}, not ${kubernetesVersion}: ${direction} (see ${coords.source}); \`npm run compat -- --kubernetes ${kubernetesVersion}\` lists every pinned chart's support`,
    };
}

/** Checks a set of charts against one Kubernetes version; findings in table order. */
export function checkCharts(
    kubernetesVersion: string,
    installs: readonly { name: string; versionOverride?: string }[],
    table: Readonly<Record<string, ChartCoordinates>> = charts,
): CompatibilityFinding[] {
    const findings: CompatibilityFinding[] = [];
    for (const install of installs) {
        const coords = table[install.name];
        if (!coords) {
            throw new Error(`'${install.name}' is not a chart in modules/addons/versions.ts; known: ${Object.keys(table).join(", ")}`);
        }
        const finding = checkChart(install.name, coords, kubernetesVersion, install.versionOverride);
        if (finding) {
            findings.push(finding);
        }
    }
    return findings;
}

/** The key path a compatibility failure is reported at: the cluster's version, which the chart must support. */
export const kubernetesVersionPath = "cluster.kubernetesVersion";

/**
 * Throws a `ConfigError` (reported as `cluster.kubernetesVersion: chart X V supports Kubernetes A–B,
 * not K: ...`) when the chart would be installed on a Kubernetes version it does not support. Returns
 * the `unverified` finding for a version override (the caller logs it as a warning), else undefined.
 */
export function assertChartSupportsCluster(
    name: ChartName,
    kubernetesVersion: string,
    versionOverride?: string,
    table: Readonly<Record<string, ChartCoordinates>> = charts,
): CompatibilityFinding | undefined {
    const [finding] = checkCharts(kubernetesVersion, [{ name, versionOverride }], table);
    if (finding?.kind === "unsupported") {
        throw new ConfigError([{ path: kubernetesVersionPath, message: finding.message }]);
    }
    return finding;
}

/** Problems in the table itself (unreadable versions, min after max), as `charts.<name>.kubernetes: message`. */
export function tableProblems(table: Readonly<Record<string, ChartCoordinates>> = charts): string[] {
    const problems: string[] = [];
    for (const [name, coords] of Object.entries(table)) {
        const at = `charts.${name}.kubernetes`;
        try {
            parseMinor(coords.kubernetes.min);
            parseMinor(coords.kubernetes.max);
        } catch (e) {
            problems.push(`${at}: ${(e as Error).message}`);
            continue;
        }
        if (compareMinor(coords.kubernetes.min, coords.kubernetes.max) > 0) {
            problems.push(`${at}: min ${coords.kubernetes.min} is after max ${coords.kubernetes.max}`);
        }
    }
    return problems;
}

/** For each chart, the Kubernetes versions (of `versions`) it supports: the upgrade-planning matrix. */
export function compatibilityMatrix(
    versions: readonly string[],
    table: Readonly<Record<string, ChartCoordinates>> = charts,
): { name: string; chart: string; version: string; supports: Record<string, boolean> }[] {
    return Object.entries(table).map(([name, coords]) => ({
        name,
        chart: coords.chart,
        version: coords.version,
        supports: Object.fromEntries(versions.map((v) => [v, supportsKubernetes(coords.kubernetes, v)])),
    }));
}

/** An exact EKS managed add-on version: `v1.21.1-eksbuild.7`. */
export const eksAddonVersionPattern = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

/**
 * Problems in the EKS add-on table (`eksAddons.<name>.<minor>: message`): a Kubernetes version EKS
 * stacks may use with neither a pin nor a stated reason for having none, a pin in another form than
 * `vX.Y.Z-eksbuild.N`, a minor both pinned and declared unverified, an entry for a minor EKS stacks
 * cannot use, and a kube-proxy pin whose minor differs from the cluster's (kube-proxy must match the
 * control plane's minor).
 */
export function eksAddonProblems(table: Readonly<Record<string, EksAddonPin>> = eksAddons, supported: readonly string[] = kubernetesVersions.aws): string[] {
    const problems: string[] = [];
    for (const [name, pin] of Object.entries(table)) {
        const unverified: Readonly<Record<string, string>> = pin.unverified ?? {};
        for (const minor of supported) {
            const version = pin.versions[minor];
            const at = `eksAddons.${name}.${minor}`;
            if (version === undefined && !unverified[minor]) {
                problems.push(`${at}: no pinned ${pin.addon} version and no reason given in unverified`);
            }
            if (version !== undefined && unverified[minor]) {
                problems.push(`${at}: both pinned (${version}) and listed as unverified`);
            }
            if (version !== undefined && !eksAddonVersionPattern.test(version)) {
                problems.push(`${at}: '${version}' is not an exact EKS add-on version (vX.Y.Z-eksbuild.N)`);
            }
            if (version !== undefined && pin.addon === "kube-proxy" && compareMinor(version, minor) !== 0) {
                problems.push(`${at}: kube-proxy ${version} does not match the cluster's minor ${minor}`);
            }
        }
        for (const minor of [...Object.keys(pin.versions), ...Object.keys(unverified)]) {
            if (!supported.includes(minor)) {
                problems.push(`eksAddons.${name}.${minor}: EKS stacks cannot use Kubernetes ${minor} (supported: ${supported.join(", ")})`);
            }
        }
    }
    return problems;
}

/** For each EKS managed add-on, the version each Kubernetes minor installs (undefined: EKS's default, unverified). */
export function eksAddonMatrix(
    versions: readonly string[],
    table: Readonly<Record<string, EksAddonPin>> = eksAddons,
): { name: string; addon: string; versions: Record<string, string | undefined> }[] {
    return Object.entries(table).map(([name, pin]) => ({
        name,
        addon: pin.addon,
        versions: Object.fromEntries(versions.map((v) => [v, pin.versions[v]])),
    }));
}
