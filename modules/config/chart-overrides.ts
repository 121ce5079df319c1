/**
 * Chart version overrides (`<add-on>.version`) checked against the pinned chart in
 * modules/addons/versions.ts. The plan is offline, so it cannot ask a chart repository which
 * releases exist; what it can check is everything that makes an override wrong for sure:
 * - the tag style: a chart pinned as `v1.21.1` is published with the `v` (cert-manager), one pinned
 *   as `4.15.1` without it, and Helm finds no release under the other spelling;
 * - a pre-release (`-rc.1`, `-beta`) where the chart's releases are not pre-releases;
 * - the same version as the pin (a leftover that would hold the stack back from every later bump);
 * - a version older than the pin (charts' CRDs and values move forward; roll back by reverting the
 *   versions.ts change instead, so every stack and the compatibility table move together);
 * - another major version than the pin (its values keys change: bump it in versions.ts, where the
 *   platform's values for the chart are reviewed with it).
 * What remains allowed is what the override is for: trying a newer minor or patch release of the
 * pinned major on one stack before Renovate's bump lands (the plan then warns that the
 * compatibility table cannot vouch for it).
 */
import { charts } from "../addons/versions";

export type ChartKey = keyof typeof charts;

/** Which chart each add-on's `version` overrides, by config key path. */
export const overridePaths: Record<string, ChartKey> = {
    "ingress.nginx": "ingressNginx",
    "ingress.contour": "contour",
    "ingress.envoyGateway": "envoyGateway",
    dns: "externalDns",
    "storage.snapshots.controller": "snapshotController",
    "observability.logging": "fluentBit",
    "observability.logging.fluentd": "fluentd",
    "observability.logging.loki": "loki",
    "observability.metrics": "kubePrometheusStack",
    "observability.longTerm": "thanos",
    "observability.tracing": "otelCollector",
    "observability.tracing.jaeger": "jaeger",
    "security.certManager": "certManager",
    "security.vault": "vault",
    "security.gatekeeper": "gatekeeper",
    "security.falco": "falco",
    "rbac.rbacManager": "rbacManager",
};

/** `identity.version` overrides the chart of the selected provider. */
export const identityCharts: Record<string, ChartKey> = { dex: "dex", pinniped: "pinniped" };

interface Version {
    v: boolean;
    parts: [number, number, number];
    pre?: string;
}

function parse(version: string): Version | undefined {
    const m = /^(v?)(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(version);
    if (!m) {
        return undefined;
    }
    return { v: m[1] === "v", parts: [Number(m[2]), Number(m[3]), Number(m[4])], pre: m[5] };
}

function compare(a: Version, b: Version): number {
    for (let i = 0; i < 3; i++) {
        if (a.parts[i] !== b.parts[i]) {
            return a.parts[i] - b.parts[i];
        }
    }
    if (a.pre === b.pre) {
        return 0;
    }
    return a.pre === undefined ? 1 : b.pre === undefined ? -1 : a.pre.localeCompare(b.pre);
}

/** Why `override` cannot be a release of `chart` worth trying, or undefined when it can. */
export function overrideProblem(key: ChartKey, override: string): string | undefined {
    const pinned = charts[key];
    const pin = parse(pinned.version);
    const wanted = parse(override);
    if (!pin || !wanted) {
        return undefined; // the shape itself is checked by the schema (exactVersion)
    }
    const name = `chart ${pinned.chart}`;
    const see = `(pinned ${pinned.version} in modules/addons/versions.ts; releases: ${pinned.source})`;
    if (wanted.v !== pin.v) {
        const respelled = pin.v ? `v${override}` : override.replace(/^v/, "");
        return `${name} publishes its versions ${pin.v ? "with" : "without"} a leading 'v': write '${respelled}' ${see}`;
    }
    if (wanted.pre !== undefined && pin.pre === undefined) {
        return `'${override}' is a pre-release; override with a release of ${name} ${see}`;
    }
    const order = compare(wanted, pin);
    if (order === 0) {
        return `is the version already pinned: remove the override, or the stack stays on it when versions.ts is bumped ${see}`;
    }
    if (wanted.parts[0] !== pin.parts[0]) {
        return `'${override}' is another major version than the pinned ${pinned.version}: its values change, so bump ${name} in modules/addons/versions.ts (where the platform's values for it are reviewed) instead of overriding it on one stack`;
    }
    if (order < 0) {
        return `'${override}' is older than the pinned ${pinned.version}: to go back, revert the versions.ts bump so every stack and the compatibility table move together ${see}`;
    }
    return undefined;
}

function get(value: unknown, path: string): unknown {
    let v = value;
    for (const part of path.split(".")) {
        v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
    }
    return v;
}

/** Every override problem in a parsed configuration, as `key.path: message`. */
export function chartOverrideIssues(config: Record<string, unknown>): { path: string; message: string }[] {
    const out: { path: string; message: string }[] = [];
    const check = (path: string, key: ChartKey | undefined) => {
        const version = get(config, `${path}.version`);
        if (key && typeof version === "string") {
            const problem = overrideProblem(key, version);
            if (problem) {
                out.push({ path: `${path}.version`, message: problem });
            }
        }
    };
    for (const [path, key] of Object.entries(overridePaths)) {
        check(path, key);
    }
    const provider = get(config, "identity.provider");
    check("identity", typeof provider === "string" ? identityCharts[provider] : undefined);
    return out;
}
