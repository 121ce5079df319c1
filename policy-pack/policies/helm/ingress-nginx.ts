/**
 * H3: ingress-nginx. Its snippet annotations and annotation injection were the road to
 * CVE-2021-25742 and the IngressNightmare set (CVE-2025-1974 and friends); the project was retired
 * in March 2026 (the last fixes: controller 1.13.9 / 1.14.5 / 1.15.1, charts 4.13.9 / 4.14.5 / 4.15.1,
 * released 2026-03-20). The mandatory rule keeps a running ingress-nginx hardened and on a patched
 * chart. The maintained-controller rule asks to move to a maintained Gateway API controller; its level
 * is per environment (mandatory in prod). A stack that must keep ingress-nginx accepts it explicitly
 * (the program's `ingress.nginx.acceptRetired`), which the release carries as annotations of the
 * controller Deployment: an accepted release is then reported by the always-advisory companion rule,
 * with the stack's reason, instead of by the maintained-controller rule.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asObject, asString, compareCores, forType, isTrue, versionCore } from "../../lib/inputs";
import { chartBaseName, chartTypes, releaseValues } from "./release";

/** The oldest patched chart of each release line that received the final fixes. */
export const patchedIngressNginxCharts: readonly string[] = ["4.13.9", "4.14.5", "4.15.1"];

/** True when the release installs the ingress-nginx chart. */
export function isIngressNginx(props: Record<string, unknown>): boolean {
    return chartBaseName(props) === "ingress-nginx";
}

/**
 * True when `version` is at least the patched version of its release line; a line newer than every
 * listed one counts as patched, an older line as unpatched.
 */
export function isPatched(version: string, patched: readonly string[]): boolean {
    const v = versionCore(version);
    const cores = patched.map(versionCore).filter((c): c is [number, number, number] => c !== undefined);
    if (!v || cores.length === 0) {
        return true;
    }
    const sameLine = cores.find((c) => c[0] === v[0] && c[1] === v[1]);
    if (sameLine) {
        return compareCores(v, sameLine) >= 0;
    }
    return cores.every((c) => compareCores(v, c) > 0);
}

export const requireHardenedIngressNginx: ResourceValidationPolicy = {
    name: "require-hardened-ingress-nginx",
    description:
        "ingress-nginx runs a patched chart (CVE-2025-1974 and the later fixes) with snippet annotations off, annotation validation on and an annotations risk level below Critical.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            patchedVersions: {
                type: "array",
                items: { type: "string" },
                default: [...patchedIngressNginxCharts],
                description:
                    "The oldest patched ingress-nginx chart version of each release line. Default: 4.13.9, 4.14.5, 4.15.1 (the final fixes of March 2026).",
            },
        },
    },
    validateResource: forType(chartTypes, (props, args, report) => {
        if (!isIngressNginx(props)) {
            return;
        }
        const { patchedVersions } = args.getConfig<{ patchedVersions?: string[] }>();
        const patched = patchedVersions ?? patchedIngressNginxCharts;
        const version = asString(props.version);
        if (version && versionCore(version) && !isPatched(version, patched)) {
            report(
                `ingress-nginx chart ${version} predates the fixes for CVE-2025-1974 and the later injection CVEs; upgrade to a patched chart (${patched.join(", ")} or later in its line).`,
            );
        }
        const controller = asObject(releaseValues(props).controller) ?? {};
        const config = asObject(controller.config) ?? {};
        if (isTrue(controller.allowSnippetAnnotations)) {
            report(
                "ingress-nginx `controller.allowSnippetAnnotations` is on: any Ingress author can inject nginx configuration (CVE-2021-25742); set it to false.",
            );
        }
        if (isTrue(config["allow-snippet-annotations"])) {
            report(
                'ingress-nginx `controller.config.allow-snippet-annotations` is "true": any Ingress author can inject nginx configuration; remove it (the default is false).',
            );
        }
        const risk = asString(config["annotations-risk-level"]);
        if (risk !== undefined && risk.toLowerCase() === "critical") {
            report(
                "ingress-nginx `controller.config.annotations-risk-level` is Critical, which re-enables the annotations used for configuration injection; use High (the default) or lower.",
            );
        }
        if (controller.enableAnnotationValidations === false || controller.enableAnnotationValidations === "false") {
            report("ingress-nginx `controller.enableAnnotationValidations` is off: annotation values are not validated; set it to true (the default).");
        }
    }),
};

