import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asObject, asString, forType, isUnknown, Props } from "../../lib/inputs";
import { markedMirror } from "./airgap-mark";
import { chartTypes } from "./release";

/**
 * The chart sources the platform itself installs from (modules/addons/versions.ts; a test keeps the
 * two in step) and well-known upstream repositories of common platform charts. An environment adds
 * its own (an internal registry) with `additionalRepositories`; a stack's air-gap chart mirror is
 * approved through the mark its releases carry (airgap-mark.ts).
 */
export const defaultChartRepositories: readonly string[] = [
    "https://aquasecurity.github.io/helm-charts",
    "https://argoproj.github.io/argo-helm",
    "https://aws.github.io/eks-charts",
    "https://azure.github.io/secrets-store-csi-driver-provider-azure/charts",
    "https://charts.dexidp.io",
    "https://charts.external-secrets.io",
    "https://charts.fairwinds.com/stable",
    "https://charts.jetstack.io",
    "https://falcosecurity.github.io/charts",
    "https://fluent.github.io/helm-charts",
    "https://grafana-community.github.io/helm-charts",
    "https://grafana.github.io/helm-charts",
    "https://helm.cilium.io",
    "https://helm.releases.hashicorp.com",
    "https://jaegertracing.github.io/helm-charts",
    "https://kubernetes-sigs.github.io/aws-ebs-csi-driver",
    "https://kubernetes-sigs.github.io/aws-efs-csi-driver",
    "https://kubernetes-sigs.github.io/external-dns",
    "https://kubernetes-sigs.github.io/metrics-server",
    "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts",
    "https://kubernetes.github.io/autoscaler",
    "https://kubernetes.github.io/ingress-nginx",
    "https://open-policy-agent.github.io/gatekeeper/charts",
    "https://open-telemetry.github.io/opentelemetry-helm-charts",
    "https://piraeus.io/helm-charts",
    "https://projectcontour.github.io/helm-charts",
    "https://prometheus-community.github.io/helm-charts",
    "https://stevehipwell.github.io/helm-charts",
    "https://vmware-tanzu.github.io/helm-charts",
    "oci://docker.io/envoyproxy",
    "oci://ghcr.io/external-secrets/charts",
    "oci://public.ecr.aws/karpenter",
    "oci://quay.io/jetstack/charts",
    "oci://registry-1.docker.io/bitnamicharts",
];

function trimSlash(url: string): string {
    return url.replace(/\/+$/, "");
}

/** True when `source` is an allowed entry or lies under one (`oci://host/path` covers `oci://host/path/chart`). */
export function sourceAllowed(source: string, allowed: readonly string[]): boolean {
    const s = trimSlash(source);
    return allowed.some((entry) => {
        const e = trimSlash(entry);
        return s === e || s.startsWith(`${e}/`);
    });
}

interface Params {
    allowedRepositories?: string[];
    additionalRepositories?: string[];
    followPlatformMirror?: boolean;
    allowedMirrors?: string[];
}

/**
 * The chart source of one release: the violations of its form (plain http, no repository) and the
 * source to hold to the allow-list, or undefined when it is not known yet or already reported.
 */
function sourceOf(props: Props, report: (message: string) => void): string | undefined {
    if (isUnknown(props, "chart") || isUnknown(props, "repositoryOpts")) {
        return undefined;
    }
    const chart = asString(props.chart) ?? "";
    const repositoryOpts = asObject(props.repositoryOpts);
    if (isUnknown(repositoryOpts, "repo")) {
        return undefined;
    }
    const repo = asString(repositoryOpts?.repo);
    if (props.plainHttp === true) {
        report("`plainHttp: true` pulls the chart without TLS; remove it and serve the chart over https:// or oci:// with TLS.");
    }
    let source: string;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(chart)) {
        source = chart; // a full chart reference: oci://host/path/chart or https://host/chart-1.2.3.tgz
    } else if (repo) {
        source = repo;
    } else {
        report(
            `Chart '${chart}' names no repository: a local path or a Helm repo alias cannot be reproduced or mirrored. Set \`repositoryOpts.repo\` to an allow-listed https:// repository, or use an allow-listed oci:// chart reference.`,
        );
        return undefined;
    }
    if (!/^(https|oci):\/\//i.test(source)) {
        report(`Chart source '${source}' is not https:// or oci://; serve charts over TLS from an allow-listed repository.`);
        return undefined;
    }
    return source;
}

