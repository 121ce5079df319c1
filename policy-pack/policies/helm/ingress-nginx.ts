/**
 * H3: ingress-nginx. Its snippet annotations and annotation injection were the road to
 * CVE-2021-25742 and the IngressNightmare set (CVE-2025-1974 and friends); the project was retired
 * in March 2026 (the last fixes: controller 1.13.9 / 1.14.5 / 1.15.1, charts 4.13.9 / 4.14.5 / 4.15.1,
 * released 2026-03-20). The mandatory rule keeps a running ingress-nginx hardened and on a patched
 * chart; the advisory rule asks to move to a maintained Gateway API controller.
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
    description: "ingress-nginx runs a patched chart (CVE-2025-1974 and the later fixes) with snippet annotations off, annotation validation on and an annotations risk level below Critical.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            patchedVersions: {
                type: "array",
                items: { type: "string" },
                default: [...patchedIngressNginxCharts],
                description: "The oldest patched ingress-nginx chart version of each release line. Default: 4.13.9, 4.14.5, 4.15.1 (the final fixes of March 2026).",
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
            report(`ingress-nginx chart ${version} predates the fixes for CVE-2025-1974 and the later injection CVEs; upgrade to a patched chart (${patched.join(", ")} or later in its line).`);
        }
        const controller = asObject(releaseValues(props).controller) ?? {};
        const config = asObject(controller.config) ?? {};
        if (isTrue(controller.allowSnippetAnnotations)) {
            report("ingress-nginx `controller.allowSnippetAnnotations` is on: any Ingress author can inject nginx configuration (CVE-2021-25742); set it to false.");
        }
        if (isTrue(config["allow-snippet-annotations"])) {
            report("ingress-nginx `controller.config.allow-snippet-annotations` is \"true\": any Ingress author can inject nginx configuration; remove it (the default is false).");
        }
        const risk = asString(config["annotations-risk-level"]);
        if (risk !== undefined && risk.toLowerCase() === "critical") {
            report("ingress-nginx `controller.config.annotations-risk-level` is Critical, which re-enables the annotations used for configuration injection; use High (the default) or lower.");
        }
        if (controller.enableAnnotationValidations === false || controller.enableAnnotationValidations === "false") {
            report("ingress-nginx `controller.enableAnnotationValidations` is off: annotation values are not validated; set it to true (the default).");
        }
    }),
};

export const requireMaintainedIngressController: ResourceValidationPolicy = {
    name: "require-maintained-ingress-controller",
    description: "ingress-nginx is retired (no releases or security fixes after March 2026): prefer a maintained Gateway API controller.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: forType(chartTypes, (props, _args, report) => {
        if (isIngressNginx(props)) {
            report("ingress-nginx was retired in March 2026 and receives no more security fixes; plan a move to a maintained Gateway API controller (for example Envoy Gateway, Contour, Cilium or Istio) and retire this release.");
        }
    }),
};
