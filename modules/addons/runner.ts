/**
 * The add-on runner. `planAddons` reads the definitions and the config alone: which add-ons the
 * stack enables, in which order (every add-on after the ones it needs), every namespace they will
 * use, and every problem (a required add-on disabled, a cluster capability the cloud lacks, an
 * option only the cloud can judge), reported together before anything is created. `installAddons`
 * then installs them in that order and returns an immutable `InstalledPlatform`: what each add-on
 * provides, the namespaces and releases it created. Admission control, the platform network policies
 * and tenancy consume that description; nothing reads a half-built platform.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import { clusterProfile } from "../cluster/capabilities";
import type { ClusterHandle } from "../cluster/contract";
import { ConfigError, ConfigIssue, PlatformConfig } from "../config";
import type { AnyAddon, Area, NamespaceDeclaration, Provided } from "./addon";
import { AddonContext, NamespaceRecord, ReleaseRecord } from "./context";
import { createPriorityClass, platformPriorityClass } from "./priority";
import { systemNamespaces } from "./namespace";
import type { TrafficProfile } from "./traffic";
import { deepMerge } from "./values";
import type { ChartName } from "./versions";

/** What the runner decided from config alone. */
export interface AddonPlan {
    /** Every add-on of the catalogue, enabled or not (disabled ones still report their outputs). */
    readonly catalogue: readonly AnyAddon[];
    /** The enabled add-ons, each after every add-on it needs. */
    readonly order: readonly AnyAddon[];
    /** Every namespace the enabled add-ons will use, by name. */
    readonly namespaces: ReadonlyMap<string, NamespaceDeclaration & { addon: string }>;
}

/** The enabled add-ons in install order: needs first, otherwise catalogue order. Throws on a cycle (a programming error). */
export function installOrder(enabled: readonly AnyAddon[]): AnyAddon[] {
    const order: AnyAddon[] = [];
    const state = new Map<AnyAddon, "visiting" | "done">();
    const visit = (addon: AnyAddon, path: string[]) => {
        const seen = state.get(addon);
        if (seen === "done") {
            return;
        }
        if (seen === "visiting") {
            throw new Error(`add-on dependency cycle: ${[...path, addon.id].join(" -> ")}`);
        }
        state.set(addon, "visiting");
        for (const need of Object.values(addon.needs)) {
            if (enabled.includes(need.addon)) {
                visit(need.addon, [...path, addon.id]);
            }
        }
        state.set(addon, "done");
        order.push(addon);
    };
    enabled.forEach((addon) => visit(addon, []));
    return order;
}

/** Every problem that stops the plan before anything is created (empty when none). */
export function addonIssues(catalogue: readonly AnyAddon[], enabled: readonly AnyAddon[], config: PlatformConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const profile = clusterProfile(config.cluster.cloud);
    for (const addon of enabled) {
        for (const need of Object.values(addon.needs)) {
            if (need.required && !enabled.includes(need.addon)) {
                const listed = catalogue.includes(need.addon) ? "" : " (it is not in the add-on list)";
                issues.push({
                    path: addon.configPath,
                    message: `${need.reason ?? `needs ${need.addon.description}`}: enable ${need.addon.configPath}${listed}, or disable this add-on`,
                });
            }
        }
        for (const requirement of addon.capabilities?.(config) ?? []) {
            if (!profile.capabilities.includes(requirement.capability)) {
                issues.push({ path: requirement.path, message: requirement.message });
            }
        }
        issues.push(...(addon.issues?.(config, profile) ?? []));
    }
    return issues;
}

/** Every namespace the enabled add-ons will use, with its owner; two add-ons claiming one are reported. */
function declaredNamespaces(
    enabled: readonly AnyAddon[],
    config: PlatformConfig,
    issues: ConfigIssue[],
): Map<string, NamespaceDeclaration & { addon: string }> {
    const namespaces = new Map<string, NamespaceDeclaration & { addon: string }>();
    for (const addon of enabled) {
        for (const ns of addon.namespaces(config)) {
            const owner = namespaces.get(ns.name);
            if (owner && owner.addon !== addon.id) {
                issues.push({ path: addon.configPath, message: `namespace '${ns.name}' is also ${owner.addon}'s; give one of them another namespace` });
            }
            namespaces.set(ns.name, { ...ns, addon: addon.id });
        }
    }
    return namespaces;
}

/** Every namespace any add-on of `catalogue` uses or would use once enabled, with its add-on: no tenant may take one. */
export function reservedNamespaces(catalogue: readonly AnyAddon[], config: PlatformConfig): Map<string, string> {
    return new Map(catalogue.flatMap((addon) => addon.namespaces(config).map((ns) => [ns.name, addon.id] as const)));
}

/** The add-ons of `catalogue` a config enables, the namespaces they use, and every problem with them (empty when none). Pure. */
export function addonPlanIssues(
    catalogue: readonly AnyAddon[],
    config: PlatformConfig,
): { issues: ConfigIssue[]; enabled: AnyAddon[]; namespaces: Map<string, NamespaceDeclaration & { addon: string }> } {
    const enabled = catalogue.filter((addon) => addon.enabled(config));
    const issues = addonIssues(catalogue, enabled, config);
    const namespaces = declaredNamespaces(enabled, config, issues);
    return { issues, enabled, namespaces };
}

/**
 * Plans the add-ons of `catalogue` for a config: enabled ones in install order, their namespaces,
 * and every problem at once as a ConfigError. Pure: nothing is registered.
 */
