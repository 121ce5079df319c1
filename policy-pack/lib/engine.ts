/**
 * Runs the pack's policies over resources the way the Pulumi engine does for CrossGuard: the
 * enforcement level comes from the per-environment config, else the policy, else the pack default;
 * `getConfig()` applies the defaults of the policy's configSchema; a validation that calls
 * `notApplicable` is skipped; unknown (apply-time) values arrive as `undefined`.
 * Shared by the offline plan, the tests and the `policy check` CLI. It imports nothing of the program.
 */
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

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
        opts: { protect: r.protect ?? false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
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
