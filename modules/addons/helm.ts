/**
 * The one place a chart is installed. A `HelmAddon` is a component with a namespace (PSA-labelled)
 * and one `kubernetes:helm.sh/v3:Release` from a pinned chart, with the platform's values, the
 * chart's scrape switches, the workload identities it declares, then the user's `values` merged
 * last. Releases are atomic with cleanup on failure and a realistic timeout, so a failed install
 * rolls back instead of leaving half a release.
 *
 * Workload identity is part of the release (the release-plus-role model of the Terraform EKS add-ons
 * modules): a chart that needs cloud permissions declares them in `identities` with the values paths
 * its chart reads the service-account annotations and pod labels from; the base binds them through
 * the cluster's identity binder, writes them into the values and makes the release wait for them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { BoundIdentity, CloudPermissions } from "../cluster/contract";
import type { AddonSettings } from "../config";
import type { AddonContext } from "./context";
import type { NamespaceArgs } from "./namespace";
import { scrapeOffValues } from "./observability/metrics/scrape";
import type { TrafficProfile } from "./traffic";
import { deepMerge, setPath, Values } from "./values";
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

/**
 * Platform-wide metrics scraping, provided by the observability add-on once its monitoring CRDs
 * exist: a release given it merges its chart's scrape switches and waits for those CRDs.
 */
export interface Scraping {
    /** The resource that installs the monitoring.coreos.com CRDs. */
    crds: pulumi.Resource;
    /** The values that make a chart render its ServiceMonitor/PodMonitor (empty when it has none). */
    valuesFor(chart: ChartName): Values;
}

/** A cloud identity a chart's service account runs as, and where the chart reads it from its values. */
export interface ChartIdentityRequest {
    /** Short purpose name, used in cloud resource names (`external-dns`, `vault-unseal`). */
    name: string;
    /** The Kubernetes service account the chart creates: the trust is scoped to exactly it. */
    serviceAccount: string;
    /** The service account's namespace. Default: the release's. */
    namespace?: string;
    permissions: CloudPermissions;
    /** Values path of the service account's annotations (`serviceAccount.annotations`). */
    annotationsAt: string;
    /** Values path of the pods' labels (`podLabels`); the binder's labels are written there when there are any. */
    podLabelsAt: string;
    /** Parent of the binding's cloud resources. Default: the parent of the release's component. */
    parent?: pulumi.Resource;
}

export interface HelmAddonArgs {
    /** The installing add-on's context (config, cluster, mirrors, ledger). */
    context: AddonContext;
    /** The add-on's settings from config (enabled, version override, user values, timeout). */
    settings: AddonSettings;
    /** The pinned chart (key into modules/addons/versions.ts). */
    chart: ChartName;
    /** The namespace to create, or a namespace the add-on created (shared) to install into. */
    namespace: NamespaceArgs | { shared: Namespace; name: string };
    /** The platform's values for the chart, built by the add-on's pure values function. */
    values: Values;
    /** How long Helm may take, in seconds, when the user sets none. */
    defaultTimeoutSeconds: number;
    /** How the chart's CRDs stay current on upgrade. */
    crds: CrdStrategy;
    /** What the platform network policies must allow for the chart's workloads (default-deny otherwise). */
    traffic: TrafficProfile;
    /** Helm release name. Default: the chart name. */
    releaseName?: string;
    /**
     * The specific resources this release needs first (another add-on's release whose CRDs or
     * webhooks it uses, a Secret its values name). Never a whole component.
     */
    needs?: pulumi.Input<pulumi.Resource>[];
    /** Metrics scraping, when the observability add-on provides it: the chart's scrape switches are merged and the release waits for the monitoring CRDs. */
    scraping?: Scraping;
    /** Cloud identities the chart's service accounts run as. Default: none. */
    identities?: ChartIdentityRequest[];
    /** Namespaces the chart's workloads also run in (node agents placed in a privileged namespace). Default: none. */
    alsoRunsIn?: string[];
    /**
     * Values paths where the chart reads its pods' `priorityClassName` (`priorityClassName`,
     * `controller.priorityClassName`, ...): the platform's PriorityClass is written at each, so platform
     * pods preempt tenant workloads rather than the reverse, and the release waits for the class.
     * Default: none (the chart's pods get the cluster's default priority).
     */
    priorityClassAt?: readonly string[];
    /**
     * The release holds state (Vault's Raft data, Prometheus' and Thanos' metrics, logs): in prod its
     * release and the namespace it creates are protected, so `pulumi destroy` and a rename refuse to
     * delete them (docs/operations.md says how to remove them on purpose). Default: false.
     */
    stateful?: boolean;
    /**
     * Adopt objects the release renders that already exist in the cluster (Helm's
     * `--take-ownership`) instead of failing the install. Only for cluster-wide objects another
     * installer may have put there first, such as CRDs a chart used to install from its crds/ folder.
     * Default: false (an object the release did not create fails the install).
     */
    takeOwnership?: boolean;
    /**
     * Pulumi never uninstalls the release: removing it from the program (or destroying the stack)
     * leaves it, and everything it rendered, in the cluster. Only for releases that hold nothing but
     * CRDs other releases' objects live on (a Helm uninstall would delete every one of those objects).
     * Default: false.
     */
    keepOnDelete?: boolean;
}

/** The component type of a chart's release: `platform:<area>:<Chart>Release`. */
export function releaseType(area: string, chart: ChartName): string {
    return `platform:${area}:${chart[0].toUpperCase()}${chart.slice(1)}Release`;
}

