/**
 * Every container image each pinned chart can deploy, per chart version: the table the bill of
 * materials (`npm run bom`), the air-gap mapping (HelmAddon) and the air-gap tests read. Kept beside
 * versions.ts and keyed the same way: chart key -> chart version -> what that version's templates
 * render. A pin that moves in versions.ts without a table for its new version fails
 * tests/airgap/images.test.ts, naming the chart and the version.
 *
 * Each entry was read from the chart's values.yaml and templates at the pinned tag (the `checked`
 * line says where); an image that could not be checked that way carries `unverified` with the reason.
 * For each image: the values paths the chart composes its reference from (image-sources.ts), when the
 * chart renders it (read from the release's values, with the chart's defaults), and what starts it.
 * `downloads` lists what a chart fetches from the network when its pods start (beyond images).
 *
 * Adding a chart (or a version): read its values.yaml, its templates (every `image:` line, init
 * containers, hook jobs, sidecars an operator adds) and its bundled subcharts at the tag, and add an
 * entry. The air-gap mapping then needs nothing else: HelmAddon writes the mirror at each image's paths.
 */
import { fixed, full, ImageSource, mirrorRepository, parseImageRef, split, ValuesView, whole } from "./image-sources";
import { setPath, Values } from "./values";
import type { ChartName } from "./versions";

/** What starts the image. */
export type ImageRole =
    /** A container of the chart's Deployment/StatefulSet/DaemonSet. */
    | "container"
    | "init-container"
    | "sidecar"
    /** A Helm hook Job (install/upgrade/delete). */
    | "hook"
    /** A Job or CronJob. */
    | "job"
    /** Pods an operator or controller the chart installs creates at run time (Prometheus, the ACME solver, injected agents). */
    | "operand"
    /** Only `helm test` creates it; the platform never runs it (not in the bill of materials). */
    | "test";

export interface ChartImage {
    /** Short name, unique within the chart version (`controller`, `admission-patch`). */
    name: string;
    role: ImageRole;
    /** What runs it. */
    what: string;
    source: ImageSource;
    /** Whether the chart renders it for these values (chart defaults as the second argument of each read). Default: always. */
    when?: (v: ValuesView) => boolean;
    /** Set when the entry could not be read from the chart at this version: why. */
    unverified?: string;
}

/** Something a chart's pods fetch from the network at start-up, other than their images. */
export interface StartupDownload {
    name: string;
    what: string;
    /** Values paths holding what is fetched (URLs, plugin names, artifact references) or switching it. */
    paths: readonly string[];
    /** Where it fetches from by default. */
    from: string;
    /** Whether the chart's pods fetch it for these values. */
    when: (v: ValuesView) => boolean;
    /** How to run without it (what the air-gap mode must set). */
    offline: string;
}

/** A chart bundled in the chart's package (its images are listed with the parent's, at their values paths). */
export interface Subchart {
    name: string;
    version: string;
    repository: string;
    /** The parent's values path that switches it on. */
    enabledBy?: string;
    /** Whether the parent renders it for these values. Default: always. */
    when?: (v: ValuesView) => boolean;
    /** Set when the bundled version could not be pinned down exactly: why. */
    unverified?: string;
}

export interface ChartImageTable {
    /** Where the entry was read: repository, tag (or commit) and files. */
    checked: string;
    subcharts?: readonly Subchart[];
    images: readonly ChartImage[];
    downloads?: readonly StartupDownload[];
}

/** Vault's enable switches: `"-"` follows `global.enabled`; compared as strings ("true"). */
function vaultOn(v: ValuesView, path: string): boolean {
    const own = String(v.get(path) ?? "-");
    return own === "true" || (own === "-" && String(v.get("global.enabled") ?? true) === "true");
}

/** An image whose reference an explicit full value (`path`) replaces when set. */
function overriddenBy(path: string, source: ImageSource): ImageSource {
    const explicit = whole(path, "");
    return {
        paths: [path, ...source.paths],
        render: (v) => v.str(path) ?? source.render(v),
        mirror: (registry, v) => (v.str(path) ? (explicit.mirror?.(registry, v) ?? {}) : (source.mirror?.(registry, v) ?? {})),
    };
}

/** cert-manager's image helper (chart v1.21.1 `cert-manager.image`): a full `repository`, or `imageRegistry`/`imageNamespace`/`name`. */
function certManagerImage(component: "" | "webhook." | "cainjector." | "acmesolver." | "startupapicheck.", name: string, appVersion: string): ImageSource {
    const at = (key: string) => `${component}image.${key}`;
    return {
        paths: ["imageRegistry", "imageNamespace", at("registry"), at("repository"), at("name"), at("tag"), at("digest")],
        render(v) {
            let repository = v.str(at("repository"));
            if (!repository) {
                repository = [v.str("imageRegistry", "quay.io"), v.str("imageNamespace", "jetstack"), v.str(at("name"), name)].filter((p) => p !== undefined && p !== "").join("/");
            }
            const prefix = v.str(at("registry"));
            const ref = prefix ? `${prefix}/${repository}` : repository;
            const tag = v.str(at("tag"));
            const digest = v.str(at("digest"));
            return `${ref}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}${!tag && !digest ? `:${appVersion}` : ""}`;
        },
        mirror(registry, v) {
            const repository = v.str(at("repository"));
            return repository ? setPath({}, at("repository"), mirrorRepository(repository, registry)) : { imageRegistry: registry };
        },
    };
}

const grafanaSidecarOn = (v: ValuesView) =>
    v.on("grafana.sidecar.dashboards.enabled", true) ||
    v.on("grafana.sidecar.datasources.enabled", true) ||
    v.on("grafana.sidecar.alerts.enabled", false) ||
    v.on("grafana.sidecar.notifiers.enabled", false) ||
    v.on("grafana.sidecar.plugins.enabled", false);
const grafanaOn = (v: ValuesView) => v.on("grafana.enabled", true);
const kpsOperatorOn = (v: ValuesView) => v.on("prometheusOperator.enabled", true);
/** Registry paths of charts where `global.imageRegistry` overrides each image's own registry. */
const globalFirst = (own: string) => ["global.imageRegistry", own];

/** Falco's driver loader (chart 9.1.0 `driverLoader.enabled`): off for the modern eBPF probe. */
const falcoDriverLoaderOn = (v: ValuesView) => {
    const kind = v.str("driver.kind", "auto");
    return v.on("driver.enabled", true) && v.on("driver.loader.enabled", true) && kind !== "modern_ebpf" && kind !== "modern-bpf";
};

/** Envoy Gateway chart v1.9.0: the appVersion `helm package --app-version` stamps (the release tag). */
const envoyGatewayVersion = "v1.9.0";

/** A full reference split as the Envoy Gateway chart splits it (`splitn "/" 2`, then `splitn ":" 2` of the rest). */
function envoyGatewayParts(image: string): { host: string; repository: string; tag: string } {
    const slash = image.indexOf("/");
    const host = slash < 0 ? image : image.slice(0, slash);
    const rest = slash < 0 ? "" : image.slice(slash + 1);
    const colon = rest.indexOf(":");
    return { host, repository: colon < 0 ? rest : rest.slice(0, colon), tag: colon < 0 ? "" : rest.slice(colon + 1) };
}

/**
 * Values that pull a full reference through `registry` in the Envoy Gateway chart: written whole at
 * `path`, with `global.imageRegistry` emptied, since the chart puts that registry in place of the
 * reference's first path segment (a registry with a path of its own would be doubled).
 */
function envoyGatewayMirror(path: string, ref: string, registry: string): Values {
    const { tag, digest } = parseImageRef(ref);
    const name = ref.replace(/@.*$/, "").replace(/:[^:/]*$/, (m) => (tag !== undefined ? "" : m));
    return setPath({ global: { imageRegistry: "" } }, path, `${mirrorRepository(name, registry)}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`);
}

