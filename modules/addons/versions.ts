/**
 * Every chart the platform installs, pinned exactly, with its upstream link and the Kubernetes minor
 * versions it supports. The ONE place a chart version lives; Renovate (renovate.json) reads the
 * `// renovate:` line above each entry and proposes bumps, which the offline plan then gates.
 *
 * Keep each entry's lines in this order (chart, repository, version): Renovate's matcher relies on it.
 */

export interface ChartCoordinates {
    /** Chart name in its repository. */
    chart: string;
    /** Helm repository (https://) or OCI registry path (oci://) that holds the chart. */
    repository: string;
    /** Exact chart version. */
    version: string;
    /** Upstream page with the chart's releases and changelog. */
    source: string;
    /** Kubernetes minor versions this chart version supports (inclusive). */
    kubernetes: { min: string; max: string };
}

/** Pod Security Admission version the platform pins in namespace labels. */
export const podSecurityVersion = "v1.34";

export const charts = {
    // renovate: datasource=helm registryUrl=https://kubernetes.github.io/ingress-nginx depName=ingress-nginx
    ingressNginx: {
        chart: "ingress-nginx",
        repository: "https://kubernetes.github.io/ingress-nginx",
        version: "4.15.1",
        // The project is retired: 4.15.1 (controller v1.15.1, 2026-03-19) is its final patched release.
        source: "https://github.com/kubernetes/ingress-nginx/tree/helm-chart-4.15.1/charts/ingress-nginx",
        kubernetes: { min: "1.31", max: "1.35" },
    },

    // renovate: datasource=docker depName=docker.io/envoyproxy/gateway-helm
    envoyGateway: {
        chart: "gateway-helm",
        repository: "oci://docker.io/envoyproxy/gateway-helm",
        version: "v1.9.0",
        // Envoy Gateway 1.9.0 (2026-08-14; Envoy 1.39, Gateway API 1.6.1). Its compatibility matrix
        // (site/content/en/news/releases/matrix.md at v1.9.0) lists Kubernetes 1.33–1.36, end of life
        // 2027-02-14. The Envoy Gateway and Gateway API CRDs sit in the `crds` subchart's crds/ folder:
        // Helm installs them with the release and never deletes them (docs/operations.md: upgrading them).
        source: "https://github.com/envoyproxy/gateway/tree/v1.9.0/charts/gateway-helm",
        kubernetes: { min: "1.33", max: "1.36" },
    },

    // renovate: datasource=helm registryUrl=https://projectcontour.github.io/helm-charts depName=contour
    contour: {
        chart: "contour",
        repository: "https://projectcontour.github.io/helm-charts",
        version: "0.7.0",
        // The Contour project's own chart (appVersion 1.33.6), not the Bitnami one. No Contour release
        // supports Kubernetes 1.35 yet (projectcontour.io compatibility matrix: 1.33.x is tested on
        // 1.32–1.34; only `main` lists 1.34–1.36): Envoy Gateway is the maintained path on 1.35+.
        source: "https://github.com/projectcontour/helm-charts/tree/main/charts/contour",
        kubernetes: { min: "1.32", max: "1.34" },
    },

    // renovate: datasource=helm registryUrl=https://kubernetes-sigs.github.io/external-dns depName=external-dns
    externalDns: {
        chart: "external-dns",
        repository: "https://kubernetes-sigs.github.io/external-dns",
        version: "1.21.1",
        source: "https://github.com/kubernetes-sigs/external-dns/tree/external-dns-helm-chart-1.21.1/charts/external-dns",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://piraeus.io/helm-charts depName=snapshot-controller
    snapshotController: {
        chart: "snapshot-controller",
        repository: "https://piraeus.io/helm-charts",
        version: "5.2.0",
        source: "https://github.com/piraeusdatastore/helm-charts/tree/snapshot-controller-5.2.0/charts/snapshot-controller",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://fluent.github.io/helm-charts depName=fluent-bit
    fluentBit: {
        chart: "fluent-bit",
        repository: "https://fluent.github.io/helm-charts",
        version: "0.58.1",
        source: "https://github.com/fluent/helm-charts/tree/main/charts/fluent-bit",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://fluent.github.io/helm-charts depName=fluentd
    fluentd: {
        chart: "fluentd",
        repository: "https://fluent.github.io/helm-charts",
        version: "0.6.0",
        source: "https://github.com/fluent/helm-charts/tree/main/charts/fluentd",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://prometheus-community.github.io/helm-charts depName=prometheus-operator-crds
    prometheusOperatorCrds: {
        chart: "prometheus-operator-crds",
        repository: "https://prometheus-community.github.io/helm-charts",
        version: "31.0.1",
        // The monitoring.coreos.com CRDs alone (operator v0.93.1, kube-prometheus-stack 88.5.3's
        // appVersion): moves with kube-prometheus-stack in one Renovate PR.
        source: "https://github.com/prometheus-community/helm-charts/tree/main/charts/prometheus-operator-crds",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://prometheus-community.github.io/helm-charts depName=kube-prometheus-stack
    kubePrometheusStack: {
        chart: "kube-prometheus-stack",
        repository: "https://prometheus-community.github.io/helm-charts",
        version: "88.5.3",
        source: "https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://stevehipwell.github.io/helm-charts depName=thanos
    thanos: {
        chart: "thanos",
        repository: "https://stevehipwell.github.io/helm-charts",
        version: "1.24.1",
        source: "https://github.com/stevehipwell/helm-charts/tree/main/charts/thanos",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://open-telemetry.github.io/opentelemetry-helm-charts depName=opentelemetry-collector
    otelCollector: {
        chart: "opentelemetry-collector",
        repository: "https://open-telemetry.github.io/opentelemetry-helm-charts",
        version: "0.170.0",
        source: "https://github.com/open-telemetry/opentelemetry-helm-charts/tree/main/charts/opentelemetry-collector",
        kubernetes: { min: "1.24", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://jaegertracing.github.io/helm-charts depName=jaeger
    jaeger: {
        chart: "jaeger",
        repository: "https://jaegertracing.github.io/helm-charts",
        version: "4.11.1",
        source: "https://github.com/jaegertracing/helm-charts/tree/main/charts/jaeger",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://grafana-community.github.io/helm-charts depName=loki
    loki: {
        chart: "loki",
        repository: "https://grafana-community.github.io/helm-charts",
        version: "18.11.0",
        // The OSS Loki chart (appVersion 3.7.6), maintained in grafana-community/helm-charts since
        // 2026-03-16 (grafana/loki's own chart is for Grafana Enterprise Logs only from 7.0.0).
        // kubeVersion ">=1.25.0-0" and GA APIs only (apps/v1, policy/v1, autoscaling/v2,
        // networking.k8s.io/v1): read at tag loki-18.11.0.
        source: "https://github.com/grafana-community/helm-charts/tree/loki-18.11.0/charts/loki",
        kubernetes: { min: "1.25", max: "1.36" },
    },

    // renovate: datasource=helm registryUrl=https://charts.jetstack.io depName=cert-manager
    certManager: {
        chart: "cert-manager",
        repository: "https://charts.jetstack.io",
        version: "v1.21.1",
        source: "https://github.com/cert-manager/cert-manager/releases/tag/v1.21.1",
        kubernetes: { min: "1.33", max: "1.36" },
    },

    // renovate: datasource=helm registryUrl=https://helm.releases.hashicorp.com depName=vault
    vault: {
        chart: "vault",
        repository: "https://helm.releases.hashicorp.com",
        version: "0.34.1",
        source: "https://github.com/hashicorp/vault-helm/releases/tag/v0.34.1",
        kubernetes: { min: "1.29", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://open-policy-agent.github.io/gatekeeper/charts depName=gatekeeper
    gatekeeper: {
        chart: "gatekeeper",
        repository: "https://open-policy-agent.github.io/gatekeeper/charts",
        version: "3.23.0",
        source: "https://github.com/open-policy-agent/gatekeeper/releases/tag/v3.23.0",
        kubernetes: { min: "1.30", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://falcosecurity.github.io/charts depName=falco
    falco: {
        chart: "falco",
        repository: "https://falcosecurity.github.io/charts",
        version: "9.1.0",
        source: "https://github.com/falcosecurity/charts/releases/tag/falco-9.1.0",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://charts.dexidp.io depName=dex
    dex: {
        chart: "dex",
        repository: "https://charts.dexidp.io",
        version: "0.24.0",
        source: "https://github.com/dexidp/helm-charts/releases/tag/dex-0.24.0",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=helm registryUrl=https://charts.fairwinds.com/stable depName=rbac-manager
    rbacManager: {
        chart: "rbac-manager",
        repository: "https://charts.fairwinds.com/stable",
        version: "2.0.0",
        source: "https://github.com/FairwindsOps/charts/tree/master/stable/rbac-manager",
        kubernetes: { min: "1.25", max: "1.35" },
    },

    // renovate: datasource=docker registryUrl=https://registry-1.docker.io depName=bitnamicharts/pinniped
    pinniped: {
        chart: "pinniped",
        repository: "oci://registry-1.docker.io/bitnamicharts/pinniped",
        version: "2.4.23",
        // 2.4.23 (appVersion 0.40.0, image bitnami/pinniped:0.40.0-debian-12-r2) is the last version
        // Bitnami published. 2.4.24 was never released: it exists only as the Chart.yaml bump of the
        // bulk commit "[bitnami/*] Remove annotations.category" (2abc0f9d7e, 2025-09-01), and the chart's
        // CHANGELOG.md, which Bitnami's release pipeline writes for every published version, ends at
        // 2.4.23 (2025-08-13, #35822); the other charts that commit bumped (apache 11.4.30, cadvisor
        // 0.1.14, bitnami/cert-manager 1.5.15) are missing from their changelogs the same way.
        // 2.4.24 differs from 2.4.23 (commit 7905c1a406) only by that annotation.
        source: "https://github.com/bitnami/charts/tree/main/bitnami/pinniped",
        kubernetes: { min: "1.25", max: "1.35" },
    },
} as const satisfies Record<string, ChartCoordinates>;

/** The key of a pinned chart (`certManager`, `ingressNginx`, ...). */
export type ChartName = keyof typeof charts;

/**
 * An EKS managed add-on (not a Helm chart), pinned per Kubernetes minor: an EKS add-on version is
 * valid only for the Kubernetes versions DescribeAddonVersions lists it for, so one pin per minor.
 * Each pin was read from AWS's own version table for the add-on (`source`). A minor with no
 * verified version is listed in `unverified` with the reason: EKS installs its default version for
 * the cluster's Kubernetes version there, and `npm run compat` reports it.
 *
 * Renovate reads the `// renovate: eksAddonsFilter=...` line above each pin (datasource
 * aws-eks-addon, which asks the EKS API; see renovate.json).
 */
export interface EksAddonPin {
    /** The add-on's name in the EKS API. */
    addon: string;
    /** AWS's page listing the add-on's versions per Kubernetes version (or its changelog). */
    source: string;
    /** Exact `vX.Y.Z-eksbuild.N` per Kubernetes minor. */
    versions: Readonly<Record<string, string>>;
    /** Kubernetes minors without a verified pin, with the reason. */
    unverified?: Readonly<Record<string, string>>;
}

/** No AWS page lists this add-on's versions per Kubernetes version (only DescribeAddonVersions does). */
const noPublishedTable =
    "AWS publishes no per-Kubernetes-version table for this add-on; pin it from `aws eks describe-addon-versions` (or let Renovate's aws-eks-addon datasource propose one)";

/** EKS managed add-ons installed by modules/cluster/aws: the pod network and DNS, and the storage add-on's EBS CSI driver. */
export const eksAddons = {
    vpcCni: {
        addon: "vpc-cni",
        // AWS's "Amazon VPC CNI versions" table (the latest EKS add-on version per Kubernetes version).
        source: "https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html#vpc-cni-latest-available-version",
        versions: {
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.33","addonName":"vpc-cni"}
            "1.33": "v1.21.1-eksbuild.7",
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.34","addonName":"vpc-cni"}
            "1.34": "v1.21.1-eksbuild.7",
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.35","addonName":"vpc-cni"}
            "1.35": "v1.21.1-eksbuild.7",
        },
        unverified: { "1.36": "the version table read for this pin ends at Kubernetes 1.35" },
    },
    kubeProxy: {
        addon: "kube-proxy",
        source: "https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html#kube-proxy-versions",
        versions: {
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.33","addonName":"kube-proxy"}
            "1.33": "v1.33.10-eksbuild.13",
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.34","addonName":"kube-proxy"}
            "1.34": "v1.34.6-eksbuild.13",
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.35","addonName":"kube-proxy"}
            "1.35": "v1.35.3-eksbuild.13",
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.36","addonName":"kube-proxy"}
            "1.36": "v1.36.0-eksbuild.14",
        },
    },
    coreDns: {
        addon: "coredns",
        source: "https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html#coredns-versions",
        versions: {
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.33","addonName":"coredns"}
            "1.33": "v1.12.4-eksbuild.18",
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.34","addonName":"coredns"}
            "1.34": "v1.13.2-eksbuild.11",
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.35","addonName":"coredns"}
            "1.35": "v1.14.3-eksbuild.3",
            // renovate: eksAddonsFilter={"kubernetesVersion":"1.36","addonName":"coredns"}
            "1.36": "v1.14.3-eksbuild.3",
        },
    },
    ebsCsiDriver: {
        addon: "aws-ebs-csi-driver",
        source: "https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/CHANGELOG.md",
        versions: {},
        unverified: { "1.33": noPublishedTable, "1.34": noPublishedTable, "1.35": noPublishedTable, "1.36": noPublishedTable },
    },
    snapshotController: {
        addon: "snapshot-controller",
        source: "https://docs.aws.amazon.com/eks/latest/userguide/csi-snapshot-controller.html",
        versions: {},
        unverified: { "1.33": noPublishedTable, "1.34": noPublishedTable, "1.35": noPublishedTable, "1.36": noPublishedTable },
    },
} as const satisfies Record<string, EksAddonPin>;

/** The key of an EKS managed add-on (`vpcCni`, `coreDns`, ...). */
export type EksAddonName = keyof typeof eksAddons;

/**
 * The pinned version of an EKS add-on for a Kubernetes minor (`1.35`), or undefined where no
 * version is verified (EKS then installs its default version for that minor).
 */
export function eksAddonVersion(name: EksAddonName, kubernetesVersion: string): string | undefined {
    const versions: Readonly<Record<string, string>> = eksAddons[name].versions;
    return versions[kubernetesVersion];
}