/**
 * Component types releases had before the one-scheme naming, kept as aliases so `pulumi up` adopts
 * the existing components (and everything under them) instead of replacing them.
 */
const legacyReleaseTypes: Partial<Record<ChartName, string>> = {
    ingressNginx: "platform:ingress:IngressNginx",
    contour: "platform:ingress:Contour",
    snapshotController: "platform:storage:SnapshotController",
    fluentBit: "platform:observability:FluentBit",
    fluentd: "platform:observability:Fluentd",
    prometheusOperatorCrds: "platform:observability:PrometheusOperatorCrds",
    kubePrometheusStack: "platform:observability:KubePrometheusStack",
    thanos: "platform:observability:Thanos",
    otelCollector: "platform:observability:OtelCollector",
    jaeger: "platform:observability:Jaeger",
    certManager: "platform:security:Chart",
    vault: "platform:security:Chart",
    gatekeeper: "platform:security:Chart",
    falco: "platform:security:Chart",
    dex: "platform:security:Chart",
    pinniped: "platform:security:Chart",
    rbacManager: "platform:security:Chart",
};

/** The identities' annotations and pod labels written at the paths their chart reads them from. */
export function identityValues(requests: readonly ChartIdentityRequest[], bound: readonly BoundIdentity[]): Values {
    let values: Values = {};
    requests.forEach((request, i) => {
        values = setPath(values, request.annotationsAt, bound[i].serviceAccountAnnotations);
        if (Object.keys(bound[i].podLabels).length > 0) {
            values = setPath(values, request.podLabelsAt, bound[i].podLabels);
        }
    });
    return values;
}

/** The platform's PriorityClass name at each values path the chart reads it from. */
export function priorityValues(paths: readonly string[], className: string): Values {
    return paths.reduce<Values>((values, path) => setPath(values, path, className), {});
}

/** `values` with every image of the chart sent through the air-gap registry, when one is set (modules/addons/images/). */
function withAirgapImages(args: HelmAddonArgs, version: string, values: Values): Values {
    return deepMerge(values, args.context.airgapValues(args.chart, version, values));
}

/** Release inputs for an add-on: pure, so tests can inspect them without a graph. */
export function releaseArgs(args: HelmAddonArgs, namespace: pulumi.Input<string>, identities: Values = {}) {
    const source = args.context.chart(args.chart, args.settings.version);
    const scrape = args.scraping?.valuesFor(args.chart) ?? {};
    // Without the monitoring CRDs, the chart's scrape switches start explicitly off (under the add-on's values).
    const base = args.scraping ? args.values : deepMerge(scrapeOffValues(args.chart), args.values);
    const priority = args.context.priorityClass ? priorityValues(args.priorityClassAt ?? [], args.context.priorityClass.name) : {};
    return {
        name: args.releaseName ?? args.chart.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
        chart: source.chart,
        version: source.version,
        repositoryOpts: source.repositoryOpts,
        ...(source.description ? { description: source.description } : {}),
        namespace,
        createNamespace: false,
        values: withAirgapImages(args, source.version, deepMerge(deepMerge(deepMerge(deepMerge(base, priority), identities), scrape), args.settings.values)),
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
    /** The bound identities, by request name. */
    readonly identities: Readonly<Record<string, BoundIdentity>>;

    constructor(name: string, args: HelmAddonArgs, opts?: pulumi.ComponentResourceOptions) {
        const { context } = args;
        const legacy = legacyReleaseTypes[args.chart];
        super(
            releaseType(context.addon.area, args.chart),
            name,
            {},
            {
                ...opts,
                providers: { kubernetes: context.cluster.provider },
                aliases: [...(opts?.aliases ?? []), ...(legacy ? [{ type: legacy }] : [])],
            },
        );
        const child = { parent: this };
        const keep = args.stateful ? { protect: context.protect } : {};
        if ("shared" in args.namespace) {
            this.namespace = args.namespace.shared;
            this.namespaceName = args.namespace.name;
        } else {
            this.namespace = context.namespace(`${name}-namespace`, args.namespace, { ...child, ...keep });
            this.namespaceName = args.namespace.name;
        }
        this.crds = args.crds;
        const requests = args.identities ?? [];
        const bound = requests.map((r) =>
            context.cluster.identity.bind(
                { name: r.name, namespace: r.namespace ?? this.namespaceName, serviceAccount: r.serviceAccount, permissions: r.permissions },
                { parent: r.parent ?? opts?.parent },
            ),
        );
        this.identities = Object.fromEntries(requests.map((r, i) => [r.name, bound[i]]));
        const scraping = args.scraping;
        const rendersMonitors = scraping !== undefined && Object.keys(scraping.valuesFor(args.chart)).length > 0;
        const priority = args.priorityClassAt && args.priorityClassAt.length > 0 && context.priorityClass ? [context.priorityClass.resource] : [];
        const needs = [
            ...(args.needs ?? []),
            ...bound.flatMap((b) => b.resources),
            ...context.cluster.nodesReady,
            ...(rendersMonitors ? [scraping.crds] : []),
            ...priority,
        ];
        this.release = new Release(`${name}-release`, releaseArgs(args, this.namespace.metadata.name, identityValues(requests, bound)), {
            ...child,
            ...keep,
            ...(args.keepOnDelete ? { retainOnDelete: true } : {}),
            dependsOn: needs,
        });
        context.ledger.releases.push({
            chart: args.chart,
            namespaces: [this.namespaceName, ...(args.alsoRunsIn ?? [])],
            release: this.release,
            traffic: args.traffic,
        });
        this.registerOutputs({ namespace: this.namespace.metadata.name, release: this.release.status.name });
    }
}
