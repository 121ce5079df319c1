import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asObject, asString, forType, isUnknown } from "../../lib/inputs";
import { chartTypes } from "./release";

/**
 * The chart sources the platform itself installs from (modules/addons/versions.ts; a test keeps the
 * two in step) and well-known upstream repositories of common platform charts. An environment adds
 * its own (an air-gap mirror, an internal registry) with `additionalRepositories`.
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
}

/** H2: charts come over https:// or oci:// from an allow-listed repository, never a local path or plain http. */
export const requireApprovedChartSource: ResourceValidationPolicy = {
    name: "require-approved-chart-source",
    description: "Helm charts come over https:// or oci:// from an allow-listed repository (no plain http, no local path or repo alias), so every install is reproducible and mirrorable.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            allowedRepositories: {
                type: "array",
                items: { type: "string", pattern: "^(https|oci)://" },
                default: [...defaultChartRepositories],
                description: "Allowed chart sources (https:// repository URLs or oci:// registry paths; a source matches an entry or a path under it). Default: the platform's upstream repositories.",
            },
            additionalRepositories: {
                type: "array",
                items: { type: "string", pattern: "^(https|oci)://" },
                default: [],
                description: "Sources added to allowedRepositories for this environment (air-gap mirror, internal registry). Default: none.",
            },
        },
    },
    validateResource: forType(chartTypes, (props, args, report) => {
        const params = args.getConfig<Params>();
        const allowed = [...(params.allowedRepositories ?? defaultChartRepositories), ...(params.additionalRepositories ?? [])];
        if (isUnknown(props, "chart") || isUnknown(props, "repositoryOpts")) {
            return;
        }
        const chart = asString(props.chart) ?? "";
        const repositoryOpts = asObject(props.repositoryOpts);
        if (isUnknown(repositoryOpts, "repo")) {
            return;
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
            report(`Chart '${chart}' names no repository: a local path or a Helm repo alias cannot be reproduced or mirrored. Set \`repositoryOpts.repo\` to an allow-listed https:// repository, or use an allow-listed oci:// chart reference.`);
            return;
        }
        if (!/^(https|oci):\/\//i.test(source)) {
            report(`Chart source '${source}' is not https:// or oci://; serve charts over TLS from an allow-listed repository.`);
            return;
        }
        if (!sourceAllowed(source, allowed)) {
            report(`Chart source '${source}' is not on the allow-list; use an approved repository or add it to additionalRepositories in the environment's policy config (require-approved-chart-source).`);
        }
    }),
};
