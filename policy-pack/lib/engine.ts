/**
 * Runs the pack's policies over resources the way the Pulumi engine does for CrossGuard: the
 * enforcement level comes from the per-environment config, else the policy, else the pack default;
 * `getConfig()` applies the defaults of the policy's configSchema; a validation that calls
 * `notApplicable` is skipped; unknown (apply-time) values arrive as `undefined`.
 * Shared by the offline plan, the tests and the `policy check` CLI. It imports nothing of the program, and
 * only types of @pulumi/policy (loading the Pulumi SDK costs the CLI a second).
 */
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { celRuleOf, kubernetesKind, ruleMatches } from "../cel/policy";

export type PlatformPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** One resource as a policy sees it. */
export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    props: Record<string, unknown>;
    protect?: boolean;
    /** Parent URN. */
    parent?: string;
    /** URNs this resource depends on. */
    dependencies?: string[];
}

export interface Violation {
    policy: string;
    level: "mandatory" | "advisory";
    /** The resource's URN; the stack's for stack-wide policies without a resource. */
    urn: string;
    type?: string;
    name?: string;
    message: string;
}

/** Per-environment pack config, as `--policy-pack-config` takes it. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/** The level a policy runs at under `config`. */
export function levelOf(policy: PlatformPolicy, config: PackConfig, packDefault: EnforcementLevel = "advisory"): EnforcementLevel {
    const entry = config[policy.name] ?? config.all;
    const configured = typeof entry === "string" ? entry : entry?.enforcementLevel;
    return configured ?? policy.enforcementLevel ?? packDefault;
}

/** The policy's parameters: configSchema defaults, overridden by the pack config. */
export function configOf(policy: PlatformPolicy, config: PackConfig): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    const schema: PolicyConfigSchema | undefined = policy.configSchema;
    for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
        if (prop && typeof prop === "object" && "default" in prop) {
            defaults[key] = (prop as { default: unknown }).default;
        }
    }
    const entry = config[policy.name];
    const given = typeof entry === "object" && entry !== null ? { ...entry } : {};
    delete (given as { enforcementLevel?: unknown }).enforcementLevel;
    return { ...defaults, ...given };
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

function typeOf(resourceClass: unknown): string | undefined {
    const t = (resourceClass as { __pulumiType?: unknown })?.__pulumiType;
    return typeof t === "string" ? t : undefined;
}

function policyResource(r: EngineResource, byUrn: Map<string, EngineResource>, cache: Map<string, PolicyResource>): PolicyResource {
    const cached = cache.get(r.urn);
    if (cached) {
        return cached;
    }
    const resource: PolicyResource = {
        type: r.type,
        props: r.props,
        urn: r.urn,
        name: r.name,
        opts: {
            protect: r.protect ?? false,
            ignoreChanges: [],
            aliases: [],
            additionalSecretOutputs: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        },
        dependencies: [],
        propertyDependencies: {},
        isType: (cls) => typeOf(cls) === r.type,
        asType: (cls) => (typeOf(cls) === r.type ? (r.props as never) : undefined),
    };
    cache.set(r.urn, resource);
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent) {
        resource.parent = policyResource(parent, byUrn, cache);
    }
    resource.dependencies = (r.dependencies ?? []).flatMap((u) => {
        const d = byUrn.get(u);
        return d ? [policyResource(d, byUrn, cache)] : [];
    });
    return resource;
}

export interface RunOptions {
    /** Per-environment pack config (enforcement levels, parameters). */
    config?: PackConfig;
    /** The pack's default level for policies that set none. */
    packDefault?: EnforcementLevel;
    /** The stack's URN, for stack policies that report without a resource. */
    stackUrn?: string;
}

/** Runs every policy over every resource; returns violations of policies that are not disabled. */
export async function runPolicies(policies: readonly PlatformPolicy[], resources: readonly EngineResource[], options: RunOptions = {}): Promise<Violation[]> {
    const config = options.config ?? {};
    const violations: Violation[] = [];
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const cache = new Map<string, PolicyResource>();
    const stackTags = new Map<string, string>();
    for (const policy of policies) {
        const level = levelOf(policy, config, options.packDefault);
        if (level === "disabled") {
            continue;
        }
        const reported: "mandatory" | "advisory" = level === "advisory" ? "advisory" : "mandatory";
        const params = configOf(policy, config);
        const getConfig = <T extends object>() => params as T;
        if ("validateResource" in policy && policy.validateResource) {
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            for (const r of resources) {
                const report: ReportViolation = (message, urn) =>
                    violations.push({ policy: policy.name, level: reported, urn: urn ?? r.urn, type: r.type, name: r.name, message });
                const pr = policyResource(r, byUrn, cache);
                const args: ResourceValidationArgs = {
                    type: r.type,
                    props: r.props,
                    urn: r.urn,
                    name: r.name,
                    opts: pr.opts,
                    stackTags,
                    isType: pr.isType,
                    asType: pr.asType as ResourceValidationArgs["asType"],
                    getConfig,
                    notApplicable,
                };
                for (const validate of validations) {
                    const only = typeOf(validate);
                    if (only && only !== r.type) {
                        continue;
                    }
                    try {
                        await validate(args, report);
                    } catch (e) {
                        if (!(e instanceof NotApplicable)) {
                            throw e;
                        }
                    }
                }
            }
        }
        if ("validateStack" in policy && policy.validateStack) {
            const all = resources.map((r) => policyResource(r, byUrn, cache));
            const report: ReportViolation = (message, urn) => {
                const r = urn ? byUrn.get(urn) : undefined;
                violations.push({ policy: policy.name, level: reported, urn: urn ?? options.stackUrn ?? "", type: r?.type, name: r?.name, message });
            };
            const args: StackValidationArgs = { resources: all, stackTags, getConfig, notApplicable };
            try {
                await policy.validateStack(args, report);
            } catch (e) {
                if (!(e instanceof NotApplicable)) {
                    throw e;
                }
            }
        }
    }
    return violations;
}

