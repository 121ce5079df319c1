/**
 * The one place a chart is installed. Every add-on is a `HelmAddon`: a component with a namespace
 * (PSA-labelled) and one `kubernetes:helm.sh/v3:Release` from a pinned chart, with the platform's
 * values, then the user's `values` merged last. Releases are atomic with cleanup on failure and a
 * realistic timeout, so a failed install rolls back instead of leaving half a release.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { AddonSettings } from "../config";
import { PlatformContext } from "./context";
import { createNamespace, NamespaceArgs } from "./namespace";
import { deepMerge, Values } from "./values";
import { ChartName } from "./versions";

/** How a chart's CRDs are kept current, since Helm never upgrades CRDs from a chart's crds/ folder. */
export type CrdStrategy =
    /** The chart renders its CRDs as templates (cert-manager `crds.enabled`): Helm upgrades them. */
    | "templates"
    /** The chart runs a hook job that applies its CRDs on every upgrade (Gatekeeper, kube-prometheus-stack). */
    | "upgrade-job"
    /**
     * The chart's CRDs are only in its crds/ folder (Pinniped): Helm installs them with the release
     * and never upgrades them. A chart bump that changes them needs them applied by hand
     * (docs/operations.md); Renovate leaves such bumps for review.
     */
    | "install-only"
    /** The chart ships no CRDs. */
    | "none";

export interface HelmAddonArgs {
    platform: PlatformContext;
    /** The add-on's settings from config (enabled, version override, user values, timeout). */
    settings: AddonSettings;
    /** The pinned chart (key into modules/addons/versions.ts). */
    chart: ChartName;
    /** The namespace to create, or a namespace another add-on created (shared) to install into. */
    namespace: NamespaceArgs | { shared: Namespace; name: string };
    /** The platform's values for the chart, built by the add-on's pure values function. */
    values: Values;
    /** How long Helm may take, in seconds, when the user sets none. */
    defaultTimeoutSeconds: number;
    /** How the chart's CRDs stay current on upgrade. */
    crds: CrdStrategy;
    /** Helm release name. Default: the chart name. */
    releaseName?: string;
    /**
     * The specific resources this release needs first (another add-on's release whose CRDs or
     * webhooks it uses, an identity binding). Never a whole component.
     */
    needs?: pulumi.Input<pulumi.Resource>[];
    /**
     * Adopt objects the release renders that already exist in the cluster (Helm's
     * `--take-ownership`) instead of failing the install. Only for cluster-wide objects another
     * installer may have put there first, such as CRDs a chart used to install from its crds/ folder.
     * Default: false (an object the release did not create fails the install).
     */
    takeOwnership?: boolean;
}

/** Release inputs for an add-on: pure, so tests can inspect them without a graph. */
export function releaseArgs(args: HelmAddonArgs, namespace: pulumi.Input<string>) {
    const source = args.platform.chart(args.chart, args.settings.version);
    const scrape = args.platform.scraping?.valuesFor(args.chart) ?? {};
    return {
        name: args.releaseName ?? args.chart.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
        chart: source.chart,
        version: source.version,
        repositoryOpts: source.repositoryOpts,
        namespace,
        createNamespace: false,
        values: deepMerge(deepMerge(args.values, scrape), args.settings.values),
        atomic: true,
        cleanupOnFail: true,
        timeout: args.settings.timeoutSeconds ?? args.defaultTimeoutSeconds,
        maxHistory: 10,
        skipCrds: false,
        ...(args.takeOwnership ? { takeOwnership: true } : {}),
    };
}

export class HelmAddon extends pulumi.ComponentResource {
    /** The namespace the release lives in. */
    readonly namespace: Namespace;
    /** The namespace's name (known at plan time). */
    readonly namespaceName: string;
    /** The Helm release: what dependents that need this add-on's CRDs or webhooks depend on. */
    readonly release: Release;
    readonly crds: CrdStrategy;

    constructor(type: string, name: string, args: HelmAddonArgs, opts?: pulumi.ComponentResourceOptions) {
        super(type, name, {}, { ...opts, providers: { kubernetes: args.platform.cluster.provider } });
        const child = { parent: this };
        if ("shared" in args.namespace) {
            this.namespace = args.namespace.shared;
            this.namespaceName = args.namespace.name;
        } else {
            this.namespace = createNamespace(`${name}-namespace`, args.namespace, child);
            this.namespaceName = args.namespace.name;
        }
        this.crds = args.crds;
        const scraping = args.platform.scraping;
        const rendersMonitors = scraping !== undefined && Object.keys(scraping.valuesFor(args.chart)).length > 0;
        const needs = [...(args.needs ?? []), ...args.platform.cluster.nodesReady, ...(rendersMonitors ? [scraping.crds] : [])];
        this.release = new Release(`${name}-release`, releaseArgs(args, this.namespace.metadata.name), {
            ...child,
            dependsOn: needs,
        });
        args.platform.recordInstalled({ chart: args.chart, namespace: this.namespaceName, namespaceResource: this.namespace, release: this.release });
        this.registerOutputs({ namespace: this.namespace.metadata.name, release: this.release.status.name });
    }
}
