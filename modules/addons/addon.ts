/**
 * The add-on contract. An add-on is one module that exports one `defineAddon(...)` definition:
 * - what it is: an id, the area its components are typed under, the config key that switches it on;
 * - what it needs: other add-ons' definitions (typed references, so a wrong wiring does not compile),
 *   each required or optional, and the cluster capabilities it uses;
 * - where it lives: the namespaces it will use, known from config alone (so tenancy, admission
 *   exemptions, network policies and Falco's rules see every platform namespace before anything is
 *   installed);
 * - `install`: creates its resources and returns what it provides to the add-ons that need it.
 *
 * The runner (runner.ts) orders the definitions from their needs, installs them, and hands every
 * consumer (network policies, tenancy, admission) one immutable `InstalledPlatform`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterProfile } from "../cluster/capabilities";
import type { ClusterCapability } from "../cluster/contract";
import type { ConfigIssue, PlatformConfig } from "../config";
import type { AddonContext } from "./context";
import type { PodSecurityLevel } from "./namespace";

/** The area an add-on's components are typed under: `platform:<area>:<Name>`. */
export type Area = "storage" | "ingress" | "dns" | "observability" | "security";

/** A namespace an add-on will create or install into. */
export interface NamespaceDeclaration {
    name: string;
    /** Pod Security level enforced on it (only node agents get `privileged`). */
    podSecurity: PodSecurityLevel;
}

/** A dependency on another add-on: `requires` (it must be enabled) or `uses` (when it is). */
export interface Need<D extends AnyAddon = AnyAddon, Required extends boolean = boolean> {
    readonly addon: D;
    readonly required: Required;
    /** Why it is required (the start of the error when it is disabled). */
    readonly reason?: string;
}

/** The add-on must be installed first, and must be enabled (the plan fails naming both config keys otherwise). */
export function requires<D extends AnyAddon>(addon: D, reason: string): Need<D, true> {
    return { addon, required: true, reason };
}

/** The add-on is installed first when it is enabled; `install` gets `undefined` when it is not. */
export function uses<D extends AnyAddon>(addon: D): Need<D, false> {
    return { addon, required: false };
}

export type Needs = Readonly<Record<string, Need>>;

/** What an add-on definition provides to the add-ons that need it. */
export type Provided<D> = D extends AddonDefinition<string, Needs, infer P> ? P : never;

/** The `install` argument for a set of needs: required ones present, optional ones possibly undefined. */
export type Resolved<N extends Needs> = {
    readonly [K in keyof N]: N[K] extends Need<infer D, true> ? Provided<D> : Provided<N[K]["addon"]> | undefined;
};

/** A cluster capability an add-on uses, and the config key that asked for it (named when the cluster lacks it). */
export interface CapabilityRequirement {
    capability: ClusterCapability;
    /** The config key path to name in the error. */
    path: string;
    /** Why the add-on needs it and what to do instead. */
    message: string;
}

export interface AddonDefinition<Id extends string, N extends Needs, P> {
    /** Unique id; also the key of its stack outputs' owner and of the graph in docs/architecture.md. */
    readonly id: Id;
    /** The area its components are typed under. */
    readonly area: Area;
    /** The config key that switches it on (named in errors): `security.vault`. */
    readonly configPath: string;
    /** One line: what it installs. */
    readonly description: string;
    /** Whether the stack installs it. */
    enabled(config: PlatformConfig): boolean;
    /** The add-ons whose outputs it takes (installed before it). */
    readonly needs: N;
    /**
     * The cluster capabilities this stack's settings make it use (an object store, a KMS, a DNS
     * service). Checked against the cluster before any add-on is installed.
     */
    capabilities?(config: PlatformConfig): CapabilityRequirement[];
    /**
     * Problems only visible with the kind of cluster (its cloud's services judge the settings), checked
     * with the capabilities before anything is installed.
     */
    issues?(config: PlatformConfig, cluster: ClusterProfile): ConfigIssue[];
    /**
     * Every namespace it uses with these settings, from config alone; for a disabled add-on, the ones
     * it would use once enabled. Tenants may never take one, enabled or not.
     */
    namespaces(config: PlatformConfig): NamespaceDeclaration[];
    /** Creates its resources (all children of components it creates) and returns what it provides. */
    install(ctx: AddonContext, needs: Resolved<N>): P;
    /**
     * Its part of the stack outputs, deep-merged into `addons` (`{ security: { vault: {...} } }`).
     * `provided` is undefined when the add-on is disabled (an add-on may still report that).
     */
    outputs?(provided: P | undefined, config: PlatformConfig): Record<string, pulumi.Input<unknown>>;
}

/** Any add-on definition (its methods are bivariant, so every definition is one). */
export type AnyAddon = AddonDefinition<string, Needs, unknown>;

/** Declares an add-on (an identity function that fixes the definition's types). */
export function defineAddon<Id extends string, N extends Needs, P>(definition: AddonDefinition<Id, N, P>): AddonDefinition<Id, N, P> {
    return definition;
}
