/**
 * Evaluates CEL rules in CrossGuard (and in the CLI). The reference interpreter is @bufbuild/cel: each
 * expression is parsed and planned once per rule, loaded only when first needed. In front of it runs the
 * fast evaluator (./fast.ts) for the expressions it compiles; any evaluation it cannot vouch for (an error,
 * a value it does not model exactly) is handed to the reference, so both always give the same answer.
 */
import type * as Cel from "@bufbuild/cel";
import type * as CelExt from "@bufbuild/cel/ext";
import type { CelResult } from "@bufbuild/cel";
import { compileFast, FastProgram, Unsupported } from "./fast";
import { CelRule, CelValidation, CelVariable, effectiveValidations, effectiveVariables, paramDefaults } from "./rule";

/* eslint-disable @typescript-eslint/no-require-imports */
let celLib: (typeof Cel & { env: ReturnType<typeof Cel.celEnv> }) | undefined;
/** @bufbuild/cel, loaded on first use (it takes a few hundred milliseconds to load). */
function cel(): typeof Cel & { env: ReturnType<typeof Cel.celEnv> } {
    if (!celLib) {
        const lib = require("@bufbuild/cel") as typeof Cel;
        const { strings } = require("@bufbuild/cel/ext") as typeof CelExt;
        celLib = { ...lib, env: lib.celEnv({ funcs: strings }) };
    }
    return celLib;
}
/* eslint-enable @typescript-eslint/no-require-imports */

type Planned = (bindings: Record<string, unknown>) => CelResult;

/** A rule ready to evaluate objects; build it once with {@link compileRule}. */
export interface CompiledRule {
    readonly rule: CelRule;
    /** Messages of the failed checks for `object` under `params` (defaults fill missing keys); [] when it complies. */
    evaluate(object: unknown, params?: Record<string, unknown>, namespaceObject?: unknown): string[];
}

/** Thrown when a rule's CEL does not compile: a bug in the rule, reported with the rule and expression. */
export class CelCompileError extends Error {}

function compile(ruleName: string, what: string, expression: string): Planned {
    const { plan, parse, env } = cel();
    try {
        const planned = plan(env, parse(expression));
        return (bindings) => planned(bindings as never);
    } catch (e) {
        throw new CelCompileError(`${ruleName}: ${what} does not compile: ${(e as Error).message}\n  ${expression}`);
    }
}

/**
 * Converts a JSON-like value to what CEL sees in Kubernetes: integral numbers become `int` (bigint), as
 * the API server decodes them; objects and arrays become CEL maps and lists, converted once, deeply (the
 * evaluator would otherwise re-wrap every level on every access of every expression).
 */
export function toCelInput(value: unknown): unknown {
    const { celList, celMap, isCelList, isCelMap } = cel();
    if (typeof value === "number") {
        return Number.isInteger(value) ? BigInt(value) : value;
    }
    if (Array.isArray(value)) {
        return celList(value.filter((v) => v !== undefined).map(toCelInput) as never);
    }
    if (value !== null && typeof value === "object" && !isCelMap(value) && !isCelList(value)) {
        const entries = Object.entries(value).filter(([, v]) => v !== undefined);
        return celMap(new Map(entries.map(([k, v]) => [k, toCelInput(v)])) as never);
    }
    return value;
}

/** One conversion per object, shared by every rule that evaluates it (CrossGuard hands each policy the same props). */
const converted = new WeakMap<object, unknown>();
function celInputOf(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return toCelInput(value);
    }
    let out = converted.get(value);
    if (out === undefined) {
        out = toCelInput(value);
        converted.set(value, out);
    }
    return out;
}

function celToString(value: unknown): string {
    if (typeof value === "string") {
        return value;
    }
    const { isCelList, isCelMap } = cel();
    if (isCelList(value) || isCelMap(value)) {
        return JSON.stringify(value);
    }
    return String(value);
}

/** Expressions to compile: variables in order, then validations, as a ConstraintTemplate's source holds them. */
export interface CelSource {
    variables: readonly CelVariable[];
    validations: readonly CelValidation[];
}

