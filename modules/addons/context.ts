/**
 * What one add-on is handed by the runner: the validated config, the cluster handle, the
 * platform-wide decisions made once (air-gap mirrors, protection of stateful resources in prod), and
 * its own ledger, where `HelmAddon` and `createNamespace` note what the add-on installed. The ledger
 * belongs to the add-on alone; the runner freezes it into the `InstalledPlatform` description once
 * the add-on is installed, so no add-on ever sees another's work in progress.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Namespace } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { PlatformConfig, Tier } from "../config";
import type { ClusterHandle } from "../cluster/contract";
import type { Area } from "./addon";
import { assertChartSupportsCluster } from "./compatibility";
import { createNamespace, NamespaceArgs, PodSecurityLevel } from "./namespace";
import type { TrafficProfile } from "./traffic";
import { airgapMark } from "../../policy-pack/policies/helm/airgap-mark";
import { mirrorRepository, valuesView } from "./image-sources";
import { imageTable } from "./images";
import { deepMerge, Values } from "./values";
import { ChartName, charts } from "./versions";

export interface ChartSource {
    /** `chart` input of the Helm Release: a chart name, or a full oci:// reference. */
    chart: string;
    version: string;
    /** Repository for https:// sources; absent for oci:// references. */
    repositoryOpts?: { repo: string };
    /**
     * The release's description when the chart comes from the air-gap chart mirror: it names the
     * mirror, which the policy pack's require-approved-chart-source approves (policy-pack/policies/helm/airgap-mark.ts).
     */
    description?: string;
}

/**
 * Maps an upstream image repository through the air-gap registry: the upstream host is dropped and
 * the path kept (`registry.k8s.io/ingress-nginx/controller` -> `mirror.example.com/ingress-nginx/controller`;
 * Docker Hub's `falcosecurity/falco` -> `mirror.example.com/falcosecurity/falco`). A repository
 * already under the registry is kept as it is.
 */
export function mirrorImage(ref: string, registry: string | undefined): string {
    return mirrorRepository(ref, registry);
}

/**
 * The values that make every image of a chart version pull through the air-gap registry, for a
 * release's values (so a repository the stack chose keeps its path): each image of the chart's table
 * (modules/addons/images/) written at the values paths its chart reads. Empty without a registry or a table.
 */
export function airgapImageValues(chart: ChartName, version: string, registry: string | undefined, values: Values): Values {
    const table = imageTable(chart, version);
    if (!registry || !table) {
        return {};
    }
    const view = valuesView(values);
    return table.images.reduce<Values>((out, image) => deepMerge(out, image.source.mirror?.(registry, view) ?? {}), {});
}

/** Where a pinned chart comes from, honouring the air-gap chart mirror and a version override. */
export function chartSource(name: ChartName, mirror: string | undefined, versionOverride?: string): ChartSource {
    const coords = charts[name];
    const version = versionOverride ?? coords.version;
    const repository = mirror ?? coords.repository;
    const mark = mirror ? { description: airgapMark(mirror) } : {};
    if (repository.startsWith("oci://")) {
        const base = repository.replace(/\/$/, "");
        return { chart: mirror ? `${base}/${coords.chart}` : base, version, ...mark };
    }
    return { chart: coords.chart, version, repositoryOpts: { repo: repository }, ...mark };
}

/** A namespace an add-on created or installed into, with the charts in it. */
export interface NamespaceRecord {
    name: string;
    podSecurity: PodSecurityLevel;
    resource: Namespace;
}

/** A release an add-on installed, with what the platform network policies must allow for it. */
export interface ReleaseRecord {
    chart: ChartName;
    /** The namespaces its workloads run in (a chart may place node agents in a second one). */
    namespaces: string[];
    release: Release;
    traffic: TrafficProfile;
}

/** What one add-on installed: written by HelmAddon and createNamespace, read once by the runner. */
export interface AddonLedger {
    readonly namespaces: NamespaceRecord[];
    readonly releases: ReleaseRecord[];
}

export class AddonContext {
    readonly tier: Tier;
    /** Stateful and hard-to-recreate resources are protected in prod (pulumi destroy refuses them). */
    readonly protect: boolean;
    /** What this add-on installed so far (its own work only). */
    readonly ledger: AddonLedger = { namespaces: [], releases: [] };

    constructor(
        readonly config: PlatformConfig,
        readonly cluster: ClusterHandle,
        /** The add-on this context belongs to: its id and the area its components are typed under. */
        readonly addon: { id: string; area: Area },
        /** Every namespace the stack's add-ons will use (declared from config before anything is installed). */
        readonly platformNamespaces: readonly string[] = [],
        /** The platform's PriorityClass (platform pods run above tenant workloads); undefined in a context built without one. */
        readonly priorityClass?: { name: string; resource: pulumi.Resource },
    ) {
        this.tier = config.environment;
        this.protect = config.environment === "prod";
    }

    /**
     * The values that send every image of the chart through the air-gap registry (none without one),
     * for the release's `values`. Warns when the chart version has no image table, so images the
     * add-on does not map itself may still come from upstream.
     */
    airgapValues(chart: ChartName, version: string, values: Values): Values {
        const registry = this.config.airgap.imageRegistry;
        if (registry && !imageTable(chart, version)) {
            void pulumi.log.warn(
                `airgap.imageRegistry: chart ${charts[chart].chart} ${version} has no image table in modules/addons/images/, so only the images the ${this.addon.id} add-on maps itself go through ${registry}; check the chart's images (npm run bom) before an air-gapped install`,
            );
        }
        return airgapImageValues(chart, version, registry, values);
    }

    /** An image repository, through the air-gap registry when one is set. */
    image(ref: string): string {
        return mirrorImage(ref, this.config.airgap.imageRegistry);
    }

    /**
     * For charts that split registry and repository: the registry to use (the mirror, or `upstream`).
     * Pair with the repository path for the repository value.
     */
    registry(upstream: string): string {
        return this.config.airgap.imageRegistry ?? upstream;
    }

    /**
     * Where a chart comes from (mirror and version override applied). Throws a ConfigError naming the
     * chart and the cluster's Kubernetes version when the compatibility table in versions.ts says the
     * chart does not support it (compatibility.ts); warns when a version override leaves the table
     * unable to vouch for it.
     */
    chart(name: ChartName, versionOverride?: string): ChartSource {
        const unverified = assertChartSupportsCluster(name, this.cluster.kubernetesVersion, versionOverride);
        if (unverified) {
            void pulumi.log.warn(unverified.message);
        }
        return chartSource(name, this.config.airgap.chartMirror, versionOverride);
    }

    /** Creates one of this add-on's namespaces (PSA-labelled) and notes it in the ledger. */
    namespace(resourceName: string, args: NamespaceArgs, opts: pulumi.CustomResourceOptions): Namespace {
        const resource = createNamespace(resourceName, args, opts);
        this.ledger.namespaces.push({ name: args.name, podSecurity: args.podSecurity, resource });
        return resource;
    }

    /** Options for stateful resources: protected in prod, unprotected elsewhere. */
    stateful(opts: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return { ...opts, protect: this.protect };
    }
}
