/**
 * Settings written for a component the stack does not select: they would be silently ignored, so the
 * stack would not run what its file says. Variants of a discriminated union (`identity.provider`,
 * `observability.logging.backend.type`, `tracing.exporter.type`, `cluster.cloud`) are caught by the
 * loader's unknown-key check, which names the variant that has the key; these are the selections
 * made by a field beside the settings, read from what the user wrote (defaults excluded).
 */
import { ConfigIssue } from "./errors";

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function at(value: unknown, path: readonly string[]): unknown {
    let v = value;
    for (const part of path) {
        v = isObject(v) ? v[part] : undefined;
    }
    return v;
}

/** True when the user wrote something at `path` (a non-empty object or any other value). */
function written(raw: unknown, path: readonly string[]): boolean {
    const v = at(raw, path);
    return v !== undefined && !(isObject(v) && Object.keys(v).length === 0);
}

interface Selection {
    /** The settings that only apply to one choice. */
    settings: string[];
    /** The field that makes the choice, and the parsed value it must have for the settings to apply. */
    selector: string[];
    applies: (selected: unknown) => boolean;
    /** What to write instead, for the message. */
    fix: (selected: unknown) => string;
}

const selections: Selection[] = [
    {
        settings: ["ingress", "nginx"],
        selector: ["ingress", "controller"],
        applies: (c) => c === "nginx",
        fix: (c) => `ingress-nginx settings, but ingress.controller is '${String(c)}': remove ingress.nginx, or set ingress.controller: nginx`,
    },
    {
        settings: ["ingress", "contour"],
        selector: ["ingress", "controller"],
        applies: (c) => c === "contour",
        fix: (c) =>
            `Contour settings, but ingress.controller is '${String(c)}'${c === "nginx" ? " (the default)" : ""}: remove ingress.contour, or set ingress.controller: contour`,
    },
    {
        settings: ["observability", "logging", "fluentd"],
        selector: ["observability", "logging", "aggregator"],
        applies: (a) => a === "fluentd",
        fix: (a) =>
            `Fluentd settings, but observability.logging.aggregator is '${String(a)}': remove observability.logging.fluentd, or set aggregator: fluentd`,
    },
    {
        settings: ["observability", "tracing", "jaeger"],
        selector: ["observability", "tracing", "exporter", "type"],
        applies: (t) => t === "jaeger",
        fix: (t) =>
            `Jaeger settings, but observability.tracing.exporter.type is '${String(t)}': remove observability.tracing.jaeger, or set exporter: { type: jaeger }`,
    },
    {
        settings: ["observability", "metrics", "alertmanager"],
        selector: ["observability", "metrics", "mode"],
        applies: (m) => m === "in-cluster",
        fix: (m) =>
            `Alertmanager settings, but observability.metrics.mode is '${String(m)}' (no in-cluster Alertmanager): remove observability.metrics.alertmanager, or set mode: in-cluster`,
    },
    {
        settings: ["observability", "metrics", "prometheus", "retention"],
        selector: ["observability", "metrics", "mode"],
        applies: (m) => m === "in-cluster",
        fix: (m) =>
            `local retention, but observability.metrics.mode is '${String(m)}' (the agent keeps no data; the vendor sets retention): remove it, or set mode: in-cluster`,
    },
];

/** Every setting in `raw` (the sections as written) for a component `parsed` does not select. */
export function unselectedSettings(raw: Record<string, unknown>, parsed: Record<string, unknown>): ConfigIssue[] {
    const out: ConfigIssue[] = [];
    for (const s of selections) {
        if (!written(raw, s.settings)) {
            continue;
        }
        const selected = at(parsed, s.selector);
        if (selected !== undefined && !s.applies(selected)) {
            out.push({ path: s.settings.join("."), message: s.fix(selected) });
        }
    }
    return out;
}