/** A compiled CelSource: messages of the failed validations for `object` under complete `params`. */
export type CelEvaluator = (object: unknown, params: Record<string, unknown>, namespaceObject?: unknown) => string[];

/**
 * Compiles a CEL source once (both a rule's effective form and a rendered ConstraintTemplate's source use
 * this). A validation that errors or does not return a bool fails closed: it reports a violation saying so.
 */
export function compileSource(name: string, source: CelSource, fallbackMessage: string): CelEvaluator {
    const names = source.variables.map((v) => v.name);
    const twice = names.filter((n, i) => n === "params" || names.indexOf(n) !== i);
    if (twice.length > 0) {
        throw new CelCompileError(`${name}: variable ${twice[0]} is defined twice (or shadows params)`);
    }
    let fast: FastProgram | undefined;
    try {
        fast = compileFast(source);
    } catch (e) {
        if (!(e instanceof Unsupported)) {
            throw e;
        }
    }
    let reference: CelEvaluator | undefined;
    const referenceOf = () => (reference ??= compileReference(name, source, fallbackMessage));
    if (!fast) {
        return referenceOf(); // compiles now, so a broken expression is reported at load time
    }
    const program = fast;
    return (object, params, namespaceObject) => program(object, params, namespaceObject ?? null) ?? referenceOf()(object, params, namespaceObject);
}

/** The reference interpreter's evaluator for a source (@bufbuild/cel, CEL values converted once per object). */
function compileReference(name: string, source: CelSource, fallbackMessage: string): CelEvaluator {
    const { isCelError } = cel();
    const variables = source.variables.map((v) => ({ name: v.name, run: compile(name, `variable ${v.name}`, v.expression) }));
    const validations = source.validations.map((v, i) => ({
        check: compile(name, `validation ${i + 1}`, v.expression),
        message: compile(name, `message ${i + 1}`, v.messageExpression),
    }));
    return (object, params, namespaceObject) => {
        // A Map is handed to CEL as is (a plain object would be copied on every access of `variables`).
        const vars = new Map<string, unknown>([["params", celInputOf(params)]]);
        // `namespaceObject`: the object's Namespace where the caller knows it (admission does), else null.
        const bindings = { object: celInputOf(object), variables: vars, namespaceObject: namespaceObject === undefined ? null : celInputOf(namespaceObject) };
        for (const v of variables) {
            vars.set(v.name, v.run(bindings));
        }
        const messages: string[] = [];
        for (const v of validations) {
            const ok = v.check(bindings);
            if (ok === true) {
                continue;
            }
            if (isCelError(ok) || typeof ok !== "boolean") {
                const why = isCelError(ok) ? ok.message : `returned ${celToString(ok)}, not a bool`;
                messages.push(`could not evaluate the rule on this object (${why}). ${fallbackMessage}`);
                continue;
            }
            const msg = v.message(bindings);
            messages.push(isCelError(msg) ? fallbackMessage : celToString(msg));
        }
        return messages;
    };
}

/** The reference interpreter alone, for tests that hold the fast evaluator to it. */
export function compileSourceReference(name: string, source: CelSource, fallbackMessage: string): CelEvaluator {
    return compileReference(name, source, fallbackMessage);
}

/** Compiles every expression of `rule` once; throws {@link CelCompileError} naming the rule on a bad one. */
export function compileRule(rule: CelRule): CompiledRule {
    const evaluate = compileSource(rule.name, { variables: effectiveVariables(rule), validations: effectiveValidations(rule) }, rule.description);
    const defaults = paramDefaults(rule);
    // Policies are handed the same config object for every resource: merge and convert it once.
    const merged = new WeakMap<object, Record<string, unknown>>();
    return {
        rule,
        evaluate: (object, params, namespaceObject) => {
            const given = params ?? defaults;
            let full = merged.get(given);
            if (full === undefined) {
                full = { ...defaults, ...given };
                merged.set(given, full);
            }
            return evaluate(object, full, namespaceObject);
        },
    };
}
