/** Image tables (see ./index.ts): The ingress controllers' charts: ingress-nginx, Envoy Gateway, Contour. */
import { globalFirst, ImageSource, mirrorRepository, parseImageRef, split, ValuesView } from "../image-sources";
import type { ImageTables } from "./types";
import { setPath, Values } from "../values";

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
function envoyGatewayGlobalImage(
    key: "ratelimit" | "envoyProxy",
    chartDefault: string,
    defaultTag: string,
): { paths: string[]; render(v: ValuesView): string | undefined; upstream(v: ValuesView): string | undefined } {
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
    const chosen = (v: ValuesView, withGlobal: boolean) =>
        v.str("global.images.envoyProxy.image") ? (withGlobal ? image.render(v) : image.upstream(v)) : (v.str(configured) ?? builtIn);
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

export const ingressImages: ImageTables = {
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
                        defaults: {
                            registry: "registry.k8s.io",
                            repository: "ingress-nginx/controller",
                            tag: "v1.15.1",
                            digest: "sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1",
                        },
                    }),
                },
                {
                    name: "controller-chroot",
                    role: "container",
                    what: "the ingress-nginx controller, chroot variant (controller.image.chroot)",
                    when: (v) => v.on("controller.image.chroot", false),
                    source: {
                        paths: [
                            "controller.image.registry",
                            "global.image.registry",
                            "controller.image.image",
                            "controller.image.tag",
                            "controller.image.digestChroot",
                        ],
                        render: (v) =>
                            `${v.str("controller.image.registry") ?? v.str("global.image.registry", "registry.k8s.io")}/${v.str("controller.image.image", "ingress-nginx/controller")}-chroot:${v.str("controller.image.tag", "v1.15.1")}@${v.str("controller.image.digestChroot", "sha256:af31d00c9d82c612896b380a9003bd36843b7647b98e4588251c66325317bc72")}`,
                        mirror: (registry) => ({ controller: { image: { registry } } }),
                    },
                },
                {
                    name: "admission-patch",
                    role: "hook",
                    what: "the admission webhook's certificate jobs (pre-install create, post-install patch)",
                    when: (v) =>
                        v.on("controller.admissionWebhooks.enabled", true) &&
                        v.on("controller.admissionWebhooks.patch.enabled", true) &&
                        !v.on("controller.admissionWebhooks.certManager.enabled", false),
                    source: split({
                        registry: ["controller.admissionWebhooks.patch.image.registry", "global.image.registry"],
                        repository: "controller.admissionWebhooks.patch.image.image",
                        fullRepository: "controller.admissionWebhooks.patch.image.repository",
                        tag: "controller.admissionWebhooks.patch.image.tag",
                        digest: "controller.admissionWebhooks.patch.image.digest",
                        defaults: {
                            registry: "registry.k8s.io",
                            repository: "ingress-nginx/kube-webhook-certgen",
                            tag: "v1.6.9",
                            digest: "sha256:01038e7de14b78d702d2849c3aad72fd25903c4765af63cf16aa3398f5d5f2dd",
                        },
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
                {
                    name: "certgen",
                    role: "hook",
                    what: "the certgen job (pre-install, pre-upgrade) that writes the controller's and the proxies' TLS certificates",
                    source: envoyGatewayImage(),
                },
                {
                    name: "shutdown-manager",
                    role: "operand",
                    what: "the shutdown manager the controller adds to each Envoy proxy pod (the controller's image, from the chart's EnvoyGateway config)",
                    source: envoyGatewayImage(),
                },
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
};