/**
 * An image Envoy Gateway's chart takes whole from `global.images.<key>.image` (chart v1.9.0
 * `_helpers.tpl`: eg.ratelimit.image, eg.envoyProxy.image): `global.imageRegistry`, when set, replaces
 * its first path segment; a missing tag is `defaultTag`.
 */
function envoyGatewayGlobalImage(key: "ratelimit" | "envoyProxy", chartDefault: string, defaultTag: string): { paths: string[]; render(v: ValuesView): string | undefined; upstream(v: ValuesView): string | undefined } {
    const path = `global.images.${key}.image`;
    const compose = (v: ValuesView, withGlobal: boolean) => {
        const image = v.str(path, chartDefault);
        if (!image) {
            return undefined;
        }
        const parts = envoyGatewayParts(image);
        const registry = (withGlobal ? v.str("global.imageRegistry") : undefined) ?? parts.host;
        return `${registry}/${parts.repository}:${parts.tag || defaultTag}`;
    };
    return { paths: ["global.imageRegistry", path], render: (v) => compose(v, true), upstream: (v) => compose(v, false) };
}

/** Envoy Gateway's rate limit service image (global.images.ratelimit.image, chart default docker.io/envoyproxy/ratelimit:17b1956c). */
function envoyGatewayRatelimitImage(): ImageSource {
    const image = envoyGatewayGlobalImage("ratelimit", "docker.io/envoyproxy/ratelimit:17b1956c", "17b1956c");
    return {
        paths: image.paths,
        render: image.render,
        mirror: (registry, v) => envoyGatewayMirror("global.images.ratelimit.image", image.upstream(v) as string, registry),
    };
}

/**
 * The Envoy proxies' image. With `global.images.envoyProxy.image` set, the chart writes it into the
 * controller's default EnvoyProxy (eg.default-envoy-gateway-config); unset, the proxies run the image
 * an EnvoyProxy under `config.envoyGateway.envoyProxy` names, else the controller's built-in default
 * (api/v1alpha1/shared_types.go DefaultEnvoyProxyImage), which `global.imageRegistry` does not reach.
 */
function envoyProxyImage(): ImageSource {
    const builtIn = "docker.io/envoyproxy/envoy:distroless-v1.39.0";
    const configured = "config.envoyGateway.envoyProxy.provider.kubernetes.envoyDeployment.container.image";
    const image = envoyGatewayGlobalImage("envoyProxy", "", "distroless-v1.39.0");
    const chosen = (v: ValuesView, withGlobal: boolean) => (v.str("global.images.envoyProxy.image") ? (withGlobal ? image.render(v) : image.upstream(v)) : (v.str(configured) ?? builtIn));
    return {
        paths: [...image.paths, configured],
        render: (v) => chosen(v, true),
        mirror: (registry, v) => envoyGatewayMirror("global.images.envoyProxy.image", chosen(v, false) as string, registry),
    };
}

/**
 * The Envoy Gateway image (chart v1.9.0 `eg.image`): `deployment.envoyGateway.image.repository` with
 * its tag (default the appVersion), else `global.images.envoyGateway.image` (values.yaml, generated
 * from values.tmpl.yaml at release: docker.io/envoyproxy/gateway:v1.9.0); `global.imageRegistry`,
 * when set, replaces the first path segment of either. The controller, its certgen hook and the
 * shutdown manager it adds to each Envoy proxy run it.
 */
function envoyGatewayImage(): ImageSource {
    const repositoryPath = "deployment.envoyGateway.image.repository";
    const tagPath = "deployment.envoyGateway.image.tag";
    const globalPath = "global.images.envoyGateway.image";
    const compose = (v: ValuesView, withGlobal: boolean) => {
        const global = withGlobal ? v.str("global.imageRegistry") : undefined;
        const repository = v.str(repositoryPath);
        if (repository) {
            const tag = v.str(tagPath, envoyGatewayVersion);
            // With a global registry, the chart keeps what follows the repository's first "/".
            return global ? `${global}/${repository.slice(repository.indexOf("/") + 1)}:${tag}` : `${repository}:${tag}`;
        }
        const image = v.str(globalPath, `docker.io/envoyproxy/gateway:${envoyGatewayVersion}`) as string;
        const parts = envoyGatewayParts(image);
        return `${global ?? parts.host}/${parts.repository}:${parts.tag}`;
    };
    return {
        paths: ["global.imageRegistry", globalPath, repositoryPath, tagPath],
        render: (v) => compose(v, true),
        mirror(registry, v) {
            const repository = v.str(repositoryPath);
            if (repository) {
                return { global: { imageRegistry: "" }, deployment: { envoyGateway: { image: { repository: mirrorRepository(repository, registry) } } } };
            }
            return envoyGatewayMirror(globalPath, compose(v, false), registry);
        },
    };
}

/** The Loki chart 18.11.0's appVersion: the default tag of Loki's own images. */
const lokiVersion = "3.7.6";

interface LokiImageDefaults {
    registry?: string;
    repository?: string;
    tag?: string;
}

/**
 * Loki's image helper (chart 18.11.0 `loki.image`): the registry is the first set of
 * `global.imageRegistry`, `global.image.registry`, `global.registry`, the image's own and the base
 * image's (`loki.image` for Loki's own targets); repository, tag, digest and the deprecated `sha`
 * come from the image, else the base image; a digest replaces the tag, which defaults to
 * `defaultVersion` (the appVersion for Loki's own images). `global.imageRegistry` sends every image
 * of the chart (its subcharts aside) through the air-gap registry.
 */
function lokiImage(at: string, own: LokiImageDefaults, defaultVersion?: string, base?: { at: string; defaults: LokiImageDefaults }): ImageSource {
    const fields = ["registry", "repository", "tag", "digest", "sha"] as const;
    const pick = (v: ValuesView, field: (typeof fields)[number]) => v.str(`${at}.${field}`, own[field as keyof LokiImageDefaults]) ?? (base ? v.str(`${base.at}.${field}`, base.defaults[field as keyof LokiImageDefaults]) : undefined);
    return {
        paths: ["global.imageRegistry", "global.image.registry", "global.registry", ...fields.map((f) => `${at}.${f}`), ...(base ? fields.map((f) => `${base.at}.${f}`) : [])],
        render(v) {
            const registry = v.str("global.imageRegistry") ?? v.str("global.image.registry") ?? v.str("global.registry") ?? pick(v, "registry");
            const repository = pick(v, "repository");
            if (!repository) {
                return undefined;
            }
            const sha = pick(v, "sha");
            const digest = pick(v, "digest") ?? (sha ? `sha256:${sha}` : undefined);
            const tag = pick(v, "tag") ?? defaultVersion;
            return `${registry ? `${registry}/` : ""}${repository}${digest ? `@${digest}` : tag ? `:${tag}` : ""}`;
        },
        mirror: (registry) => ({ global: { imageRegistry: registry } }),
    };
}

/** Where Loki's own targets read their image: their own `image`, over `loki.image`. */
const lokiBaseImage = { at: "loki.image", defaults: { registry: "docker.io", repository: "grafana/loki" } };

/** Loki's deployment modes (chart 18.11.0 `_helpers.tpl`: loki.deployment.isMonolithic, isScalable, isDistributed). */
function lokiMode(v: ValuesView): { monolithic: boolean; scalable: boolean; distributed: boolean } {
    const mode = v.str("deploymentMode", "Monolithic") as string;
    const objectStorage = ["s3", "gcs", "azure", "swift", "alibabacloud", "cos", "bos"].includes(v.str("loki.storage.type", "s3") as string);
    return {
        monolithic: ["SingleBinary", "Monolithic", "SingleBinary<->SimpleScalable", "Monolithic<->SimpleScalable"].includes(mode),
        scalable: objectStorage && ["SingleBinary<->SimpleScalable", "Monolithic<->SimpleScalable", "SimpleScalable", "SimpleScalable<->Distributed"].includes(mode),
        distributed: objectStorage && ["Distributed", "SimpleScalable<->Distributed"].includes(mode),
    };
}

