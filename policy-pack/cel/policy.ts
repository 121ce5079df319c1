/**
 * Turns a CEL rule into a CrossGuard ResourceValidationPolicy. The policy applies to the Pulumi types of the
 * rule's kinds (`kubernetes:<group>/<version>:<Kind>`, `core` for the core group).
 */
import type { PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy, UnknownValueError } from "@pulumi/policy";
import { CompiledRule, compileRule } from "./engine";
import { CelRule, ruleParams } from "./rule";

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * CrossGuard's UnknownValueError, from the one module that defines it: the package index would load the
 * whole Pulumi SDK, which the `policy check` CLI never needs.
 */
function isUnknownValueError(e: unknown): e is UnknownValueError {
    const { UnknownValueError: cls } = require("@pulumi/policy/proxy") as { UnknownValueError: new (...args: never[]) => UnknownValueError };
    return e instanceof cls;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Group and kind of a Pulumi Kubernetes type token, or undefined for other tokens. */
export function kubernetesKind(type: string): { group: string; version: string; kind: string } | undefined {
    const m = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) {
        return undefined;
    }
    return { group: m[1] === "core" ? "" : m[1], version: m[2], kind: m[3] };
}

/** Whether `rule` applies to objects of this group and kind. */
export function ruleMatches(rule: CelRule, group: string, kind: string): boolean {
    return rule.match.some((m) => m.apiGroups.includes(group) && m.kinds.includes(kind));
}

/** The CrossGuard configSchema of a rule: its parameters, with their defaults. */
export function configSchema(rule: CelRule): PolicyConfigSchema {
    const properties: PolicyConfigSchema["properties"] = {};
    for (const [key, spec] of Object.entries(ruleParams(rule))) {
        properties[key] = { ...spec.schema, default: spec.default } as PolicyConfigSchema["properties"][string];
    }
    return { properties };
}

/**
 * A plain copy of resource properties read through CrossGuard's unknown-checking proxy. Unknown values
 * (not known until `pulumi up`) are left out; the first one is returned so the caller can decide.
 */
export function plainProps(props: unknown): { value: unknown; unknown?: UnknownValueError } {
    let firstUnknown: UnknownValueError | undefined;
    const walk = (v: unknown): unknown => {
        if (v === null || typeof v !== "object") {
            return v;
        }
        const list = Array.isArray(v);
        const out: Record<string, unknown> | unknown[] = list ? [] : {};
        for (const key of Object.keys(v)) {
            try {
                const item = walk((v as Record<string, unknown>)[key]);
                if (list) {
                    (out as unknown[]).push(item);
                } else {
                    (out as Record<string, unknown>)[key] = item;
                }
            } catch (e) {
                if (!isUnknownValueError(e)) throw e;
                firstUnknown ??= e;
            }
        }
        return out;
    };
    const value = walk(props);
    return { value, unknown: firstUnknown };
}

/** The Kubernetes object for a resource's props (kind and apiVersion from the type when absent), once per props. */
const objects = new WeakMap<object, { object: Record<string, unknown>; unknown?: UnknownValueError }>();
function objectOf(props: Record<string, unknown>, kk: { group: string; version: string; kind: string }) {
    let entry = objects.get(props);
    if (entry === undefined) {
        const { value, unknown } = plainProps(props);
        const object = { ...(value as Record<string, unknown>) };
        object.kind ??= kk.kind;
        object.apiVersion ??= kk.group === "" ? kk.version : `${kk.group}/${kk.version}`;
        entry = { object, unknown };
        objects.set(props, entry);
    }
    return entry;
}

/**
 * Evaluates `compiled` on one CrossGuard resource: the messages of its violations. Unknown values at preview
 * are left out; if the rule then fails, the UnknownValueError is rethrown so CrossGuard reports that the rule
 * cannot run during preview (it runs again at `pulumi up` with every value known).
 */
export function evaluateResource(compiled: CompiledRule, args: ResourceValidationArgs): string[] {
    const kk = kubernetesKind(args.type);
    if (!kk || !ruleMatches(compiled.rule, kk.group, kk.kind)) {
        return [];
    }
    const { object, unknown } = objectOf(args.props, kk);
    const messages = compiled.evaluate(object, args.getConfig<Record<string, unknown>>());
    if (messages.length > 0 && unknown) {
        throw unknown;
    }
    return messages;
}