/**
 * H2: charts come over https:// or oci:// from an approved source, never a local path or plain http.
 * Approved: the allow-list of the environment's config, and the stack's own air-gap chart mirror for
 * a release the program marks as installed from it (airgap-mark.ts), unless the environment
 * turns `followPlatformMirror` off or lists `allowedMirrors` the mirror is not among.
 */
export const requireApprovedChartSource: ResourceValidationPolicy = {
    name: "require-approved-chart-source",
    description:
        "Helm charts come over https:// or oci:// from an approved source (the allow-list, or the stack's air-gap chart mirror, platform:airgap.chartMirror), never plain http, a local path or a repo alias, so every install is reproducible and mirrorable.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            allowedRepositories: {
                type: "array",
                items: { type: "string", pattern: "^(https|oci)://" },
                default: [...defaultChartRepositories],
                description:
                    "Allowed chart sources (https:// repository URLs or oci:// registry paths; a source matches an entry or a path under it). Default: the platform's upstream repositories.",
            },
            additionalRepositories: {
                type: "array",
                items: { type: "string", pattern: "^(https|oci)://" },
                default: [],
                description: "Sources added to allowedRepositories for this environment (an internal registry). Default: none.",
            },
            followPlatformMirror: {
                type: "boolean",
                default: true,
                description:
                    "Also approve a release the program installs from the stack's air-gap chart mirror (platform:airgap.chartMirror; the release's description names it), when its source lies under that mirror. Turn off to approve only the listed sources. Default: true.",
            },
            allowedMirrors: {
                type: "array",
                items: { type: "string", pattern: "^(https|oci)://" },
                default: [],
                description:
                    "When not empty, the stack chart mirrors this environment follows: a mirror must be one of these or lie under one. Default: [] (any https:// or oci:// mirror).",
            },
        },
    },
    validateResource: forType(chartTypes, (props, args, report) => {
        const params = args.getConfig<Params>();
        const allowed = [...(params.allowedRepositories ?? defaultChartRepositories), ...(params.additionalRepositories ?? [])];
        const source = sourceOf(props, report);
        if (source === undefined || sourceAllowed(source, allowed)) {
            return;
        }
        const mirror = params.followPlatformMirror === false ? undefined : markedMirror(props);
        if (mirror !== undefined) {
            const mirrors = params.allowedMirrors ?? [];
            if (!/^(https|oci):\/\//i.test(mirror)) {
                report(
                    `The release names the chart mirror '${mirror}', which is not https:// or oci://; set \`platform:airgap.chartMirror\` to an https:// Helm repository or an oci:// registry path.`,
                );
                return;
            }
            if (mirrors.length > 0 && !sourceAllowed(mirror, mirrors)) {
                report(
                    `Chart mirror '${mirror}' (\`platform:airgap.chartMirror\`) is not one of this environment's allowedMirrors (${mirrors.join(", ")}); use one of them, or add it in the environment's policy config (require-approved-chart-source).`,
                );
                return;
            }
            if (sourceAllowed(source, [mirror])) {
                return;
            }
        }
        const hint = mirror ? `it is neither on the allow-list nor under the stack's chart mirror '${mirror}'` : "it is not on the allow-list";
        report(
            `Chart source '${source}' is not approved: ${hint}. Use an approved repository, serve the chart from the stack's chart mirror (\`platform:airgap.chartMirror\`), or add the source to additionalRepositories in the environment's policy config (require-approved-chart-source).`,
        );
    }),
};