/** One of Loki's targets: its values key, the mode that renders it, and its defaults in values.yaml. */
interface LokiTarget {
    key: string;
    target: string;
    mode: "monolithic" | "scalable" | "distributed";
    enabled: boolean;
    replicas: number;
    kind: "StatefulSet" | "Deployment";
    /** The rules sidecar (`<key>.sidecar`) by default. */
    sidecar?: boolean;
}

const lokiTargets: readonly LokiTarget[] = [
    { key: "singleBinary", target: "single-binary", mode: "monolithic", enabled: true, replicas: 1, kind: "StatefulSet", sidecar: true },
    { key: "read", target: "read", mode: "scalable", enabled: true, replicas: 3, kind: "Deployment" },
    { key: "write", target: "write", mode: "scalable", enabled: true, replicas: 3, kind: "StatefulSet" },
    { key: "backend", target: "backend", mode: "scalable", enabled: true, replicas: 3, kind: "StatefulSet", sidecar: true },
    { key: "ingester", target: "ingester", mode: "distributed", enabled: true, replicas: 0, kind: "StatefulSet" },
    { key: "distributor", target: "distributor", mode: "distributed", enabled: true, replicas: 0, kind: "Deployment" },
    { key: "querier", target: "querier", mode: "distributed", enabled: true, replicas: 0, kind: "Deployment" },
    { key: "queryFrontend", target: "query-frontend", mode: "distributed", enabled: true, replicas: 0, kind: "Deployment" },
    { key: "queryScheduler", target: "query-scheduler", mode: "distributed", enabled: true, replicas: 0, kind: "Deployment" },
    { key: "indexGateway", target: "index-gateway", mode: "distributed", enabled: true, replicas: 0, kind: "StatefulSet" },
    { key: "compactor", target: "compactor", mode: "distributed", enabled: true, replicas: 0, kind: "StatefulSet" },
    { key: "ruler", target: "ruler", mode: "distributed", enabled: true, replicas: 0, kind: "StatefulSet", sidecar: false },
    { key: "bloomGateway", target: "bloom-gateway", mode: "distributed", enabled: false, replicas: 0, kind: "StatefulSet" },
    { key: "bloomPlanner", target: "bloom-planner", mode: "distributed", enabled: false, replicas: 0, kind: "StatefulSet" },
    { key: "bloomBuilder", target: "bloom-builder", mode: "distributed", enabled: false, replicas: 0, kind: "Deployment" },
    { key: "patternIngester", target: "pattern-ingester", mode: "distributed", enabled: false, replicas: 0, kind: "StatefulSet" },
    { key: "overridesExporter", target: "overrides-exporter", mode: "distributed", enabled: false, replicas: 0, kind: "Deployment" },
];

/**
 * Whether the chart renders a target's workload with pods: its mode is on and `<key>.enabled`
 * (templates/_workload.tpl), with replicas above zero or an autoscaler (the single binary always runs
 * at least one: loki.monolithicReplicas). A `replicas: null` leaves spec.replicas out, so one pod runs.
 */
function lokiTargetRuns(v: ValuesView, t: LokiTarget): boolean {
    if (!lokiMode(v)[t.mode] || !v.on(`${t.key}.enabled`, t.enabled)) {
        return false;
    }
    if (t.key === "singleBinary") {
        return true;
    }
    const replicas = v.get(`${t.key}.replicas`);
    const count = replicas === null ? 1 : replicas === undefined ? t.replicas : Number(replicas);
    return count > 0 || v.on(`${t.key}.autoscaling.enabled`, false) || v.on(`${t.key}.kedaAutoscaling.enabled`, false);
}

const lokiCachesOn = (v: ValuesView) => v.on("memcached.enabled", true) && (v.on("chunksCache.enabled", true) || v.on("resultsCache.enabled", true));
const lokiGatewayOn = (v: ValuesView) => v.on("gateway.enabled", true);