export function planAddons(
    catalogue: readonly AnyAddon[],
    config: PlatformConfig,
    /** Namespaces of the platform installed after the add-ons (admission control), owner and declarations. */
    after: { owner: string; namespaces: readonly NamespaceDeclaration[] } = { owner: "admission", namespaces: [] },
): AddonPlan {
    const { issues, enabled, namespaces } = addonPlanIssues(catalogue, config);
    if (issues.length > 0) {
        throw new ConfigError(issues);
    }
    for (const ns of after.namespaces) {
        namespaces.set(ns.name, { ...ns, addon: after.owner });
    }
    return { catalogue, order: installOrder(enabled), namespaces };
}

/** One installed add-on: what it created, frozen. */
export interface InstalledAddon {
    readonly id: string;
    readonly area: Area;
    readonly namespaces: readonly NamespaceRecord[];
    readonly releases: readonly ReleaseRecord[];
}

/** A platform namespace and what runs in it. */
export interface PlatformNamespace {
    readonly name: string;
    /** The Namespace resource (objects placed in it depend on it). */
    readonly resource: pulumi.Resource;
    /** The charts whose workloads run in it. */
    readonly charts: readonly ChartName[];
    /** Their traffic profiles, in install order. */
    readonly traffic: readonly TrafficProfile[];
}

/** What the add-ons installed: the one description admission, network policies and tenancy read. */
export class InstalledPlatform {
    constructor(
        /** Installed add-ons, in install order. */
        readonly addons: readonly InstalledAddon[],
        private readonly provided: ReadonlyMap<AnyAddon, unknown>,
        /** Every namespace the platform's add-ons use (declared from config, before installation). */
        readonly declaredNamespaces: readonly string[],
        /** The platform's PriorityClass, for what is installed after the add-ons (admission control). */
        readonly priorityClass?: { name: string; resource: pulumi.Resource },
    ) {}

    /** What an installed add-on provides, or undefined when the stack does not install it. */
    get<D extends AnyAddon>(addon: D): Provided<D> | undefined {
        return this.provided.get(addon) as Provided<D> | undefined;
    }

    /** True when the stack installs `addon`. */
    has(addon: AnyAddon): boolean {
        return this.provided.has(addon);
    }

    /** Every release, in install order. */
    get releases(): Release[] {
        return this.addons.flatMap((a) => a.releases.map((r) => r.release));
    }

    /** The namespace of the first release of any of `charts`. */
    namespaceOfChart(charts: readonly ChartName[]): string | undefined {
        return this.addons.flatMap((a) => a.releases).find((r) => charts.includes(r.chart))?.namespaces[0];
    }

    /** Platform namespaces (never Kubernetes' own) with the charts running in each, in install order. */
    get namespaces(): PlatformNamespace[] {
        const resources = new Map(this.addons.flatMap((a) => a.namespaces).map((n) => [n.name, n.resource] as const));
        const byName = new Map<string, { charts: ChartName[]; traffic: TrafficProfile[] }>();
        for (const r of this.addons.flatMap((a) => a.releases)) {
            for (const ns of r.namespaces) {
                if ((systemNamespaces as readonly string[]).includes(ns)) {
                    continue;
                }
                const entry = byName.get(ns) ?? { charts: [], traffic: [] };
                entry.charts.push(r.chart);
                entry.traffic.push(r.traffic);
                byName.set(ns, entry);
            }
        }
        return [...byName].map(([name, e]) => ({ name, resource: resources.get(name) as pulumi.Resource, charts: e.charts, traffic: e.traffic }));
    }

    /** This description with one more installed add-on (admission control, installed after the rest). */
    including(addon: InstalledAddon): InstalledPlatform {
        return new InstalledPlatform([...this.addons, addon], this.provided, this.declaredNamespaces, this.priorityClass);
    }
}

/** Installs the planned add-ons in order on `cluster`, after the platform's PriorityClass. */
export function installAddons(plan: AddonPlan, config: PlatformConfig, cluster: ClusterHandle): InstalledPlatform {
    const provided = new Map<AnyAddon, unknown>();
    const installed: InstalledAddon[] = [];
    const priorityClass = { name: platformPriorityClass.name, resource: createPriorityClass(cluster.provider) };
    for (const addon of plan.order) {
        const context = new AddonContext(config, cluster, { id: addon.id, area: addon.area }, [...plan.namespaces.keys()], priorityClass);
        const needs = Object.fromEntries(Object.entries(addon.needs).map(([key, need]) => [key, provided.get(need.addon)]));
        provided.set(addon, addon.install(context, needs));
        installed.push(frozen(addon, context));
    }
    return new InstalledPlatform(installed, provided, [...plan.namespaces.keys()], priorityClass);
}

/** The add-on's ledger as an immutable record. */
export function frozen(addon: { id: string; area: Area }, context: AddonContext): InstalledAddon {
    return Object.freeze({
        id: addon.id,
        area: addon.area,
        namespaces: Object.freeze([...context.ledger.namespaces]),
        releases: Object.freeze([...context.ledger.releases]),
    });
}

/** Every add-on's part of the stack outputs, merged (disabled add-ons report too). */
export function addonOutputs(plan: AddonPlan, platform: InstalledPlatform, config: PlatformConfig): Record<string, pulumi.Input<unknown>> {
    let out: Record<string, pulumi.Input<unknown>> = {};
    for (const addon of plan.catalogue) {
        const part = addon.outputs?.(platform.get(addon), config);
        if (part) {
            out = deepMerge(out, part) as Record<string, pulumi.Input<unknown>>;
        }
    }
    return out;
}
