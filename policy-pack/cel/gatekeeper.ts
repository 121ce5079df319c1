/**
 * Renders CEL rules as Gatekeeper ConstraintTemplates (engine K8sNativeValidation) and Constraints.
 * The template carries exactly the variables and validations CrossGuard evaluates (./rule.ts
 * effectiveVariables / effectiveValidations) and a parameter schema built from the same ParamSpecs.
 */
import { PackConfig, configOf, levelOf } from "../lib/engine";
import { assertValidConfig } from "./params";
import { configSchema } from "./policy";
import { CelRule, Level, ParamSchema, effectiveValidations, effectiveVariables, paramDefaults, ruleParams } from "./rule";

/** Gatekeeper constraint kind for a rule: `K8s` + the policy name in PascalCase. */
export function constraintKind(rule: CelRule): string {
    return "K8s" + rule.name.split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

/** OpenAPI v3 schema of the constraint's `parameters`. */
export function parameterSchema(rule: CelRule): { type: "object"; properties: Record<string, ParamSchema> } {
    const properties: Record<string, ParamSchema> = {};
    for (const [key, spec] of Object.entries(ruleParams(rule))) {
        properties[key] = spec.schema;
    }
    return { type: "object", properties };
}

/** The ConstraintTemplate (templates.gatekeeper.sh/v1) for `rule`. */
export function constraintTemplate(rule: CelRule): Record<string, unknown> {
    const kind = constraintKind(rule);
    return {
        apiVersion: "templates.gatekeeper.sh/v1",
        kind: "ConstraintTemplate",
        metadata: {
            name: kind.toLowerCase(),
            annotations: {
                description: rule.description,
                "platform.io/catalogue-id": rule.id,
                "platform.io/crossguard-policy": rule.name,
            },
        },
        spec: {
            crd: { spec: { names: { kind }, validation: { openAPIV3Schema: parameterSchema(rule) } } },
            targets: [
                {
                    target: "admission.k8s.gatekeeper.sh",
                    code: [
                        {
                            engine: "K8sNativeValidation",
                            source: {
                                variables: effectiveVariables(rule).map((v) => ({ name: v.name, expression: v.expression })),
                                validations: effectiveValidations(rule).map((v) => ({
                                    expression: v.expression,
                                    messageExpression: v.messageExpression,
                                })),
                            },
                        },
                    ],
                },
            ],
        },
    };
}

/** Gatekeeper enforcement action for a CrossGuard level: mandatory denies, advisory warns. */
export function enforcementAction(level: Level | "disabled"): "deny" | "warn" | "dryrun" {
    return level === "mandatory" ? "deny" : level === "advisory" ? "warn" : "dryrun";
}

/**
 * The Constraint instantiating `rule`'s template, with every parameter set (defaults filled in), so the
 * CEL never meets a missing parameter. `params` are the rule's config (as in the policy pack config).
 */
export function constraint(
    rule: CelRule,
    params: Record<string, unknown> = {},
    level: Level | "disabled" = rule.level,
): Record<string, unknown> {
    const kind = constraintKind(rule);
    return {
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind,
        metadata: { name: rule.name },
        spec: {
            enforcementAction: enforcementAction(level),
            match: { kinds: rule.match.map((m) => ({ apiGroups: [...m.apiGroups], kinds: [...m.kinds] })) },
            parameters: { ...paramDefaults(rule), ...params },
        },
    };
}

/**
 * What the cluster needs to enforce `rules` at admission as the pack does at preview: one
 * ConstraintTemplate per rule, and one Constraint per rule that `config` does not disable, with the
 * environment's level (mandatory -> deny, advisory -> warn) and parameters, resolved exactly as CrossGuard
 * resolves them. Templates come first; a Constraint can only be created once its template's CRD exists.
 * Throws, listing every `<policy>.<key>` problem, when the config has invalid parameters.
 */
export function gatekeeperObjects(rules: readonly CelRule[], config: PackConfig = {}): Record<string, unknown>[] {
    const templates = rules.map(constraintTemplate);
    assertValidConfig(rules, config);
    const constraints = rules.flatMap((rule) => {
        const policy = { name: rule.name, description: rule.description, enforcementLevel: rule.level, configSchema: configSchema(rule) };
        const level = levelOf(policy, config, rule.level);
        return level === "disabled" ? [] : [constraint(rule, configOf(policy, config), level === "remediate" ? "mandatory" : level)];
    });
    return [...templates, ...constraints];
}