export const chartImages: Readonly<Partial<Record<ChartName, Readonly<Record<string, ChartImageTable>>>>> = {
    ingressNginx: {
        "4.15.1": {
            checked:
                "kubernetes/ingress-nginx tag helm-chart-4.15.1: charts/ingress-nginx/values.yaml, templates/controller-deployment.yaml and controller-daemonset.yaml (merge of controller.image over global.image), templates/admission-webhooks/job-patch/job-createSecret.yaml and job-patchWebhook.yaml, templates/default-backend-deployment.yaml, templates/_helpers.tpl",
            images: [
                {
                    name: "controller",
                    role: "container",
                    what: "the ingress-nginx controller",
                    when: (v) => !v.on("controller.image.chroot", false),
                    source: split({
                        registry: ["controller.image.registry", "global.image.registry"],
                        repository: "controller.image.image",
                        fullRepository: "controller.image.repository",
                        tag: "controller.image.tag",
                        digest: "controller.image.digest",
                        defaults: { registry: "registry.k8s.io", repository: "ingress-nginx/controller", tag: "v1.15.1", digest: "sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1" },
                    }),
                },
                {
                    name: "controller-chroot",
                    role: "container",
                    what: "the ingress-nginx controller, chroot variant (controller.image.chroot)",
                    when: (v) => v.on("controller.image.chroot", false),
                    source: {
                        paths: ["controller.image.registry", "global.image.registry", "controller.image.image", "controller.image.tag", "controller.image.digestChroot"],
                        render: (v) =>
                            `${v.str("controller.image.registry") ?? v.str("global.image.registry", "registry.k8s.io")}/${v.str("controller.image.image", "ingress-nginx/controller")}-chroot:${v.str("controller.image.tag", "v1.15.1")}@${v.str("controller.image.digestChroot", "sha256:af31d00c9d82c612896b380a9003bd36843b7647b98e4588251c66325317bc72")}`,
                        mirror: (registry) => ({ controller: { image: { registry } } }),
                    },
                },
                {
                    name: "admission-patch",
                    role: "hook",
                    what: "the admission webhook's certificate jobs (pre-install create, post-install patch)",
                    when: (v) => v.on("controller.admissionWebhooks.enabled", true) && v.on("controller.admissionWebhooks.patch.enabled", true) && !v.on("controller.admissionWebhooks.certManager.enabled", false),
                    source: split({
                        registry: ["controller.admissionWebhooks.patch.image.registry", "global.image.registry"],
                        repository: "controller.admissionWebhooks.patch.image.image",
                        fullRepository: "controller.admissionWebhooks.patch.image.repository",
                        tag: "controller.admissionWebhooks.patch.image.tag",
                        digest: "controller.admissionWebhooks.patch.image.digest",
                        defaults: { registry: "registry.k8s.io", repository: "ingress-nginx/kube-webhook-certgen", tag: "v1.6.9", digest: "sha256:01038e7de14b78d702d2849c3aad72fd25903c4765af63cf16aa3398f5d5f2dd" },
                    }),
                },
                {
                    name: "default-backend",
                    role: "container",
                    what: "the default backend",
                    when: (v) => v.on("defaultBackend.enabled", false),
                    source: split({
                        registry: ["defaultBackend.image.registry", "global.image.registry"],
                        repository: "defaultBackend.image.image",
                        fullRepository: "defaultBackend.image.repository",
                        tag: "defaultBackend.image.tag",
                        digest: "defaultBackend.image.digest",
                        defaults: { registry: "registry.k8s.io", repository: "defaultbackend-amd64", tag: "1.5" },
                    }),
                },
            ],
            downloads: [
                {
                    name: "geoip2",
                    what: "the MaxMind GeoLite2 databases the controller downloads at start-up",
                    paths: ["controller.maxmindLicenseKey"],
                    from: "https://download.maxmind.com",
                    when: (v) => v.str("controller.maxmindLicenseKey") !== undefined,
                    offline: "leave controller.maxmindLicenseKey unset (mount the databases instead)",
                },
            ],
        },
    },

    envoyGateway: {
        "v1.9.0": {
            checked:
                "envoyproxy/gateway tag v1.9.0: charts/gateway-helm/values.tmpl.yaml (values.yaml is generated from it at release with global.images.envoyGateway.image docker.io/envoyproxy/gateway:v1.9.0: tools/make/helm.mk, .github/workflows/release.yaml), templates/_helpers.tpl (eg.image, eg.ratelimit.image, eg.envoyProxy.image, eg.default-envoy-gateway-config), templates/envoy-gateway-deployment.yaml, templates/certgen.yaml, charts/crds (no workload); the controller's defaults in api/v1alpha1/shared_types.go (DefaultEnvoyProxyImage, DefaultRateLimitImage) and internal/infrastructure/runner/runner.go (the rate limit service only with config.envoyGateway.rateLimit)",
            subcharts: [{ name: "crds", version: "0.0.0", repository: "(in the chart)", enabledBy: "crds.enabled", when: (v) => v.on("crds.enabled", true) }],
            images: [
                { name: "envoy-gateway", role: "container", what: "the Envoy Gateway controller", source: envoyGatewayImage() },
                { name: "certgen", role: "hook", what: "the certgen job (pre-install, pre-upgrade) that writes the controller's and the proxies' TLS certificates", source: envoyGatewayImage() },
                { name: "shutdown-manager", role: "operand", what: "the shutdown manager the controller adds to each Envoy proxy pod (the controller's image, from the chart's EnvoyGateway config)", source: envoyGatewayImage() },
                { name: "envoy", role: "operand", what: "Envoy, the data plane the controller runs for each Gateway", source: envoyProxyImage() },
                {
                    name: "ratelimit",
                    role: "operand",
                    what: "the global rate limit service the controller runs when config.envoyGateway.rateLimit is set",
                    when: (v) => v.on("config.envoyGateway.rateLimit", false),
                    source: envoyGatewayRatelimitImage(),
                },
            ],
        },
    },

    contour: {
        "0.7.0": {
            checked:
                "projectcontour/helm-charts tag contour-0.7.0: charts/contour/values.yaml, templates/_common.tpl (common.images.image: global.imageRegistry over image.registry, a digest replaces the tag), templates/contour/deployment.yaml, templates/certgen/job.yaml, templates/envoy/deployment.yaml and daemonset.yaml, templates/envoy/_init_containers.tpl",
            images: [
                {
                    name: "contour",
                    role: "container",
                    what: "the Contour controller; the same image runs the certgen job, Envoy's init container and its shutdown-manager sidecar",
                    when: (v) => v.on("contour.enabled", true) || v.on("envoy.enabled", true),
                    source: split({
                        registry: globalFirst("contour.image.registry"),
                        repository: "contour.image.repository",
                        tag: "contour.image.tag",
                        digest: "contour.image.digest",
                        digestStyle: "replaces-tag",
                        defaults: { registry: "ghcr.io", repository: "projectcontour/contour", tag: "v1.33.6" },
                    }),
                },
                {
                    name: "envoy",
                    role: "container",
                    what: "Envoy, the data plane",
                    when: (v) => v.on("envoy.enabled", true),
                    source: split({
                        registry: globalFirst("envoy.image.registry"),
                        repository: "envoy.image.repository",
                        tag: "envoy.image.tag",
                        digest: "envoy.image.digest",
                        digestStyle: "replaces-tag",
                        defaults: { registry: "docker.io", repository: "envoyproxy/envoy", tag: "v1.38.3" },
                    }),
                },
            ],
        },
    },

    externalDns: {
        "1.21.1": {
            checked: "kubernetes-sigs/external-dns tag external-dns-helm-chart-1.21.1: charts/external-dns/values.yaml, templates/_helpers.tpl (external-dns.image, external-dns.webhookImage), templates/deployment.yaml",
            images: [
                {
                    name: "external-dns",
                    role: "container",
                    what: "external-dns",
                    source: full({ repository: "image.repository", tag: "image.tag", defaults: { repository: "registry.k8s.io/external-dns/external-dns", tag: "v0.21.0" } }),
                },
                {
                    name: "webhook-provider",
                    role: "sidecar",
                    what: "the webhook provider's container (provider.name: webhook); the chart has no default image",
                    when: (v) => v.str("provider.name", "aws") === "webhook",
                    source: full({ repository: "provider.webhook.image.repository", tag: "provider.webhook.image.tag", defaults: {} }),
                },
            ],
        },
    },

    snapshotController: {
        "5.2.0": {
            checked: "piraeusdatastore/helm-charts tag snapshot-controller-5.2.0: charts/snapshot-controller/values.yaml, templates/deployment_controller.yaml, templates/deployment_webhook.yaml",
            images: [
                {
                    name: "snapshot-controller",
                    role: "container",
                    what: "the CSI snapshot controller",
                    when: (v) => v.on("controller.enabled", true),
                    source: full({ repository: "controller.image.repository", tag: "controller.image.tag", defaults: { repository: "registry.k8s.io/sig-storage/snapshot-controller", tag: "v8.6.0" } }),
                },
                {
                    name: "conversion-webhook",
                    role: "container",
                    what: "the VolumeGroupSnapshot conversion webhook",
                    when: (v) => v.on("webhook.enabled", false),
                    source: full({ repository: "webhook.image.repository", tag: "webhook.image.tag", defaults: { repository: "registry.k8s.io/sig-storage/snapshot-conversion-webhook", tag: "v8.6.0" } }),
                },
            ],
        },
    },

    fluentBit: {
        "0.58.1": {
            checked: "fluent/helm-charts tag fluent-bit-0.58.1: charts/fluent-bit/values.yaml, templates/_pod.tpl, templates/_helpers.tpl (fluent-bit.image), templates/tests/test-connection.yaml",
            images: [
                {
                    name: "fluent-bit",
                    role: "container",
                    what: "the Fluent Bit agent",
                    source: full({ repository: "image.repository", tag: "image.tag", digest: "image.digest", defaults: { repository: "cr.fluentbit.io/fluent/fluent-bit", tag: "5.1.1" } }),
                },
                {
                    name: "config-reloader",
                    role: "sidecar",
                    what: "the configuration hot-reload sidecar",
                    when: (v) => v.on("hotReload.enabled", false),
                    source: full({ repository: "hotReload.image.repository", tag: "hotReload.image.tag", digest: "hotReload.image.digest", defaults: { repository: "ghcr.io/jimmidyson/configmap-reload", tag: "v0.15.0" } }),
                },
                {
                    name: "test",
                    role: "test",
                    what: "the connection test pod (helm test)",
                    when: (v) => v.on("testFramework.enabled", true),
                    source: full({ repository: "testFramework.image.repository", tag: "testFramework.image.tag", digest: "testFramework.image.digest", defaults: { repository: "busybox", tag: "latest" } }),
                },
            ],
        },
    },

    fluentd: {
        "0.6.0": {
            checked: "fluent/helm-charts tag fluentd-0.6.0: charts/fluentd/values.yaml, templates/_pod.tpl (tag v<appVersion>-debian-<variant>-<variantVersion>; plugins installed with fluent-gem at start), templates/tests/test-connection.yaml",
            images: [
                {
                    name: "fluentd",
                    role: "container",
                    what: "the Fluentd aggregator",
                    source: full({
                        repository: "image.repository",
                        tag: "image.tag",
                        defaults: { repository: "fluent/fluentd-kubernetes-daemonset", tag: (v) => `v1.19.3-debian-${v.str("variant", "elasticsearch7")}-${v.str("variantVersion", "1.1")}` },
                    }),
                },
                {
                    name: "test",
                    role: "test",
                    what: "the connection test pod (helm test; rendered only without service.ports); its image is hard-coded",
                    when: (v) => {
                        const ports = v.get("service.ports");
                        return !Array.isArray(ports) || ports.length === 0;
                    },
                    source: fixed("busybox"),
                },
            ],
            downloads: [
                {
                    name: "plugins",
                    what: "Fluentd plugins installed with `fluent-gem install` when the pod starts",
                    paths: ["plugins"],
                    from: "https://rubygems.org",
                    when: (v) => Array.isArray(v.get("plugins")) && (v.get("plugins") as unknown[]).length > 0,
                    offline: "leave plugins empty; use an image that has the plugins (the variant images ship their outputs)",
                },
            ],
        },
    },

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
                { name: "kube-state-metrics", version: "8.4.0", repository: "https://prometheus-community.github.io/helm-charts", enabledBy: "kubeStateMetrics.enabled", when: (v) => v.on("kubeStateMetrics.enabled", true) },
                { name: "prometheus-node-exporter", version: "4.56.1", repository: "https://prometheus-community.github.io/helm-charts", enabledBy: "nodeExporter.enabled", when: (v) => v.on("nodeExporter.enabled", true) },
                { name: "grafana", version: "12.11.1", repository: "https://grafana-community.github.io/helm-charts", enabledBy: "grafana.enabled", when: (v) => v.on("grafana.enabled", true) },
                {
                    name: "prometheus-windows-exporter",
                    version: "0.12.8",
                    repository: "https://prometheus-community.github.io/helm-charts",
                    enabledBy: "windowsMonitoring.enabled", when: (v) => v.on("windowsMonitoring.enabled", false),
                    unverified: "Chart.yaml asks for 0.12.*; 0.12.8 was the newest 0.12 release when 88.5.3 was tagged (2026-08-21), the version the package bundles",
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
                    when: (v) => kpsOperatorOn(v) && v.on("prometheusOperator.admissionWebhooks.enabled", true) && v.on("prometheusOperator.admissionWebhooks.patch.enabled", true) && !v.on("prometheusOperator.admissionWebhooks.certManager.enabled", false),
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
                        defaults: { registry: "quay.io", repository: "prometheus/node-exporter", tag: (v) => `v1.12.1${v.on("prometheus-node-exporter.image.distroless", true) ? "-distroless" : ""}` },
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
            checked: "stevehipwell/helm-charts tag thanos-1.24.1: charts/thanos/values.yaml, templates/_helpers.tpl (thanos.image, thanos.configReloaderImage), templates/*/deployment.yaml and statefulset.yaml",
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
                    source: full({ repository: "image.repository", tag: "image.tag", digest: "image.digest", defaults: { repository: "quay.io/thanos/thanos", tag: "v0.42.4" } }),
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

    otelCollector: {
        "0.170.0": {
            checked: "open-telemetry/opentelemetry-helm-charts tag opentelemetry-collector-0.170.0: charts/opentelemetry-collector/values.yaml (image.repository has no default: NOTES.txt fails without one), templates/_pod.tpl (global.imageRegistry as an optional prefix)",
            images: [
                {
                    name: "collector",
                    role: "container",
                    what: "the OpenTelemetry Collector (the chart ships no default image; the platform sets otel/opentelemetry-collector-k8s)",
                    source: split({
                        registry: ["global.imageRegistry"],
                        repository: "image.repository",
                        tag: "image.tag",
                        digest: "image.digest",
                        digestStyle: "replaces-tag",
                        mirrorBy: "repository",
                        defaults: { registry: "", repository: "", tag: "0.158.0" },
                    }),
                },
            ],
        },
    },

    jaeger: {
        "4.11.1": {
            checked: "jaegertracing/helm-charts tag jaeger-4.11.1: charts/jaeger/values.yaml, templates/_helpers.tpl (renderImage over bitnami common 2.34.0's common.images.image: global.imageRegistry over image.registry, an empty registry means Docker Hub), templates/jaeger/jaeger-deploy.yaml, es-maintenance/*, spark/spark-dependencies.yaml",
            subcharts: [{ name: "common", version: "2.34.0", repository: "https://charts.bitnami.com/bitnami" }],
            images: [
                ...(["jaeger", "esIndexCleaner", "esRollover", "esLookback", "spark"] as const).map((component): ChartImage => {
                    const repository = { jaeger: "jaegertracing/jaeger", esIndexCleaner: "jaegertracing/jaeger-es-index-cleaner", esRollover: "jaegertracing/jaeger-es-rollover", esLookback: "jaegertracing/jaeger-es-rollover", spark: "jaegertracing/spark-dependencies" }[component];
                    return {
                        name: component,
                        role: component === "jaeger" ? "container" : "job",
                        what: { jaeger: "Jaeger (all in one)", esIndexCleaner: "the Elasticsearch index cleaner CronJob", esRollover: "the Elasticsearch rollover hook and CronJob", esLookback: "the Elasticsearch lookback CronJob", spark: "the Spark dependencies CronJob" }[component],
                        when: (v) => v.on(`${component}.enabled`, component === "jaeger"),
                        source: split({
                            registry: ["global.imageRegistry", `${component}.image.registry`],
                            repository: `${component}.image.repository`,
                            tag: `${component}.image.tag`,
                            digest: `${component}.image.digest`,
                            digestStyle: "replaces-tag",
                            defaults: { registry: "", repository, tag: component === "spark" ? "latest" : "2.19.0" },
                        }),
                    };
                }),
            ],
        },
    },

    loki: {
        "18.11.0": {
            checked:
                "grafana-community/helm-charts tag loki-18.11.0: charts/loki/values.yaml, templates/_helpers.tpl (loki.image, the deployment modes, loki.isUsingObjectStorage), templates/_pod.tpl (each target's container and the rules sidecar), templates/_workload.tpl (the StatefulSet recreate hook), templates/<target>/workload.yaml, gateway/deployment.yaml, loki-canary/daemonset.yaml, memcached/_memcached-statefulset.tpl, chunks-cache/ and results-cache/statefulset.yaml, table-manager/deployment.yaml, tests/test-canary.yaml; subcharts at the versions Chart.lock pins: minio 5.4.0 (minio/minio commit 43a740296, helm/minio: values.yaml, templates/deployment.yaml, statefulset.yaml, post-job.yaml), rollout-operator 0.51.1 (grafana/helm-charts tag rollout-operator-0.51.1: values.yaml, templates/_helpers.tpl, deployment.yaml)",
            subcharts: [
                { name: "minio", version: "5.4.0", repository: "https://charts.min.io/", enabledBy: "minio.enabled", when: (v) => v.on("minio.enabled", false) },
                { name: "rollout-operator", version: "0.51.1", repository: "https://grafana.github.io/helm-charts", enabledBy: "rollout_operator.enabled", when: (v) => v.on("rollout_operator.enabled", false) },
            ],
            images: [
                ...lokiTargets.map(
                    (t): ChartImage => ({
                        name: t.target,
                        role: "container",
                        what: t.key === "singleBinary" ? "Loki as a single binary (every target in one process, the Monolithic mode)" : `Loki's ${t.target} target (${t.mode === "scalable" ? "the SimpleScalable mode" : "the Distributed mode"})`,
                        when: (v) => lokiTargetRuns(v, t),
                        source: lokiImage(`${t.key}.image`, {}, lokiVersion, lokiBaseImage),
                    }),
                ),
                {
                    name: "rules-sidecar",
                    role: "sidecar",
                    what: "k8s-sidecar, which loads rules from labelled ConfigMaps and Secrets (sidecar.rules.enabled, on the targets whose `sidecar` is on)",
                    when: (v) => v.on("sidecar.rules.enabled", true) && lokiTargets.some((t) => t.sidecar !== undefined && v.on(`${t.key}.sidecar`, t.sidecar) && lokiTargetRuns(v, t)),
                    source: lokiImage("sidecar.image", { registry: "docker.io", repository: "kiwigrid/k8s-sidecar", tag: "2.10.1" }),
                },
                {
                    name: "statefulset-recreate",
                    role: "hook",
                    what: "the pre-upgrade job that recreates a target's StatefulSet when its volume size changes (<target>.statefulSetRecreateJob.enabled)",
                    when: (v) => lokiTargets.some((t) => lokiTargetRuns(v, t) && v.str(`${t.key}.kind`, t.kind) === "StatefulSet" && v.on(`${t.key}.statefulSetRecreateJob.enabled`, false)),
                    unverified: "the tag defaults to the cluster's Kubernetes version (.Capabilities.KubeVersion.Version), known to Helm only at upgrade: set defaults.statefulSetRecreateJob.image.tag to mirror a fixed one",
                    source: lokiImage("defaults.statefulSetRecreateJob.image", { registry: "registry.k8s.io", repository: "kubectl" }),
                },
                {
                    name: "table-manager",
                    role: "container",
                    what: "the table manager (tableManager.enabled)",
                    when: (v) => v.on("tableManager.enabled", false),
                    source: lokiImage("tableManager.image", {}, lokiVersion, lokiBaseImage),
                },
                {
                    name: "gateway",
                    role: "container",
                    what: "the nginx gateway in front of Loki's targets",
                    when: lokiGatewayOn,
                    source: lokiImage("gateway.image", { registry: "docker.io", repository: "nginxinc/nginx-unprivileged", tag: "1.31-alpine" }),
                },
                {
                    name: "gateway-exporter",
                    role: "sidecar",
                    what: "the gateway's access-log exporter (gateway.metrics.enabled)",
                    when: (v) => lokiGatewayOn(v) && v.on("gateway.metrics.enabled", true),
                    source: lokiImage("gateway.metrics.image", { registry: "ghcr.io", repository: "jkroepke/access-log-exporter", tag: "0.4.11" }),
                },
                {
                    name: "canary",
                    role: "container",
                    what: "the Loki canary (DaemonSet) that writes and reads back log lines",
                    when: (v) => v.on("lokiCanary.enabled", true),
                    source: lokiImage("lokiCanary.image", { registry: "docker.io", repository: "grafana/loki-canary" }, lokiVersion),
                },
                {
                    name: "memcached",
                    role: "container",
                    what: "memcached of the chunks and results caches",
                    when: lokiCachesOn,
                    source: lokiImage("memcached.image", { registry: "docker.io", repository: "library/memcached", tag: "1.6.45-alpine" }),
                },
                {
                    name: "memcached-exporter",
                    role: "sidecar",
                    what: "the caches' memcached exporter (memcachedExporter.enabled)",
                    when: (v) => lokiCachesOn(v) && v.on("memcachedExporter.enabled", true),
                    source: lokiImage("memcachedExporter.image", { registry: "docker.io", repository: "prom/memcached-exporter", tag: "v0.17.0" }),
                },
                {
                    name: "minio",
                    role: "container",
                    what: "MinIO, the bundled object store (subchart; deprecated by the chart)",
                    when: (v) => v.on("minio.enabled", false),
                    source: full({ repository: "minio.image.repository", tag: "minio.image.tag", defaults: { repository: "quay.io/minio/minio", tag: "RELEASE.2024-12-18T13-15-44Z" } }),
                },
                {
                    name: "minio-mc",
                    role: "hook",
                    what: "MinIO's post-install job that creates the buckets and users Loki's values list (subchart)",
                    when: (v) =>
                        v.on("minio.enabled", false) &&
                        (v.on("minio.buckets", true) || v.on("minio.users", true) || v.on("minio.policies", false) || v.on("minio.customCommands", false) || v.on("minio.svcaccts", false)),
                    source: full({ repository: "minio.mcImage.repository", tag: "minio.mcImage.tag", defaults: { repository: "quay.io/minio/mc", tag: "RELEASE.2024-11-21T17-21-54Z" } }),
                },
                {
                    name: "rollout-operator",
                    role: "container",
                    what: "Grafana's rollout operator for zone-aware ingesters (subchart)",
                    when: (v) => v.on("rollout_operator.enabled", false),
                    source: split({
                        registry: ["rollout_operator.image.registry"],
                        repository: "rollout_operator.image.repository",
                        tag: "rollout_operator.image.tag",
                        defaults: { registry: "docker.io", repository: "grafana/rollout-operator", tag: "v0.39.0" },
                    }),
                },
                {
                    name: "test",
                    role: "test",
                    what: "the canary test pod (helm test; needs the canary)",
                    when: (v) => v.on("test.enabled", true) && v.on("lokiCanary.enabled", true),
                    source: lokiImage("test.image", { registry: "docker.io", repository: "grafana/loki-helm-test", tag: "latest" }, lokiVersion),
                },
            ],
        },
    },

    certManager: {
        "v1.21.1": {
            checked: "cert-manager/cert-manager tag v1.21.1: deploy/charts/cert-manager/values.yaml, templates/_helpers.tpl (cert-manager.image), templates/deployment.yaml (--acme-http01-solver-image), webhook-deployment.yaml, cainjector-deployment.yaml, startupapicheck-job.yaml; appVersion v1.21.1 is stamped into the chart at release",
            images: [
                { name: "controller", role: "container", what: "the cert-manager controller", source: certManagerImage("", "cert-manager-controller", "v1.21.1") },
                { name: "webhook", role: "container", what: "the cert-manager webhook", source: certManagerImage("webhook.", "cert-manager-webhook", "v1.21.1") },
                { name: "cainjector", role: "container", what: "the CA injector", when: (v) => v.on("cainjector.enabled", true), source: certManagerImage("cainjector.", "cert-manager-cainjector", "v1.21.1") },
                { name: "acmesolver", role: "operand", what: "the HTTP-01 solver pods the controller starts for ACME challenges", source: certManagerImage("acmesolver.", "cert-manager-acmesolver", "v1.21.1") },
                { name: "startupapicheck", role: "hook", what: "the post-install API check job", when: (v) => v.on("startupapicheck.enabled", true), source: certManagerImage("startupapicheck.", "cert-manager-startupapicheck", "v1.21.1") },
            ],
        },
    },

    vault: {
        "0.34.1": {
            checked: "hashicorp/vault-helm tag v0.34.1: values.yaml, templates/_helpers.tpl (vault.injectorEnabled, vault.serverEnabled), templates/server-statefulset.yaml, injector-deployment.yaml (AGENT_INJECT_VAULT_IMAGE), csi-daemonset.yaml, tests/server-test.yaml",
            images: [
                {
                    name: "server",
                    role: "container",
                    what: "the Vault servers",
                    when: (v) => vaultOn(v, "server.enabled"),
                    source: full({ repository: "server.image.repository", tag: "server.image.tag", defaults: { repository: "hashicorp/vault", tag: "2.0.4" } }),
                },
                {
                    name: "injector",
                    role: "container",
                    what: "the agent injector (vault-k8s)",
                    when: (v) => vaultOn(v, "injector.enabled"),
                    source: full({ repository: "injector.image.repository", tag: "injector.image.tag", defaults: { repository: "hashicorp/vault-k8s", tag: "1.7.6" } }),
                },
                {
                    name: "agent",
                    role: "operand",
                    what: "the Vault Agent the injector adds to annotated pods",
                    when: (v) => vaultOn(v, "injector.enabled"),
                    source: full({ repository: "injector.agentImage.repository", tag: "injector.agentImage.tag", defaults: { repository: "hashicorp/vault", tag: "2.0.4" } }),
                },
                {
                    name: "csi-provider",
                    role: "container",
                    what: "the Vault CSI provider",
                    when: (v) => v.on("csi.enabled", false),
                    source: full({ repository: "csi.image.repository", tag: "csi.image.tag", defaults: { repository: "hashicorp/vault-csi-provider", tag: "1.7.4" } }),
                },
                {
                    name: "csi-agent",
                    role: "sidecar",
                    what: "the Vault Agent beside the CSI provider",
                    when: (v) => v.on("csi.enabled", false) && v.on("csi.agent.enabled", true),
                    source: full({ repository: "csi.agent.image.repository", tag: "csi.agent.image.tag", defaults: { repository: "hashicorp/vault", tag: "2.0.4" } }),
                },
                {
                    name: "server-test",
                    role: "test",
                    what: "the server test pod (helm test)",
                    when: (v) => vaultOn(v, "server.enabled"),
                    source: full({ repository: "server.image.repository", tag: "server.image.tag", defaults: { repository: "hashicorp/vault", tag: "2.0.4" } }),
                },
            ],
        },
    },

    gatekeeper: {
        "3.23.0": {
            checked:
                "open-policy-agent/gatekeeper tag v3.23.0: charts/gatekeeper/values.yaml, templates/gatekeeper-controller-manager-deployment.yaml and gatekeeper-audit-deployment.yaml, upgrade-crds-hook.yaml, namespace-post-install.yaml, namespace-post-upgrade.yaml, probe-webhook-post-install.yaml, webhook-configs-pre-delete.yaml, _helpers.tpl",
            images: [
                {
                    name: "gatekeeper",
                    role: "container",
                    what: "the controller manager and the audit",
                    source: full({ repository: "image.repository", tag: "image.release", defaults: { repository: "openpolicyagent/gatekeeper", tag: "v3.23.0" } }),
                },
                {
                    name: "crds-upgrade",
                    role: "hook",
                    what: "the CRD upgrade hook job (image.crdRepository, unless preInstall.crdRepository.image.repository is set)",
                    when: (v) => v.on("upgradeCRDs.enabled", true),
                    source: overriddenBy("preInstall.crdRepository.image.repository", full({ repository: "image.crdRepository", tag: "image.release", defaults: { repository: "openpolicyagent/gatekeeper-crds", tag: "v3.23.0" } })),
                },
                {
                    name: "label-namespace",
                    role: "hook",
                    what: "the post-install job that labels the Gatekeeper namespace",
                    when: (v) => v.on("postInstall.labelNamespace.enabled", true),
                    source: full({ repository: "postInstall.labelNamespace.image.repository", tag: "postInstall.labelNamespace.image.tag", defaults: { repository: "openpolicyagent/gatekeeper-crds", tag: "v3.23.0" } }),
                },
                {
                    name: "probe-webhook",
                    role: "hook",
                    what: "the post-install webhook probe (an init container of the label job, or its own job)",
                    when: (v) => v.on("postInstall.probeWebhook.enabled", true),
                    source: full({ repository: "postInstall.probeWebhook.image.repository", tag: "postInstall.probeWebhook.image.tag", defaults: { repository: "curlimages/curl", tag: "8.20.0" } }),
                },
                {
                    name: "label-namespace-upgrade",
                    role: "hook",
                    what: "the post-upgrade namespace label job",
                    when: (v) => v.on("postUpgrade.labelNamespace.enabled", false),
                    source: full({ repository: "postUpgrade.labelNamespace.image.repository", tag: "postUpgrade.labelNamespace.image.tag", defaults: { repository: "openpolicyagent/gatekeeper-crds", tag: "v3.23.0" } }),
                },
                {
                    name: "delete-webhook-configs",
                    role: "hook",
                    what: "the pre-delete job that removes the webhook configurations",
                    when: (v) => v.on("preUninstall.deleteWebhookConfigurations.enabled", false),
                    source: full({
                        repository: "preUninstall.deleteWebhookConfigurations.image.repository",
                        tag: "preUninstall.deleteWebhookConfigurations.image.tag",
                        defaults: { repository: "openpolicyagent/gatekeeper-crds", tag: "v3.23.0" },
                    }),
                },
                {
                    name: "export-reader",
                    role: "sidecar",
                    what: "the audit's violation-export reader (enableViolationExport with the disk backend)",
                    when: (v) => v.on("enableViolationExport", false) && (v.str("exportBackend") ?? "").toLowerCase() === "disk" && !v.on("audit.disableAuditSidecar", false),
                    source: whole("audit.exportSidecar.image", "ghcr.io/open-policy-agent/fake-reader:latest"),
                },
            ],
        },
    },

    falco: {
        "9.1.0": {
            checked:
                "falcosecurity/charts tag falco-9.1.0: charts/falco/values.yaml, templates/pod-template.tpl, templates/_helpers.tpl (falco.image, falco.driverLoader.image, falcoctl.image, driverLoader.enabled); subcharts at their tags falcosidekick-0.12.1, k8s-metacollector-0.1.10, falco-talon-0.3.0",
            subcharts: [
                {
                    name: "falcosidekick",
                    version: "0.12.1",
                    repository: "https://falcosecurity.github.io/charts",
                    enabledBy: "falcosidekick.enabled", when: (v) => v.on("falcosidekick.enabled", false),
                    unverified: "Chart.yaml asks for 0.12.*; 0.12.1 is the newest 0.12 release, tagged before falco-9.1.0 (2026-06-11)",
                },
                {
                    name: "k8s-metacollector",
                    version: "0.1.10",
                    repository: "https://falcosecurity.github.io/charts",
                    enabledBy: "collectors.kubernetes.enabled", when: (v) => v.on("collectors.kubernetes.enabled", false),
                    unverified: "Chart.yaml asks for 0.1.*; 0.1.10 is the newest 0.1 release",
                },
                { name: "falco-talon", version: "0.3.0", repository: "https://falcosecurity.github.io/charts", enabledBy: "responseActions.enabled", when: (v) => v.on("responseActions.enabled", false), unverified: "Chart.yaml asks for 0.3.*; 0.3.0 is the only 0.3 release" },
            ],
            images: [
                {
                    name: "falco",
                    role: "container",
                    what: "Falco (DaemonSet)",
                    source: split({ registry: ["image.registry"], repository: "image.repository", tag: "image.tag", defaults: { registry: "docker.io", repository: "falcosecurity/falco", tag: "0.44.1" } }),
                },
                {
                    name: "driver-loader",
                    role: "init-container",
                    what: "the driver loader (kmod, or auto): not run for the modern eBPF probe",
                    when: falcoDriverLoaderOn,
                    source: split({
                        registry: ["driver.loader.initContainer.image.registry"],
                        repository: "driver.loader.initContainer.image.repository",
                        tag: "driver.loader.initContainer.image.tag",
                        defaults: { registry: "docker.io", repository: "falcosecurity/falco-driver-loader", tag: "0.44.1" },
                    }),
                },
                {
                    name: "falcoctl-install",
                    role: "init-container",
                    what: "falcoctl artifact install (rules and plugins before Falco starts)",
                    when: (v) => v.on("falcoctl.artifact.install.enabled", true),
                    source: split({ registry: ["falcoctl.image.registry"], repository: "falcoctl.image.repository", tag: "falcoctl.image.tag", defaults: { registry: "docker.io", repository: "falcosecurity/falcoctl", tag: "0.13.0" } }),
                },
                {
                    name: "falcoctl-follow",
                    role: "sidecar",
                    what: "falcoctl artifact follow (rule updates)",
                    when: (v) => v.on("falcoctl.artifact.follow.enabled", true),
                    source: split({ registry: ["falcoctl.image.registry"], repository: "falcoctl.image.repository", tag: "falcoctl.image.tag", defaults: { registry: "docker.io", repository: "falcosecurity/falcoctl", tag: "0.13.0" } }),
                },
                {
                    name: "falcosidekick",
                    role: "container",
                    what: "Falcosidekick (subchart)",
                    when: (v) => v.on("falcosidekick.enabled", false),
                    source: split({
                        registry: ["falcosidekick.image.registry"],
                        repository: "falcosidekick.image.repository",
                        tag: "falcosidekick.image.tag",
                        defaults: { registry: "docker.io", repository: "falcosecurity/falcosidekick", tag: "2.32.0" },
                    }),
                },
                {
                    name: "falcosidekick-ui",
                    role: "container",
                    what: "Falcosidekick UI (subchart)",
                    when: (v) => v.on("falcosidekick.enabled", false) && v.on("falcosidekick.webui.enabled", false),
                    source: split({
                        registry: ["falcosidekick.webui.image.registry"],
                        repository: "falcosidekick.webui.image.repository",
                        tag: "falcosidekick.webui.image.tag",
                        defaults: { registry: "docker.io", repository: "falcosecurity/falcosidekick-ui", tag: "2.2.0" },
                    }),
                },
                {
                    name: "falcosidekick-ui-wait-redis",
                    role: "init-container",
                    what: "Falcosidekick UI's wait-for-Redis init container (subchart)",
                    when: (v) => v.on("falcosidekick.enabled", false) && v.on("falcosidekick.webui.enabled", false),
                    source: split({
                        registry: ["falcosidekick.webui.initContainer.image.registry"],
                        repository: "falcosidekick.webui.initContainer.image.repository",
                        tag: "falcosidekick.webui.initContainer.image.tag",
                        defaults: { registry: "docker.io", repository: "redis/redis-stack", tag: "7.2.0-v11" },
                    }),
                },
                {
                    name: "falcosidekick-ui-redis",
                    role: "container",
                    what: "Falcosidekick UI's Redis (subchart)",
                    when: (v) => v.on("falcosidekick.enabled", false) && v.on("falcosidekick.webui.enabled", false) && v.on("falcosidekick.webui.redis.enabled", true),
                    source: split({
                        registry: ["falcosidekick.webui.redis.image.registry"],
                        repository: "falcosidekick.webui.redis.image.repository",
                        tag: "falcosidekick.webui.redis.image.tag",
                        defaults: { registry: "docker.io", repository: "redis/redis-stack", tag: "7.2.0-v11" },
                    }),
                },
                {
                    name: "falcosidekick-test",
                    role: "test",
                    what: "Falcosidekick's connection test pod (helm test); its image is hard-coded (subchart)",
                    when: (v) => v.on("falcosidekick.enabled", false),
                    source: fixed("appropriate/curl"),
                },
                {
                    name: "k8s-metacollector",
                    role: "container",
                    what: "the Kubernetes metadata collector (subchart)",
                    when: (v) => v.on("collectors.kubernetes.enabled", false),
                    source: split({
                        registry: ["k8s-metacollector.image.registry"],
                        repository: "k8s-metacollector.image.repository",
                        tag: "k8s-metacollector.image.tag",
                        defaults: { registry: "docker.io", repository: "falcosecurity/k8s-metacollector", tag: "0.1.1" },
                    }),
                },
                {
                    name: "falco-talon",
                    role: "container",
                    what: "Falco Talon, the response engine (subchart)",
                    when: (v) => v.on("responseActions.enabled", false),
                    source: split({
                        registry: ["falco-talon.image.registry"],
                        repository: "falco-talon.image.repository",
                        tag: "falco-talon.image.tag",
                        defaults: { registry: "falco.docker.scarf.sh", repository: "falcosecurity/falco-talon", tag: "0.3.0" },
                    }),
                },
            ],
            downloads: [
                {
                    name: "falcoctl-install",
                    what: "falcoctl's init container downloads the rules (falco-rules) and plugins (the container plugin, k8smeta) before Falco starts",
                    paths: ["falcoctl.artifact.install.enabled", "falcoctl.config.indexes", "falcoctl.config.artifact.install.refs", "collectors.containerEngine.pluginRef"],
                    from: "https://falcosecurity.github.io/falcoctl/index.yaml, ghcr.io/falcosecurity/rules and ghcr.io/falcosecurity/plugins",
                    when: (v) => v.on("falcoctl.artifact.install.enabled", true),
                    offline: "falcoctl.artifact.install.enabled: false, with the rules and plugins shipped in the image or a volume",
                },
                {
                    name: "falcoctl-follow",
                    what: "falcoctl's sidecar polls for and downloads rule updates",
                    paths: ["falcoctl.artifact.follow.enabled", "falcoctl.config.indexes", "falcoctl.config.artifact.follow.refs"],
                    from: "https://falcosecurity.github.io/falcoctl/index.yaml and ghcr.io/falcosecurity/rules",
                    when: (v) => v.on("falcoctl.artifact.follow.enabled", true),
                    offline: "falcoctl.artifact.follow.enabled: false",
                },
                {
                    name: "driver",
                    what: "the driver loader downloads a prebuilt kernel driver for the node's kernel (kmod, or auto falling back to it)",
                    paths: ["driver.kind", "driver.loader.enabled"],
                    from: "https://download.falco.org/driver",
                    when: falcoDriverLoaderOn,
                    offline: "driver.kind: modern_ebpf (the probe is built into Falco)",
                },
            ],
        },
    },

    dex: {
        "0.24.0": {
            checked: "dexidp/helm-charts tag dex-0.24.0: charts/dex/values.yaml, templates/deployment.yaml (a digest replaces the tag; the tag defaults to v<appVersion>)",
            images: [
                {
                    name: "dex",
                    role: "container",
                    what: "Dex",
                    source: full({ repository: "image.repository", tag: "image.tag", digest: "image.digest", digestStyle: "replaces-tag", defaults: { repository: "ghcr.io/dexidp/dex", tag: "v2.44.0" } }),
                },
            ],
        },
    },

    rbacManager: {
        "2.0.0": {
            checked: "FairwindsOps/charts commit 213f2afa (rbac-manager 2.0.0, appVersion 1.10.0): stable/rbac-manager/values.yaml, templates/deployment.yaml, templates/_helpers.tpl (rbac-manager.imageTag adds the v)",
            images: [
                {
                    name: "rbac-manager",
                    role: "container",
                    what: "rbac-manager",
                    source: full({ repository: "image.repository", tag: "image.tag", digest: "image.digest", digestStyle: "replaces-tag", defaults: { repository: "us-docker.pkg.dev/fairwinds-ops/oss/rbac-manager", tag: "v1.10.0" } }),
                },
            ],
        },
    },

    pinniped: {
        "2.4.23": {
            checked: "bitnami/charts commit 7905c1a406 (pinniped 2.4.23): bitnami/pinniped/values.yaml, templates/_helpers.tpl (common.images.image: global.imageRegistry over image.registry), templates/concierge/deployment.yaml, templates/supervisor/deployment.yaml",
            subcharts: [{ name: "common", version: "2.x.x", repository: "oci://registry-1.docker.io/bitnamicharts", unverified: "a library chart (no images); its exact version is resolved when Bitnami packages the chart" }],
            images: [
                {
                    name: "pinniped",
                    role: "container",
                    what: "the Supervisor and the Concierge",
                    unverified: "Bitnami moved its versioned images to bitnamilegacy; whether a given tag is there can only be checked against the registry",
                    source: split({
                        registry: ["global.imageRegistry", "image.registry"],
                        repository: "image.repository",
                        tag: "image.tag",
                        digest: "image.digest",
                        digestStyle: "replaces-tag",
                        defaults: { registry: "docker.io", repository: "bitnami/pinniped", tag: "0.40.0-debian-12-r2" },
                    }),
                },
            ],
        },
    },
};

/** A boolean of Grafana's `[plugins]` settings, given under the subchart's `grafana.ini` value (a key with a dot). */
function grafanaPluginsIni(v: ValuesView, key: string): boolean {
    const ini = v.get("grafana");
    const plugins = ini && typeof ini === "object" ? ((ini as Record<string, unknown>)["grafana.ini"] as Record<string, unknown> | undefined)?.plugins : undefined;
    const value = plugins && typeof plugins === "object" ? (plugins as Record<string, unknown>)[key] : undefined;
    return value === true || value === "true";
}

function downloadsDashboards(dashboards: unknown): boolean {
    if (!dashboards || typeof dashboards !== "object") {
        return false;
    }
    return Object.values(dashboards as Record<string, unknown>).some(
        (provider) => provider !== null && typeof provider === "object" && Object.values(provider as Record<string, unknown>).some((d) => d !== null && typeof d === "object" && ("gnetId" in d || "url" in d)),
    );
}

/** The image table of a chart version, or undefined when there is none. */
export function imageTable(chart: ChartName, version: string): ChartImageTable | undefined {
    return chartImages[chart]?.[version];
}