/**
 * The annotations (on the controller Deployment, `controller.annotations` of the chart's values) that
 * record a stack's acceptance of the retired controller: the reason, and optionally the last day
 * (YYYY-MM-DD, UTC) it holds.
 */
export const retiredControllerAcceptance = {
    reason: "platform.io/retired-ingress-controller-accepted",
    until: "platform.io/retired-ingress-controller-accepted-until",
} as const;

/** A release's acceptance of the retired controller: valid, expired, or absent. */
export type Acceptance =
    | { state: "accepted"; reason: string; until?: string }
    /** The last day has passed, or is not a YYYY-MM-DD date (which never counts as accepted). */
    | { state: "expired" | "invalid"; reason: string; until: string }
    | { state: "none" };

/** Today's date (UTC) as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
    return now.toISOString().slice(0, 10);
}

/** What the release's values say about accepting the retired controller on `day` (YYYY-MM-DD). */
export function acceptanceOf(props: Record<string, unknown>, day: string = today()): Acceptance {
    const annotations = asObject(asObject(releaseValues(props).controller)?.annotations) ?? {};
    const reason = asString(annotations[retiredControllerAcceptance.reason])?.trim();
    if (!reason) {
        return { state: "none" };
    }
    const until = asString(annotations[retiredControllerAcceptance.until])?.trim();
    if (until && !/^\d{4}-\d{2}-\d{2}$/.test(until)) {
        return { state: "invalid", reason, until };
    }
    if (until && until < day) {
        return { state: "expired", reason, until };
    }
    return { state: "accepted", reason, ...(until ? { until } : {}) };
}

export const requireMaintainedIngressController: ResourceValidationPolicy = {
    name: "require-maintained-ingress-controller",
    description:
        "ingress-nginx is retired (no releases or security fixes after March 2026): run a maintained Gateway API controller. Mandatory in prod; a stack that accepts the retired controller explicitly (ingress.nginx.acceptRetired) is reported by restrict-accepted-retired-ingress-controller instead.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: forType(chartTypes, (props, _args, report) => {
        if (!isIngressNginx(props)) {
            return;
        }
        const acceptance = acceptanceOf(props);
        if (acceptance.state === "accepted") {
            return;
        }
        const expired =
            acceptance.state === "expired"
                ? ` The stack's acceptance of it ("${acceptance.reason}") ended on ${acceptance.until}.`
                : acceptance.state === "invalid"
                  ? ` The stack's acceptance of it does not count: its last day '${acceptance.until}' is not a YYYY-MM-DD date.`
                  : "";
        report(
            `ingress-nginx was retired in March 2026 and receives no more security fixes.${expired} Move to a maintained Gateway API controller (\`ingress.controller: envoyGateway\`; docs/operations.md, "Switching the ingress controller"), or accept the retired controller explicitly with \`ingress.nginx.acceptRetired: { reason: "...", until: "YYYY-MM-DD" }\`, which turns this into an advisory that states the reason.`,
        );
    }),
};

export const restrictAcceptedRetiredIngressController: ResourceValidationPolicy = {
    name: "restrict-accepted-retired-ingress-controller",
    description:
        "An ingress-nginx release the stack explicitly accepts although it is retired (ingress.nginx.acceptRetired) stays visible in every plan and preview, with the stack's reason, until it is replaced.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: forType(chartTypes, (props, _args, report) => {
        if (!isIngressNginx(props)) {
            return;
        }
        const acceptance = acceptanceOf(props);
        if (acceptance.state !== "accepted") {
            return;
        }
        const until = acceptance.until ? ` until ${acceptance.until}` : " with no end date";
        report(
            `ingress-nginx is retired (no security fixes since March 2026) and runs here only because the stack accepts it${until}: "${acceptance.reason}". Plan the move to a maintained Gateway API controller (\`ingress.controller: envoyGateway\`).`,
        );
    }),
};
