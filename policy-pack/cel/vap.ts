/**
 * Renders CEL rules as native Kubernetes admission: one ValidatingAdmissionPolicy plus one
 * ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1) per rule. No webhook, no pods: the
 * API server itself evaluates the same variables and validations CrossGuard evaluates (./rule.ts
 * effectiveVariables / effectiveValidations) and Gatekeeper's K8sNativeValidation template carries.
 *
 * How the Gatekeeper rendering (./gatekeeper.ts) maps here, so both enforce the same thing:
 * - Parameters: Gatekeeper hands the constraint's `parameters` to the CEL as `variables.params`. A VAP has
 *   no such binding (its `params` is a paramKind object), so the generator inlines the rule's complete
 *   parameters (defaults filled in, resolved from the pack config exactly as renderRules resolves them) as
 *   the policy's first variable, named `params`, written as a CEL literal. The rule's expressions then read
 *   `variables.params.<key>` unchanged. No paramKind and no CRD are needed, and each environment's
 *   parameters and exemptions are exact (a ConfigMap paramKind could only hold strings).
 * - Exemptions: the rule's own `exemptNamespaces` parameter works as in Gatekeeper (the CEL variable
 *   `exempt`); platform-wide excluded namespaces (Gatekeeper's `match.excludedNamespaces`) become the
 *   binding's namespaceSelector on `kubernetes.io/metadata.name` and are added to `exemptNamespaces`, as
 *   the platform's constraints do.
 * - Enforcement: Gatekeeper `deny` -> validationActions [Deny, Audit], `warn` -> [Warn, Audit], `dryrun`
 *   -> [Audit] (every Gatekeeper action is also reported by its audit; Audit is the VAP counterpart).
 *   Mandatory rules take the stack's enforcement; advisory rules never deny.
 * - Failures: failurePolicy Fail, as CrossGuard reports a rule that cannot be evaluated as a violation.
 * - Match: the rule's kinds as resources (plural) of every version, on CREATE and UPDATE (Gatekeeper's
 *   validating webhook operations).
 *
 * Pure: no I/O, no Pulumi. The product option `security.admission.engine: native` uses this API.
 */
import type { PackConfig } from "../lib/engine";
import { renderRules } from "./gatekeeper";
import { catalogueRow, CelRule, KindMatch, Level, effectiveValidations, effectiveVariables, lit } from "./rule";

/** Enforcement of the mandatory rules of a stack, in Gatekeeper's words (advisory rules always warn). */
export type Enforcement = "deny" | "warn" | "dryrun";

/** VAP validation actions. */
export type ValidationAction = "Deny" | "Warn" | "Audit";

export interface NativeOptions {
    /** What a mandatory rule does on a violation (default `deny`). Advisory rules warn (or only audit under `dryrun`). */
    enforcement?: Enforcement;
    /** Namespaces no policy applies to (system and platform namespaces), as Gatekeeper's `match.excludedNamespaces`. */
    excludedNamespaces?: readonly string[];
    /** Prefix of every object name (default none: the policy and its binding are named after the rule). */
    namePrefix?: string;
}

interface LabelSelectorRequirement {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values?: string[];
}

/** A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) as rendered here. */
export interface ValidatingAdmissionPolicy {
    apiVersion: "admissionregistration.k8s.io/v1";
    kind: "ValidatingAdmissionPolicy";
    metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
    spec: {
        failurePolicy: "Fail";
        matchConstraints: {
            resourceRules: { apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[] }[];
        };
        variables: { name: string; expression: string }[];
        validations: { expression: string; messageExpression: string; message: string }[];
    };
}

/** A ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1) as rendered here. */
export interface ValidatingAdmissionPolicyBinding {
    apiVersion: "admissionregistration.k8s.io/v1";
    kind: "ValidatingAdmissionPolicyBinding";
    metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
    spec: {
        policyName: string;
        validationActions: ValidationAction[];
        matchResources?: { namespaceSelector: { matchExpressions: LabelSelectorRequirement[] } };
    };
}

/** The name of a rule's policy and of its binding. */
export function nativePolicyName(rule: CelRule, options: NativeOptions = {}): string {
    return `${options.namePrefix ?? ""}${rule.name}`;
}

/**
 * The resource (plural, lower case) serving a kind, as the API server names built-in kinds. Every kind the
 * rules match follows Kubernetes' regular plural (the rule of apimachinery's UnsafeGuessKindToResource):
 * `-s` -> `-ses`, `-y` -> `-ies`, otherwise `-s`.
 */
export function resourceOf(kind: string): string {
    const lower = kind.toLowerCase();
    if (lower.endsWith("s")) {
        return `${lower}es`;
    }
    if (lower.endsWith("y")) {
        return `${lower.slice(0, -1)}ies`;
    }
    return `${lower}s`;
}

/** One resource rule per match entry: the rule's kinds, every version, CREATE and UPDATE. */
function resourceRules(match: readonly KindMatch[]): ValidatingAdmissionPolicy["spec"]["matchConstraints"]["resourceRules"] {
    return match.map((m) => ({
        apiGroups: [...m.apiGroups],
        apiVersions: ["*"],
        operations: ["CREATE", "UPDATE"],
        resources: m.kinds.map(resourceOf),
    }));
}

/**
 * A JSON value (a rule's parameters) as a CEL literal that evaluates to what CrossGuard binds for the same
 * value: integral numbers are `int` (as ../cel/engine.ts converts them), other numbers `double`, strings
 * quoted, lists and maps as literals with every element wrapped in `dyn()`. Throws on values JSON cannot hold.
 */
