/**
 * What every add-on is handed: the validated config, the cluster handle, and the platform-wide
 * decisions made once (air-gap mirrors, protection of stateful resources in prod).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig, Tier } from "../config";
import type { ClusterHandle } from "../cluster/contract";
import type { Namespace } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { Values } from "./values";
import { ChartName, charts } from "./versions";
import { assertChartSupportsCluster } from "../delivery/compatibility";

/** An add-on installed through `HelmAddon`, recorded in installation order. */
export interface InstalledAddon {
    chart: ChartName;
    /** The namespace the release lives in. */
    namespace: string;
    /** The Namespace resource (objects placed in the namespace depend on it). */
    namespaceResource: Namespace;
    release: Release;
}

export interface ChartSource {
    /** `chart` input of the Helm Release: a chart name, or a full oci:// reference. */
    chart: string;
    version: string;
    /** Repository for https:// sources; absent for oci:// references. */
    repositoryOpts?: { repo: string };
}

/** True when the first path segment of an image reference is a registry host. */
function hasRegistryHost(ref: string): boolean {
    const first = ref.split("/")[0];
    return ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
}

/**
 * Maps an upstream image repository through the air-gap registry: the upstream host is dropped and
 * the path kept (`registry.k8s.io/ingress-nginx/controller` -> `mirror.example.com/ingress-nginx/controller`;
 * Docker Hub's `falcosecurity/falco` -> `mirror.example.com/falcosecurity/falco`).
 */
export function mirrorImage(ref: string, registry: string | undefined): string {
    if (!registry) {
        return ref;
    }
    const pathPart = hasRegistryHost(ref) ? ref.split("/").slice(1).join("/") : ref.includes("/") ? ref : `library/${ref}`;
    return `${registry}/${pathPart}`;
}

/** Where a pinned chart comes from, honouring the air-gap chart mirror and a version override. */
export function chartSource(name: ChartName, mirror: string | undefined, versionOverride?: string): ChartSource {
    const coords = charts[name];
    const version = versionOverride ?? coords.version;
    const repository = mirror ?? coords.repository;
    if (repository.startsWith("oci://")) {
        const base = repository.replace(/\/$/, "");
        return { chart: mirror ? `${base}/${coords.chart}` : base, version };
    }
    return { chart: coords.chart, version, repositoryOpts: { repo: repository } };
}

/**
 * Platform-wide metrics scraping, switched on once the monitoring CRDs exist: every add-on
 * installed afterwards merges its chart's scrape switches and waits for those CRDs.
 */
export interface Scraping {
    /** The resource that installs the monitoring.coreos.com CRDs. */
    crds: pulumi.Resource;
    /** The values that make a chart render its ServiceMonitor/PodMonitor (empty when it has none). */
    valuesFor(chart: ChartName): Values;
}

export class PlatformContext {
    readonly tier: Tier;
    /** Set by the composition root once observability is installed; undefined while metrics are off. */
    scraping?: Scraping;
    /** Stateful and hard-to-recreate resources are protected in prod (pulumi destroy refuses them). */
    readonly protect: boolean;

    /**
     * Every add-on installed so far, in order. Admission control (Gatekeeper) waits for all of their
     * releases; the platform network policies cover all of their namespaces.
     */
    readonly installed: InstalledAddon[] = [];

    constructor(
        readonly config: PlatformConfig,
        readonly cluster: ClusterHandle,
    ) {
        this.tier = config.environment;
        this.protect = config.environment === "prod";
    }

    /**
     * Namespaces a platform service uses besides its release's own (node agents split into a
     * privileged namespace): the platform network policies cover them too.
     */
    readonly extraNamespaces: { chart: ChartName; namespace: string; namespaceResource: Namespace }[] = [];

    /** Records a namespace a service uses besides its release's (see `extraNamespaces`). */
    recordNamespace(entry: { chart: ChartName; namespace: string; namespaceResource: Namespace }): void {
        this.extraNamespaces.push(entry);
    }

    /** Records an installed add-on (called by `HelmAddon`). */
    recordInstalled(addon: InstalledAddon): void {
        this.installed.push(addon);
    }

    /** An image repository, through the air-gap registry when one is set. */
    image(ref: string): string {
        return mirrorImage(ref, this.config.airgap.imageRegistry);
    }

    /**
     * For charts that split registry and repository: the registry to use (the mirror, or `upstream`).
     * Pair with `repositoryPath` for the repository value.
     */
    registry(upstream: string): string {
        return this.config.airgap.imageRegistry ?? upstream;
    }

    /**
     * Where a chart comes from (mirror and version override applied). Throws a ConfigError naming the
     * chart and the cluster's Kubernetes version when the compatibility table in versions.ts says the
     * chart does not support it (modules/delivery/compatibility.ts); warns when a version override
     * leaves the table unable to vouch for it.
     */
    chart(name: ChartName, versionOverride?: string): ChartSource {
        const unverified = assertChartSupportsCluster(name, this.cluster.kubernetesVersion, versionOverride);
        if (unverified) {
            void pulumi.log.warn(unverified.message);
        }
        return chartSource(name, this.config.airgap.chartMirror, versionOverride);
    }

    /** Options for stateful resources: protected in prod, unprotected elsewhere. */
    stateful(opts: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return { ...opts, protect: this.protect };
    }
}
