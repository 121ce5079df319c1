/** Image tables (see ./index.ts): The security area's charts: cert-manager, Vault, Falco, Dex, rbac-manager, Pinniped. */
import { fixed, full, ImageSource, mirrorRepository, split, ValuesView } from "../image-sources";
import type { ImageTables } from "./types";
import { setPath } from "../values";

/** Vault's enable switches: `"-"` follows `global.enabled`; compared as strings ("true"). */
function vaultOn(v: ValuesView, path: string): boolean {
    const own = String(v.get(path) ?? "-");
    return own === "true" || (own === "-" && String(v.get("global.enabled") ?? true) === "true");
}

/** cert-manager's image helper (chart v1.21.1 `cert-manager.image`): a full `repository`, or `imageRegistry`/`imageNamespace`/`name`. */
function certManagerImage(component: "" | "webhook." | "cainjector." | "acmesolver." | "startupapicheck.", name: string, appVersion: string): ImageSource {
    const at = (key: string) => `${component}image.${key}`;
    return {
        paths: ["imageRegistry", "imageNamespace", at("registry"), at("repository"), at("name"), at("tag"), at("digest")],
        render(v) {
            let repository = v.str(at("repository"));
            if (!repository) {
                repository = [v.str("imageRegistry", "quay.io"), v.str("imageNamespace", "jetstack"), v.str(at("name"), name)]
                    .filter((p) => p !== undefined && p !== "")
                    .join("/");
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

/** Falco's driver loader (chart 9.1.0 `driverLoader.enabled`): off for the modern eBPF probe. */
const falcoDriverLoaderOn = (v: ValuesView) => {
    const kind = v.str("driver.kind", "auto");
    return v.on("driver.enabled", true) && v.on("driver.loader.enabled", true) && kind !== "modern_ebpf" && kind !== "modern-bpf";
};

export const securityImages: ImageTables = {
    certManager: {
        "v1.21.1": {
            checked:
                "cert-manager/cert-manager tag v1.21.1: deploy/charts/cert-manager/values.yaml, templates/_helpers.tpl (cert-manager.image), templates/deployment.yaml (--acme-http01-solver-image), webhook-deployment.yaml, cainjector-deployment.yaml, startupapicheck-job.yaml; appVersion v1.21.1 is stamped into the chart at release",
            images: [
                {
                    name: "controller",
                    role: "container",
                    what: "the cert-manager controller",
                    source: certManagerImage("", "cert-manager-controller", "v1.21.1"),
                },
                {
                    name: "webhook",
                    role: "container",
                    what: "the cert-manager webhook",
                    source: certManagerImage("webhook.", "cert-manager-webhook", "v1.21.1"),
                },
                {
                    name: "cainjector",
                    role: "container",
                    what: "the CA injector",
                    when: (v) => v.on("cainjector.enabled", true),
                    source: certManagerImage("cainjector.", "cert-manager-cainjector", "v1.21.1"),
                },
                {
                    name: "acmesolver",
                    role: "operand",
                    what: "the HTTP-01 solver pods the controller starts for ACME challenges",
                    source: certManagerImage("acmesolver.", "cert-manager-acmesolver", "v1.21.1"),
                },
                {
                    name: "startupapicheck",
                    role: "hook",
                    what: "the post-install API check job",
                    when: (v) => v.on("startupapicheck.enabled", true),
                    source: certManagerImage("startupapicheck.", "cert-manager-startupapicheck", "v1.21.1"),
                },
            ],
        },
    },

    vault: {
        "0.34.1": {
            checked:
                "hashicorp/vault-helm tag v0.34.1: values.yaml, templates/_helpers.tpl (vault.injectorEnabled, vault.serverEnabled), templates/server-statefulset.yaml, injector-deployment.yaml (AGENT_INJECT_VAULT_IMAGE), csi-daemonset.yaml, tests/server-test.yaml",
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
                    source: full({
                        repository: "injector.image.repository",
                        tag: "injector.image.tag",
                        defaults: { repository: "hashicorp/vault-k8s", tag: "1.7.6" },
                    }),
                },
                {
                    name: "agent",
                    role: "operand",
                    what: "the Vault Agent the injector adds to annotated pods",
                    when: (v) => vaultOn(v, "injector.enabled"),
                    source: full({
                        repository: "injector.agentImage.repository",
                        tag: "injector.agentImage.tag",
                        defaults: { repository: "hashicorp/vault", tag: "2.0.4" },
                    }),
                },
                {
                    name: "csi-provider",
                    role: "container",
                    what: "the Vault CSI provider",
                    when: (v) => v.on("csi.enabled", false),
                    source: full({
                        repository: "csi.image.repository",
                        tag: "csi.image.tag",
                        defaults: { repository: "hashicorp/vault-csi-provider", tag: "1.7.4" },
                    }),
                },
                {
                    name: "csi-agent",
                    role: "sidecar",
                    what: "the Vault Agent beside the CSI provider",
                    when: (v) => v.on("csi.enabled", false) && v.on("csi.agent.enabled", true),
                    source: full({
                        repository: "csi.agent.image.repository",
                        tag: "csi.agent.image.tag",
                        defaults: { repository: "hashicorp/vault", tag: "2.0.4" },
                    }),
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

    falco: {
        "9.1.0": {
            checked:
                "falcosecurity/charts tag falco-9.1.0: charts/falco/values.yaml, templates/pod-template.tpl, templates/_helpers.tpl (falco.image, falco.driverLoader.image, falcoctl.image, driverLoader.enabled); subcharts at their tags falcosidekick-0.12.1, k8s-metacollector-0.1.10, falco-talon-0.3.0",
            subcharts: [
                {
                    name: "falcosidekick",
                    version: "0.12.1",
                    repository: "https://falcosecurity.github.io/charts",
                    enabledBy: "falcosidekick.enabled",
                    when: (v) => v.on("falcosidekick.enabled", false),
                    unverified: "Chart.yaml asks for 0.12.*; 0.12.1 is the newest 0.12 release, tagged before falco-9.1.0 (2026-06-11)",
                },
                {
                    name: "k8s-metacollector",
                    version: "0.1.10",
                    repository: "https://falcosecurity.github.io/charts",
                    enabledBy: "collectors.kubernetes.enabled",
                    when: (v) => v.on("collectors.kubernetes.enabled", false),
                    unverified: "Chart.yaml asks for 0.1.*; 0.1.10 is the newest 0.1 release",
                },
                {
                    name: "falco-talon",
                    version: "0.3.0",
                    repository: "https://falcosecurity.github.io/charts",
                    enabledBy: "responseActions.enabled",
                    when: (v) => v.on("responseActions.enabled", false),
                    unverified: "Chart.yaml asks for 0.3.*; 0.3.0 is the only 0.3 release",
                },
            ],
            images: [
                {
                    name: "falco",
                    role: "container",
                    what: "Falco (DaemonSet)",
                    source: split({
                        registry: ["image.registry"],
                        repository: "image.repository",
                        tag: "image.tag",
                        defaults: { registry: "docker.io", repository: "falcosecurity/falco", tag: "0.44.1" },
                    }),
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
                    source: split({
                        registry: ["falcoctl.image.registry"],
                        repository: "falcoctl.image.repository",
                        tag: "falcoctl.image.tag",
                        defaults: { registry: "docker.io", repository: "falcosecurity/falcoctl", tag: "0.13.0" },
                    }),
                },
                {
                    name: "falcoctl-follow",
                    role: "sidecar",
                    what: "falcoctl artifact follow (rule updates)",
                    when: (v) => v.on("falcoctl.artifact.follow.enabled", true),
                    source: split({
                        registry: ["falcoctl.image.registry"],
                        repository: "falcoctl.image.repository",
                        tag: "falcoctl.image.tag",
                        defaults: { registry: "docker.io", repository: "falcosecurity/falcoctl", tag: "0.13.0" },
                    }),
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
                    when: (v) =>
                        v.on("falcosidekick.enabled", false) && v.on("falcosidekick.webui.enabled", false) && v.on("falcosidekick.webui.redis.enabled", true),
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
                    paths: [
                        "falcoctl.artifact.install.enabled",
                        "falcoctl.config.indexes",
                        "falcoctl.config.artifact.install.refs",
                        "collectors.containerEngine.pluginRef",
                    ],
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
            checked:
                "dexidp/helm-charts tag dex-0.24.0: charts/dex/values.yaml, templates/deployment.yaml (a digest replaces the tag; the tag defaults to v<appVersion>)",
            images: [
                {
                    name: "dex",
                    role: "container",
                    what: "Dex",
                    source: full({
                        repository: "image.repository",
                        tag: "image.tag",
                        digest: "image.digest",
                        digestStyle: "replaces-tag",
                        defaults: { repository: "ghcr.io/dexidp/dex", tag: "v2.44.0" },
                    }),
                },
            ],
        },
    },

    rbacManager: {
        "2.0.0": {
            checked:
                "FairwindsOps/charts commit 213f2afa (rbac-manager 2.0.0, appVersion 1.10.0): stable/rbac-manager/values.yaml, templates/deployment.yaml, templates/_helpers.tpl (rbac-manager.imageTag adds the v)",
            images: [
                {
                    name: "rbac-manager",
                    role: "container",
                    what: "rbac-manager",
                    source: full({
                        repository: "image.repository",
                        tag: "image.tag",
                        digest: "image.digest",
                        digestStyle: "replaces-tag",
                        defaults: { repository: "us-docker.pkg.dev/fairwinds-ops/oss/rbac-manager", tag: "v1.10.0" },
                    }),
                },
            ],
        },
    },

    pinniped: {
        "2.4.23": {
            checked:
                "bitnami/charts commit 7905c1a406 (pinniped 2.4.23): bitnami/pinniped/values.yaml, templates/_helpers.tpl (common.images.image: global.imageRegistry over image.registry), templates/concierge/deployment.yaml, templates/supervisor/deployment.yaml",
            subcharts: [
                {
                    name: "common",
                    version: "2.x.x",
                    repository: "oci://registry-1.docker.io/bitnamicharts",
                    unverified: "a library chart (no images); its exact version is resolved when Bitnami packages the chart",
                },
            ],
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