export function celLiteral(value: unknown, where = "params"): string {
    if (value === null) {
        return "null";
    }
    switch (typeof value) {
        case "string":
            return lit(value);
        case "boolean":
            return value ? "true" : "false";
        case "number":
            if (!Number.isFinite(value)) {
                throw new Error(`${where}: ${value} is not a finite number`);
            }
            if (Number.isInteger(value)) {
                return String(value);
            }
            // Always a double literal: 1e-7 must keep a decimal point or exponent, which String() gives.
            return String(value).includes(".") || /e/i.test(String(value)) ? String(value) : `${value}.0`;
        case "object": {
            // The API server's CEL requires homogeneous list and map literals; dyn() (the identity at run
            // time) gives every element the same static type, so parameters of mixed types can be written.
            if (Array.isArray(value)) {
                return `[${value.map((v, i) => `dyn(${celLiteral(v, `${where}[${i}]`)})`).join(", ")}]`;
            }
            const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
            return `{${entries.map(([k, v]) => `${lit(k)}: dyn(${celLiteral(v, `${where}.${k}`)})`).join(", ")}}`;
        }
        default:
            throw new Error(`${where}: a ${typeof value} cannot be a rule parameter`);
    }
}

function annotations(rule: CelRule): Record<string, string> {
    return {
        description: rule.description,
        "platform.io/catalogue-id": catalogueRow(rule),
        "platform.io/crossguard-policy": rule.name,
    };
}

const labels = { "app.kubernetes.io/managed-by": "platform", "platform.io/policy-engine": "native" };

/**
 * The ValidatingAdmissionPolicy for `rule` with its complete parameters `params` (defaults already filled
 * in, as renderRules resolves them) inlined as the variable `params`.
 */
export function validatingAdmissionPolicy(rule: CelRule, params: Record<string, unknown>, options: NativeOptions = {}): ValidatingAdmissionPolicy {
    const variables = effectiveVariables(rule);
    if (variables.some((v) => v.name === "params")) {
        throw new Error(`${rule.name}: a rule variable may not be named params (the generator binds the parameters there)`);
    }
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: nativePolicyName(rule, options), labels: { ...labels }, annotations: annotations(rule) },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: { resourceRules: resourceRules(rule.match) },
            variables: [{ name: "params", expression: celLiteral(params, `${rule.name}.params`) }, ...variables.map((v) => ({ ...v }))],
            validations: effectiveValidations(rule).map((v) => ({
                expression: v.expression,
                messageExpression: v.messageExpression,
                // Shown only if the message expression itself cannot be evaluated.
                message: rule.description,
            })),
        },
    };
}

/** Validation actions for a rule's level under the stack's enforcement (see the file comment). */
export function validationActions(level: Level, enforcement: Enforcement = "deny"): ValidationAction[] {
    const effective: Enforcement = level === "mandatory" ? enforcement : enforcement === "dryrun" ? "dryrun" : "warn";
    return effective === "deny" ? ["Deny", "Audit"] : effective === "warn" ? ["Warn", "Audit"] : ["Audit"];
}

/** The binding putting `rule`'s policy into force at `level`, outside the excluded namespaces. */
export function validatingAdmissionPolicyBinding(rule: CelRule, level: Level, options: NativeOptions = {}): ValidatingAdmissionPolicyBinding {
    const name = nativePolicyName(rule, options);
    const excluded = [...new Set(options.excludedNamespaces ?? [])].sort();
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name, labels: { ...labels }, annotations: annotations(rule) },
        spec: {
            policyName: name,
            validationActions: validationActions(level, options.enforcement),
            ...(excluded.length > 0
                ? {
                      matchResources: {
                          namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn" as const, values: excluded }] },
                      },
                  }
                : {}),
        },
    };
}

/** One rule rendered as native admission under an environment's config. */
export interface NativeRule {
    rule: CelRule;
    level: Level;
    /** The complete parameters inlined into the policy. */
    params: Record<string, unknown>;
    policy: ValidatingAdmissionPolicy;
    binding: ValidatingAdmissionPolicyBinding;
}

/**
 * The rules `config` does not disable, each as a policy and a binding, with the environment's level and
 * parameters resolved exactly as for Gatekeeper (./gatekeeper.ts renderRules: same validation of the config,
 * same defaults). Excluded namespaces are also added to each rule's `exemptNamespaces`, as the platform's
 * Gatekeeper constraints get them. Throws, listing every `<policy>.<key>` problem, on an invalid config.
 */
export function renderNativeRules(rules: readonly CelRule[], config: PackConfig = {}, options: NativeOptions = {}): NativeRule[] {
    const byName = new Map(rules.map((r) => [r.name, r]));
    const excluded = [...new Set(options.excludedNamespaces ?? [])];
    return renderRules(rules, config).map((rendered) => {
        const rule = byName.get(rendered.constraint.metadata.name) as CelRule;
        const params = structuredClone(rendered.constraint.spec.parameters);
        if (excluded.length > 0) {
            const listed = Array.isArray(params.exemptNamespaces) ? (params.exemptNamespaces as string[]) : [];
            params.exemptNamespaces = [...new Set([...listed, ...excluded])].sort();
        }
        return {
            rule,
            level: rendered.level,
            params,
            policy: validatingAdmissionPolicy(rule, params, options),
            binding: validatingAdmissionPolicyBinding(rule, rendered.level, options),
        };
    });
}

/** Everything to install for native admission: every policy, then every binding (a binding names its policy). */
export function nativeAdmissionObjects(
    rules: readonly CelRule[],
    config: PackConfig = {},
    options: NativeOptions = {},
): (ValidatingAdmissionPolicy | ValidatingAdmissionPolicyBinding)[] {
    const rendered = renderNativeRules(rules, config, options);
    return [...rendered.map((r) => r.policy), ...rendered.map((r) => r.binding)];
}
