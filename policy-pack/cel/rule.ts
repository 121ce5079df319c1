/**
 * A Kubernetes-object rule written ONCE as CEL. The same definition is evaluated by CrossGuard
 * (through ./engine.ts, with @bufbuild/cel) and rendered as a Gatekeeper ConstraintTemplate using the
 * K8sNativeValidation engine (through ./gatekeeper.ts). Expressions stay in the CEL subset both
 * evaluators share: `has()` guards, ternaries, macros (all, exists, map, filter), string functions
 * (startsWith, endsWith, contains, matches, split, join, lowerAscii, substring), `size()`, `type(x) == int`
 * tests and the `int()`/`string()` conversions; no optional syntax (`.?`). The fast evaluator (./fast.ts)
 * implements exactly this subset; anything else is evaluated by the reference interpreter alone.
 *
 * Bindings, identical in both engines (and in a native ValidatingAdmissionPolicy):
 * - `object`: the Kubernetes object (apiVersion, kind, metadata, spec, ...);
 * - `namespaceObject`: the Namespace the object is in, at admission (Gatekeeper >= 3.22 and VAP bind
 *   it); null for cluster-scoped objects and wherever the namespace is not known (CrossGuard at
 *   preview, the `policy check` CLI). A rule that reads it guards with `namespaceObject != null` and
 *   treats null as "not judged here";
 * - `variables.params`: the rule's parameters (config in CrossGuard, constraint parameters in Gatekeeper);
 * - `variables.<name>`: each entry of `variables`, evaluated in order.
 */

/** Enforcement level of a policy, as in @pulumi/policy. */
export type Level = "mandatory" | "advisory";

/** JSON schema subset used for parameters: valid both as a CrossGuard configSchema property and as an
 * OpenAPI v3 structural schema in a Gatekeeper ConstraintTemplate. */
export interface ParamSchema {
    type: "string" | "integer" | "boolean" | "array" | "object";
    description?: string;
    enum?: string[];
    items?: ParamSchema;
    properties?: Record<string, ParamSchema>;
    required?: string[];
    minimum?: number;
}

/** Schema of a list-of-strings parameter. */
export function stringList(description: string): ParamSchema {
    return { type: "array", items: { type: "string" }, description };
}

/** A rule parameter: its schema and its default (used when config or constraint omit it). */
export interface ParamSpec {
    schema: ParamSchema;
    default: unknown;
}

/** Kubernetes kinds a rule applies to, per API group ("" = core). */
export interface KindMatch {
    apiGroups: string[];
    kinds: string[];
}

/** A named CEL expression, evaluated before validations; later ones may use earlier ones. */
export interface CelVariable {
    name: string;
    expression: string;
}

/**
 * One way a rule can fail: `expression` is true when the object complies. `detail` is a CEL string
 * expression naming what is wrong (for example the offending containers); `fix` states the remedy.
 */
export interface CelCheck {
    expression: string;
    detail: string;
    fix: string;
}

/** A Kubernetes-object rule of the catalogue, written as CEL. */
export interface CelRule {
    /**
     * The rule's id, unique in the pack: its catalogue row (`W1`), with a letter for each further rule
     * of the same row (`W7`, `W7b`, ... `W7f`: the row's baseline fields, one rule each).
     */
    id: string;
    /** Policy name: kebab-case, starting with what it demands (`require-…`, `disallow-…`, `restrict-…`). */
    name: string;
    /** One sentence: the rule, as a user reads it in a violation. */
    description: string;
    /** Default enforcement level (per-environment config may change it). */
    level: Level;
    /** Kinds the rule applies to. */
    match: KindMatch[];
    /** Parameters (besides the `exemptNamespaces` every rule gets). */
    params: Record<string, ParamSpec>;
    /** Helper expressions, evaluated in order. */
    variables: CelVariable[];
    /** Every way the rule can fail. */
    checks: CelCheck[];
}

/** The catalogue row a rule implements: its id without the letter of a row's further rules (`W7c` -> `W7`). */
export function catalogueRow(rule: Pick<CelRule, "id">): string {
    return rule.id.replace(/[a-z]$/, "");
}

/** The finished form both engines consume: exemption guard and messages applied. */
export interface CelValidation {
    expression: string;
    messageExpression: string;
}

/** A CEL string literal for `s` (single-quoted, escaped). */
export function lit(s: string): string {
    return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r")}'`;
}

/** A CEL list literal of strings. */
export function litList(items: readonly string[]): string {
    return `[${items.map(lit).join(", ")}]`;
}

/** Parameter every rule takes: namespaces the rule does not apply to (for platform components). */
export const EXEMPT_NAMESPACES: ParamSpec = {
    schema: stringList("Namespaces this rule does not apply to (exceptions for platform components). Default: none."),
    default: [],
};

/** All parameters of a rule, including the common `exemptNamespaces`. */
export function ruleParams(rule: CelRule): Record<string, ParamSpec> {
    return { exemptNamespaces: EXEMPT_NAMESPACES, ...rule.params };
}

/** The rule's parameter defaults, as one object. */
export function paramDefaults(rule: CelRule): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(ruleParams(rule))) {
        out[key] = structuredClone(spec.default);
    }
    return out;
}

const EXEMPT_VARIABLE: CelVariable = {
    name: "exempt",
    // A Namespace is exempt by its own name; a namespaced object by its namespace.
    expression:
        "has(object.metadata) && has(variables.params.exemptNamespaces) && (object.kind == 'Namespace' ? " +
        "has(object.metadata.name) && object.metadata.name in variables.params.exemptNamespaces : " +
        "has(object.metadata.namespace) && object.metadata.namespace in variables.params.exemptNamespaces)",
};

/** Variables as both engines evaluate them: the exemption test first, then the rule's own. */
export function effectiveVariables(rule: CelRule): CelVariable[] {
    return [EXEMPT_VARIABLE, ...rule.variables];
}

/** Validations as both engines evaluate them: exempt objects pass; a message names what is wrong, states the
 * rule and the fix (the policy or constraint name is shown beside it by CrossGuard and Gatekeeper). */
export function effectiveValidations(rule: CelRule): CelValidation[] {
    return rule.checks.map((check) => ({
        expression: `variables.exempt || (${check.expression})`,
        messageExpression: `(${check.detail}) + ${lit(`. ${rule.description} Fix: ${check.fix}`)}`,
    }));
}