/** Checks resources one at a time (memory stays flat however many there are); see {@link createChecker}. */
export interface Checker {
    /** The violations of every resource policy for one resource. */
    check(resource: EngineResource): Violation[] | Promise<Violation[]>;
    /** The violations of the stack policies, over the resources they read (kept from `check`). */
    finish(): Promise<Violation[]>;
    /** Whether resources of this type are kept for a stack policy (their violations come from `finish`). */
    retains(type: string): boolean;
}

export interface CheckerOptions extends RunOptions {
    /**
     * For a stack policy, the resource types it reads; resources of other types are not kept for it.
     * A stack policy without an entry keeps every resource (its memory then grows with the input).
     */
    stackInputs?: Readonly<Record<string, (type: string) => boolean>>;
}

/**
 * The engine of {@link runPolicies}, one resource at a time, for the `policy check` CLI: the same levels,
 * parameters and notApplicable handling; CEL rules are evaluated directly on the object (its kind and
 * apiVersion are in its props); stack policies run at the end over the resources they read.
 */
export function createChecker(policies: readonly PlatformPolicy[], options: CheckerOptions = {}): Checker {
    const config = options.config ?? {};
    const stackTags = new Map<string, string>();
    interface Active {
        policy: PlatformPolicy;
        level: "mandatory" | "advisory";
        params: Record<string, unknown>;
        getConfig: <T extends object>() => T;
    }
    const active: Active[] = policies.flatMap((policy) => {
        const level = levelOf(policy, config, options.packDefault);
        if (level === "disabled") {
            return [];
        }
        const params = configOf(policy, config);
        return [
            { policy, level: level === "advisory" ? ("advisory" as const) : ("mandatory" as const), params, getConfig: <T extends object>() => params as T },
        ];
    });
    const cel = active.flatMap((a) => {
        const of = celRuleOf(a.policy);
        return of ? [{ ...a, rule: of.rule, compiled: of.compiled }] : [];
    });
    const plain = active.filter((a) => !celRuleOf(a.policy) && "validateResource" in a.policy && a.policy.validateResource);
    const stack = active.filter((a) => "validateStack" in a.policy && a.policy.validateStack);
    const kept: EngineResource[] = [];
    const keeps = stack.map((a) => options.stackInputs?.[a.policy.name] ?? (() => true));
    // The validations of non-CEL policies that may apply to a type (one declaring another type never does).
    const plainByType = new Map<string, { active: Active; validate: ResourceValidation }[]>();
    const plainFor = (type: string) => {
        let list = plainByType.get(type);
        if (!list) {
            list = plain.flatMap((a) => {
                const v = (a.policy as ResourceValidationPolicy).validateResource!;
                return (Array.isArray(v) ? v : [v])
                    .filter((validate) => !typeOf(validate) || typeOf(validate) === type)
                    .map((validate) => ({ active: a, validate }));
            });
            plainByType.set(type, list);
        }
        return list;
    };
    const celByType = new Map<string, typeof cel>();
    const celFor = (type: string) => {
        let list = celByType.get(type);
        if (!list) {
            const kk = kubernetesKind(type);
            list = kk ? cel.filter((c) => ruleMatches(c.rule, kk.group, kk.kind)) : [];
            celByType.set(type, list);
        }
        return list;
    };

    return {
        retains: (type) => keeps.some((keep) => keep(type)),
        check(r) {
            const violations: Violation[] = [];
            for (const c of celFor(r.type)) {
                for (const message of c.compiled().evaluate(r.props, c.params)) {
                    violations.push({ policy: c.policy.name, level: c.level, urn: r.urn, type: r.type, name: r.name, message });
                }
            }
            if (keeps.some((keep) => keep(r.type))) {
                kept.push(r);
            }
            const applicable = plainFor(r.type);
            if (applicable.length === 0) {
                return violations;
            }
            const pr = policyResource(r, new Map(), new Map());
            const pending: Promise<unknown>[] = [];
            for (const { active: a, validate } of applicable) {
                const report: ReportViolation = (message, urn) =>
                    violations.push({ policy: a.policy.name, level: a.level, urn: urn ?? r.urn, type: r.type, name: r.name, message });
                const args: ResourceValidationArgs = {
                    type: r.type,
                    props: r.props,
                    urn: r.urn,
                    name: r.name,
                    opts: pr.opts,
                    stackTags,
                    isType: pr.isType,
                    asType: pr.asType as ResourceValidationArgs["asType"],
                    getConfig: a.getConfig,
                    notApplicable,
                };
                try {
                    const out = validate(args, report) as unknown;
                    if (out instanceof Promise) {
                        pending.push(
                            out.catch((e: unknown) => {
                                if (!(e instanceof NotApplicable)) throw e;
                            }),
                        );
                    }
                } catch (e) {
                    if (!(e instanceof NotApplicable)) {
                        throw e;
                    }
                }
            }
            return pending.length === 0 ? violations : Promise.all(pending).then(() => violations);
        },
        async finish() {
            const violations: Violation[] = [];
            for (const [i, a] of stack.entries()) {
                const resources = kept.filter((r) => keeps[i](r.type));
                violations.push(
                    ...(await runPolicies([a.policy], resources, {
                        ...options,
                        config: { ...config, [a.policy.name]: { enforcementLevel: a.level, ...a.params } },
                    })),
                );
            }
            return violations;
        },
    };
}