/** A policy's CEL rule, and the rule compiled (on first use). */
export interface CelOf {
    rule: CelRule;
    compiled: () => CompiledRule;
}

/** The CEL rule behind each resource policy made by celPolicy (the `policy check` CLI evaluates it directly). */
const celOf = new WeakMap<object, CelOf>();

/** The CEL rule of a resource policy made by {@link celPolicy}, or undefined for other policies. */
export function celRuleOf(policy: object): CelOf | undefined {
    return celOf.get(policy);
}

/** True when a rule reads `namespaceObject` (the object's Namespace, bound at admission). */
export function readsNamespace(rule: CelRule): boolean {
    return [...rule.variables.map((v) => v.expression), ...rule.checks.map((c) => c.expression)].some((e) => /\bnamespaceObject\b/.test(e));
}

/** The resource types a stack-form CEL rule reads: the Namespaces, and the kinds it matches. */
export function stackRuleReads(rule: CelRule): (type: string) => boolean {
    return (type) => {
        if (type === "kubernetes:core/v1:Namespace") {
            return true;
        }
        const kk = kubernetesKind(type);
        return kk !== undefined && ruleMatches(rule, kk.group, kk.kind);
    };
}

/**
 * The CrossGuard form of a rule that reads `namespaceObject`: a stack policy, since only the stack
 * holds the Namespace an object lands in. Each matching object is judged with the Namespace of the
 * same stack bound as `namespaceObject` (null when the stack does not create it: then the rule judges
 * nothing here, and admission judges it with the cluster's Namespace). An object whose rule fails
 * only because of a value unknown at preview is left for `pulumi up`. Compiled on first use.
 */
export function celStackPolicy(rule: CelRule): StackValidationPolicy {
    let compiledRule: CompiledRule | undefined;
    return {
        name: rule.name,
        description: `[${rule.id}] ${rule.description}`,
        enforcementLevel: rule.level,
        configSchema: configSchema(rule),
        validateStack: (args, reportViolation) => {
            const compiled = (compiledRule ??= compileRule(rule));
            const namespaces = new Map<string, unknown>();
            for (const r of args.resources) {
                if (r.type === "kubernetes:core/v1:Namespace") {
                    const { value } = plainProps(r.props);
                    const name = (value as { metadata?: { name?: unknown } }).metadata?.name;
                    if (typeof name === "string") {
                        namespaces.set(name, { apiVersion: "v1", kind: "Namespace", ...(value as object) });
                    }
                }
            }
            const params = args.getConfig<Record<string, unknown>>();
            for (const r of args.resources) {
                const kk = kubernetesKind(r.type);
                if (!kk || !ruleMatches(rule, kk.group, kk.kind)) {
                    continue;
                }
                const { object, unknown } = objectOf(r.props, kk);
                const ns = (object.metadata as { namespace?: unknown } | undefined)?.namespace;
                const messages = compiled.evaluate(object, params, typeof ns === "string" ? namespaces.get(ns) : undefined);
                if (unknown) {
                    continue;
                }
                for (const message of messages) {
                    reportViolation(message, r.urn);
                }
            }
        },
    };
}

/** The CrossGuard policy for a CEL rule: a stack policy when the rule reads the object's Namespace, else a resource policy. */
export function celPolicy(rule: CelRule): ResourceValidationPolicy | StackValidationPolicy {
    if (readsNamespace(rule)) {
        return celStackPolicy(rule);
    }
    return celResourcePolicy(rule);
}

/** The CrossGuard resource policy for a CEL rule that judges each object alone, compiled once, when first evaluated (so a check loads only the rules it runs). */
export function celResourcePolicy(rule: CelRule): ResourceValidationPolicy {
    let compiledRule: CompiledRule | undefined;
    const compiled = () => (compiledRule ??= compileRule(rule));
    const policy: ResourceValidationPolicy = {
        name: rule.name,
        description: `[${rule.id}] ${rule.description}`,
        enforcementLevel: rule.level,
        configSchema: configSchema(rule),
        validateResource: (args, reportViolation) => {
            for (const message of evaluateResource(compiled(), args)) {
                reportViolation(message);
            }
        },
    };
    celOf.set(policy, { rule, compiled });
    return policy;
}
