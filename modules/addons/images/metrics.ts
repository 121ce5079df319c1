/** Image tables (see ./index.ts): The metrics charts: the Prometheus operator's CRDs, kube-prometheus-stack (with its Grafana), Thanos. */
import { full, globalFirst, overriddenBy, split, ValuesView } from "../image-sources";
import type { ImageTables } from "./types";

const grafanaSidecarOn = (v: ValuesView) =>
    v.on("grafana.sidecar.dashboards.enabled", true) ||
    v.on("grafana.sidecar.datasources.enabled", true) ||
    v.on("grafana.sidecar.alerts.enabled", false) ||
    v.on("grafana.sidecar.notifiers.enabled", false) ||
    v.on("grafana.sidecar.plugins.enabled", false);
const grafanaOn = (v: ValuesView) => v.on("grafana.enabled", true);
const kpsOperatorOn = (v: ValuesView) => v.on("prometheusOperator.enabled", true);

export const metricsImages: ImageTables = {
    prometheusOperatorCrds: {
        "31.0.1": {
            checked: "prometheus-community/helm-charts tag prometheus-operator-crds-31.0.1: charts/prometheus-operator-crds (CRD templates only, no workload)",
            images: [],
        },
    },

    kubePrometheusStack: {
        "88.5.3": {
            checked:
                "prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3: charts/kube-prometheus-stack/values.yaml, templates/prometheus-operator/deployment.yaml, admission-webhooks/job-patch/*.yaml and deployment/, templates/prometheus/prometheus.yaml, alertmanager/alertmanager.yaml, thanos-ruler/ruler.yaml, the CRD upgrade job; subcharts at their tags: kube-state-metrics-8.4.0, prometheus-node-exporter-4.56.1 (prometheus-community/helm-charts), grafana-12.11.1 (grafana-community/helm-charts: templates/_pod.tpl, image-renderer-deployment.yaml, tests/test.yaml)",
            subcharts: [
                {
                    name: "kube-state-metrics",
                    version: "8.4.0",
                    repository: "https://prometheus-community.github.io/helm-charts",
                    enabledBy: "kubeStateMetrics.enabled",
                    when: (v) => v.on("kubeStateMetrics.enabled", true),
                },
                {
                    name: "prometheus-node-exporter",
                    version: "4.56.1",
                    repository: "https://prometheus-community.github.io/helm-charts",
                    enabledBy: "nodeExporter.enabled",
                    when: (v) => v.on("nodeExporter.enabled", true),
                },
                {
                    name: "grafana",
                    version: "12.11.1",
                    repository: "https://grafana-community.github.io/helm-charts",
                    enabledBy: "grafana.enabled",
                    when: (v) => v.on("grafana.enabled", true),
                },
                {
                    name: "prometheus-windows-exporter",
                    version: "0.12.8",
                    repository: "https://prometheus-community.github.io/helm-charts",
                    enabledBy: "windowsMonitoring.enabled",
                    when: (v) => v.on("windowsMonitoring.enabled", false),
                    unverified:
                        "Chart.yaml asks for 0.12.*; 0.12.8 was the newest 0.12 release when 88.5.3 was tagged (2026-08-21), the version the package bundles",
                },
                { name: "crds", version: "0.0.0", repository: "(in the chart)", enabledBy: "crds.enabled", when: (v) => v.on("crds.enabled", true) },
            ],
            images: [
                {
                    name: "prometheus-operator",
                    role: "container",
                    what: "the Prometheus operator",
                    when: kpsOperatorOn,
                    source: split({
                        registry: globalFirst("prometheusOperator.image.registry"),
                        repository: "prometheusOperator.image.repository",
                        tag: "prometheusOperator.image.tag",
                        digest: "prometheusOperator.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "quay.io", repository: "prometheus-operator/prometheus-operator", tag: "v0.93.1" },
                    }),
                },
                {
                    name: "config-reloader",
                    role: "operand",
                    what: "the config-reloader sidecar the operator adds to Prometheus and Alertmanager pods",
                    when: kpsOperatorOn,
                    source: split({
                        registry: globalFirst("prometheusOperator.prometheusConfigReloader.image.registry"),
                        repository: "prometheusOperator.prometheusConfigReloader.image.repository",
                        tag: "prometheusOperator.prometheusConfigReloader.image.tag",
                        digest: "prometheusOperator.prometheusConfigReloader.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "quay.io", repository: "prometheus-operator/prometheus-config-reloader", tag: "v0.93.1" },
                    }),
                },
                {
                    name: "admission-patch",
                    role: "hook",
                    what: "the operator webhook's certificate jobs (create, patch)",
                    when: (v) =>
                        kpsOperatorOn(v) &&
                        v.on("prometheusOperator.admissionWebhooks.enabled", true) &&
                        v.on("prometheusOperator.admissionWebhooks.patch.enabled", true) &&
                        !v.on("prometheusOperator.admissionWebhooks.certManager.enabled", false),
                    source: split({
                        registry: globalFirst("prometheusOperator.admissionWebhooks.patch.image.registry"),
                        repository: "prometheusOperator.admissionWebhooks.patch.image.repository",
                        tag: "prometheusOperator.admissionWebhooks.patch.image.tag",
                        digest: "prometheusOperator.admissionWebhooks.patch.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "ghcr.io", repository: "jkroepke/kube-webhook-certgen", tag: "1.8.7" },
                    }),
                },
                {
                    name: "admission-webhook",
                    role: "container",
                    what: "the operator's standalone admission webhook",
                    when: (v) => kpsOperatorOn(v) && v.on("prometheusOperator.admissionWebhooks.deployment.enabled", false),
                    source: split({
                        registry: globalFirst("prometheusOperator.admissionWebhooks.deployment.image.registry"),
                        repository: "prometheusOperator.admissionWebhooks.deployment.image.repository",
                        tag: "prometheusOperator.admissionWebhooks.deployment.image.tag",
                        digest: "prometheusOperator.admissionWebhooks.deployment.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "quay.io", repository: "prometheus-operator/admission-webhook", tag: "v0.93.1" },
                    }),
                },
                {
                    name: "prometheus",
                    role: "operand",
                    what: "Prometheus (server or agent), run by the operator",
                    when: (v) => v.on("prometheus.enabled", true),
                    source: split({
                        registry: globalFirst("prometheus.prometheusSpec.image.registry"),
                        repository: "prometheus.prometheusSpec.image.repository",
                        tag: "prometheus.prometheusSpec.image.tag",
                        digest: "prometheus.prometheusSpec.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "quay.io", repository: "prometheus/prometheus", tag: "v3.14.0-distroless" },
                    }),
                },
                {
                    name: "thanos-sidecar",
                    role: "operand",
                    what: "the Thanos sidecar the operator adds to Prometheus pods (prometheus.prometheusSpec.thanos set); prometheusSpec.thanos.image overrides the operator's default",
                    when: (v) => v.on("prometheus.enabled", true) && v.on("prometheus.prometheusSpec.thanos", false),
                    source: overriddenBy(
                        "prometheus.prometheusSpec.thanos.image",
                        split({
                            registry: globalFirst("prometheusOperator.thanosImage.registry"),
                            repository: "prometheusOperator.thanosImage.repository",
                            tag: "prometheusOperator.thanosImage.tag",
                            digest: "prometheusOperator.thanosImage.sha",
                            digestPrefix: "sha256:",
                            defaults: { registry: "quay.io", repository: "thanos/thanos", tag: "v0.42.4" },
                        }),
                    ),
                },
                {
                    name: "alertmanager",
                    role: "operand",
                    what: "Alertmanager, run by the operator",
                    when: (v) => v.on("alertmanager.enabled", true),
                    source: split({
                        registry: globalFirst("alertmanager.alertmanagerSpec.image.registry"),
                        repository: "alertmanager.alertmanagerSpec.image.repository",
                        tag: "alertmanager.alertmanagerSpec.image.tag",
                        digest: "alertmanager.alertmanagerSpec.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "quay.io", repository: "prometheus/alertmanager", tag: "v0.34.0" },
                    }),
                },
                {
                    name: "thanos-ruler",
                    role: "operand",
                    what: "Thanos Ruler, run by the operator",
                    when: (v) => v.on("thanosRuler.enabled", false),
                    source: split({
                        registry: globalFirst("thanosRuler.thanosRulerSpec.image.registry"),
                        repository: "thanosRuler.thanosRulerSpec.image.repository",
                        tag: "thanosRuler.thanosRulerSpec.image.tag",
                        digest: "thanosRuler.thanosRulerSpec.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "quay.io", repository: "thanos/thanos", tag: "v0.42.4" },
                    }),
                },
                {
                    name: "crd-upgrade-busybox",
                    role: "hook",
                    what: "the CRD upgrade job's init container",
                    when: (v) => v.on("crds.enabled", true) && v.on("crds.upgradeJob.enabled", false),
                    source: split({
                        registry: globalFirst("crds.upgradeJob.image.busybox.registry"),
                        repository: "crds.upgradeJob.image.busybox.repository",
                        tag: "crds.upgradeJob.image.busybox.tag",
                        digest: "crds.upgradeJob.image.busybox.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "docker.io", repository: "busybox", tag: "latest" },
                    }),
                },
                {
                    name: "crd-upgrade-kubectl",
                    role: "hook",
                    what: "the CRD upgrade job (kubectl apply)",
                    when: (v) => v.on("crds.enabled", true) && v.on("crds.upgradeJob.enabled", false),
                    unverified: "the tag defaults to the cluster's Kubernetes version, known only to Helm at install",
                    source: split({
                        registry: globalFirst("crds.upgradeJob.image.kubectl.registry"),
                        repository: "crds.upgradeJob.image.kubectl.repository",
                        tag: "crds.upgradeJob.image.kubectl.tag",
                        digest: "crds.upgradeJob.image.kubectl.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "registry.k8s.io", repository: "kubectl" },
                    }),
                },
                {
                    name: "kube-state-metrics",
                    role: "container",
                    what: "kube-state-metrics (subchart)",
                    when: (v) => v.on("kubeStateMetrics.enabled", true),
                    source: split({
                        registry: globalFirst("kube-state-metrics.image.registry"),
                        repository: "kube-state-metrics.image.repository",
                        tag: "kube-state-metrics.image.tag",
                        digest: "kube-state-metrics.image.sha",
                        defaults: { registry: "registry.k8s.io", repository: "kube-state-metrics/kube-state-metrics", tag: "v2.20.0" },
                    }),
                },
                {
                    name: "kube-state-metrics-rbac-proxy",
                    role: "sidecar",
                    what: "kube-rbac-proxy in front of kube-state-metrics (subchart)",
                    when: (v) => v.on("kubeStateMetrics.enabled", true) && v.on("kube-state-metrics.kubeRBACProxy.enabled", false),
                    source: split({
                        registry: globalFirst("kube-state-metrics.kubeRBACProxy.image.registry"),
                        repository: "kube-state-metrics.kubeRBACProxy.image.repository",
                        tag: "kube-state-metrics.kubeRBACProxy.image.tag",
                        digest: "kube-state-metrics.kubeRBACProxy.image.sha",
                        defaults: { registry: "quay.io", repository: "brancz/kube-rbac-proxy", tag: "v0.22.1" },
                    }),
                },
                {
                    name: "node-exporter",
                    role: "container",
                    what: "node-exporter (subchart; kube-prometheus-stack selects the distroless variant)",
                    when: (v) => v.on("nodeExporter.enabled", true),
                    source: split({
                        registry: globalFirst("prometheus-node-exporter.image.registry"),
                        repository: "prometheus-node-exporter.image.repository",
                        tag: "prometheus-node-exporter.image.tag",
                        digest: "prometheus-node-exporter.image.digest",
                        defaults: {
                            registry: "quay.io",
                            repository: "prometheus/node-exporter",
                            tag: (v) => `v1.12.1${v.on("prometheus-node-exporter.image.distroless", true) ? "-distroless" : ""}`,
                        },
                    }),
                },
                {
                    name: "node-exporter-rbac-proxy",
                    role: "sidecar",
                    what: "kube-rbac-proxy in front of node-exporter (subchart)",
                    when: (v) => v.on("nodeExporter.enabled", true) && v.on("prometheus-node-exporter.kubeRBACProxy.enabled", false),
                    source: split({
                        registry: globalFirst("prometheus-node-exporter.kubeRBACProxy.image.registry"),
                        repository: "prometheus-node-exporter.kubeRBACProxy.image.repository",
                        tag: "prometheus-node-exporter.kubeRBACProxy.image.tag",
                        digest: "prometheus-node-exporter.kubeRBACProxy.image.sha",
                        defaults: { registry: "quay.io", repository: "brancz/kube-rbac-proxy", tag: "v0.22.1" },
                    }),
                },
                {
                    name: "node-exporter-permission-fix",
                    role: "init-container",
                    what: "node-exporter's permission-fix init container (permissionInitContainer.fixes)",
                    when: (v) =>
                        v.on("nodeExporter.enabled", true) &&
                        (v.on("prometheus-node-exporter.permissionInitContainer.fixes.rapl", false) ||
                            v.on("prometheus-node-exporter.permissionInitContainer.fixes.slabinfo", false) ||
                            v.on("prometheus-node-exporter.permissionInitContainer.extraCommands", false)),
                    source: split({
                        registry: globalFirst("prometheus-node-exporter.permissionInitContainer.image.registry"),
                        repository: "prometheus-node-exporter.permissionInitContainer.image.repository",
                        tag: "prometheus-node-exporter.permissionInitContainer.image.tag",
                        digest: "prometheus-node-exporter.permissionInitContainer.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "quay.io", repository: "prometheus/busybox", tag: "latest" },
                    }),
                },
                {
                    name: "windows-exporter",
                    role: "container",
                    what: "windows-exporter (subchart)",
                    when: (v) => v.on("windowsMonitoring.enabled", false),
                    unverified: "read from prometheus-windows-exporter-0.12.8, the 0.12 release the package bundles by date (see subcharts)",
                    source: split({
                        registry: globalFirst("prometheus-windows-exporter.image.registry"),
                        repository: "prometheus-windows-exporter.image.repository",
                        tag: "prometheus-windows-exporter.image.tag",
                        digest: "prometheus-windows-exporter.image.digest",
                        defaults: { registry: "ghcr.io", repository: "prometheus-community/windows-exporter", tag: "0.31.8" },
                    }),
                },
                {
                    name: "grafana",
                    role: "container",
                    what: "Grafana (subchart)",
                    when: grafanaOn,
                    source: split({
                        registry: globalFirst("grafana.image.registry"),
                        repository: "grafana.image.repository",
                        tag: "grafana.image.tag",
                        digest: "grafana.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "docker.io", repository: "grafana/grafana", tag: "13.2.0" },
                    }),
                },
                {
                    name: "grafana-sidecar",
                    role: "sidecar",
                    what: "k8s-sidecar, which loads dashboards and datasources from ConfigMaps into Grafana (subchart)",
                    when: (v) => grafanaOn(v) && grafanaSidecarOn(v),
                    source: split({
                        registry: globalFirst("grafana.sidecar.image.registry"),
                        repository: "grafana.sidecar.image.repository",
                        tag: "grafana.sidecar.image.tag",
                        digest: "grafana.sidecar.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "quay.io", repository: "kiwigrid/k8s-sidecar", tag: "2.10.1" },
                    }),
                },
                {
                    name: "grafana-init-chown",
                    role: "init-container",
                    what: "Grafana's init-chown-data container (persistence on, initChownData on) (subchart)",
                    when: (v) => grafanaOn(v) && v.on("grafana.persistence.enabled", false) && v.on("grafana.initChownData.enabled", true),
                    source: split({
                        registry: globalFirst("grafana.initChownData.image.registry"),
                        repository: "grafana.initChownData.image.repository",
                        tag: "grafana.initChownData.image.tag",
                        digest: "grafana.initChownData.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "docker.io", repository: "library/busybox", tag: "1.38.0" },
                    }),
                },
                {
                    name: "grafana-download-dashboards",
                    role: "init-container",
                    what: "Grafana's download-dashboards container (any grafana.dashboards entry) (subchart)",
                    when: (v) => grafanaOn(v) && v.on("grafana.dashboards", false),
                    source: split({
                        registry: globalFirst("grafana.downloadDashboardsImage.registry"),
                        repository: "grafana.downloadDashboardsImage.repository",
                        tag: "grafana.downloadDashboardsImage.tag",
                        digest: "grafana.downloadDashboardsImage.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "docker.io", repository: "curlimages/curl", tag: "8.21.0" },
                    }),
                },
                {
                    name: "grafana-image-renderer",
                    role: "container",
                    what: "Grafana's image renderer (subchart)",
                    when: (v) => grafanaOn(v) && v.on("grafana.imageRenderer.enabled", false),
                    source: split({
                        registry: globalFirst("grafana.imageRenderer.image.registry"),
                        repository: "grafana.imageRenderer.image.repository",
                        tag: "grafana.imageRenderer.image.tag",
                        digest: "grafana.imageRenderer.image.sha",
                        digestPrefix: "sha256:",
                        defaults: { registry: "docker.io", repository: "grafana/grafana-image-renderer", tag: "latest" },
                    }),
                },
                {
                    name: "grafana-test",
                    role: "test",
                    what: "Grafana's test pod (helm test) (subchart)",
                    when: (v) => grafanaOn(v) && v.on("grafana.testFramework.enabled", true),
                    source: split({
                        registry: globalFirst("grafana.testFramework.image.registry"),
                        repository: "grafana.testFramework.image.repository",
                        tag: "grafana.testFramework.image.tag",
                        defaults: { registry: "docker.io", repository: "bats/bats", tag: "1.14.0" },
                    }),
                },
            ],
            downloads: [
                {
                    name: "grafana-plugin-preinstall",
                    what: "Grafana 12 and later install its preinstalled plugin apps from the Grafana catalog at every start (Grafana's own `[plugins] preinstall`)",
                    paths: ["grafana[grafana.ini].plugins.preinstall_disabled"],
                    from: "https://grafana.com/api/plugins",
                    when: (v) => grafanaOn(v) && !grafanaPluginsIni(v, "preinstall_disabled"),
                    offline: "set preinstall_disabled: true under grafana's `grafana.ini` values, [plugins] section (the image's bundled plugins stay)",
                },
                {
                    name: "grafana-plugins",
                    what: "plugins listed in grafana.plugins, installed when Grafana starts",
                    paths: ["grafana.plugins"],
                    from: "https://grafana.com/api/plugins (or the URL given with each plugin)",
                    when: (v) => grafanaOn(v) && Array.isArray(v.get("grafana.plugins")) && (v.get("grafana.plugins") as unknown[]).length > 0,
                    offline: "leave grafana.plugins empty; build an image with the plugins, or load them from a volume",
                },
                {
                    name: "grafana-dashboards",
                    what: "dashboards given by gnetId or url in grafana.dashboards, fetched by the download-dashboards init container",
                    paths: ["grafana.dashboards"],
                    from: "https://grafana.com/api/dashboards (gnetId) or each entry's url",
                    when: (v) => grafanaOn(v) && downloadsDashboards(v.get("grafana.dashboards")),
                    offline: "ship dashboards as ConfigMaps the sidecar loads (grafana_dashboard label), or inline json",
                },
            ],
        },
    },

    thanos: {
        "1.24.1": {
            checked:
                "stevehipwell/helm-charts tag thanos-1.24.1: charts/thanos/values.yaml, templates/_helpers.tpl (thanos.image, thanos.configReloaderImage), templates/*/deployment.yaml and statefulset.yaml",
            images: [
                {
                    name: "thanos",
                    role: "container",
                    what: "every Thanos component (query, store gateway, compactor, query frontend, receive, rule)",
                    when: (v) =>
                        v.on("query.enabled", true) ||
                        v.on("storeGateway.enabled", true) ||
                        v.on("compact.enabled", false) ||
                        v.on("queryFrontend.enabled", false) ||
                        v.on("receive.enabled", false) ||
                        v.on("rule.enabled", false),
                    source: full({
                        repository: "image.repository",
                        tag: "image.tag",
                        digest: "image.digest",
                        defaults: { repository: "quay.io/thanos/thanos", tag: "v0.42.4" },
                    }),
                },
                {
                    name: "rule-config-reloader",
                    role: "sidecar",
                    what: "Thanos Rule's config reloader",
                    when: (v) => v.on("rule.enabled", false) && v.on("rule.configReloader.enabled", true),
                    source: full({
                        repository: "rule.configReloader.image.repository",
                        tag: "rule.configReloader.image.tag",
                        digest: "rule.configReloader.image.digest",
                        defaults: { repository: "ghcr.io/jimmidyson/configmap-reload", tag: "v0.15.0" },
                    }),
                },
            ],
        },
    },
};

/** A boolean of Grafana's `[plugins]` settings, given under the subchart's `grafana.ini` value (a key with a dot). */
function grafanaPluginsIni(v: ValuesView, key: string): boolean {
    const ini = v.get("grafana");
    const plugins =
        ini && typeof ini === "object" ? ((ini as Record<string, unknown>)["grafana.ini"] as Record<string, unknown> | undefined)?.plugins : undefined;
    const value = plugins && typeof plugins === "object" ? (plugins as Record<string, unknown>)[key] : undefined;
    return value === true || value === "true";
}

function downloadsDashboards(dashboards: unknown): boolean {
    if (!dashboards || typeof dashboards !== "object") {
        return false;
    }
    return Object.values(dashboards as Record<string, unknown>).some(
        (provider) =>
            provider !== null &&
            typeof provider === "object" &&
            Object.values(provider as Record<string, unknown>).some((d) => d !== null && typeof d === "object" && ("gnetId" in d || "url" in d)),
    );
}
