/**
 * Renders CEL rules as Gatekeeper ConstraintTemplates (engine K8sNativeValidation) and Constraints.
 * The template carries exactly the variables and validations CrossGuard evaluates (./rule.ts
 * effectiveVariables / effectiveValidations) and a parameter schema built from the same ParamSpecs.
 */
import { PackConfig, configOf, levelOf } from "../lib/engine";
import { assertValidConfig } from "./params";
import { configSchema } from "./policy";
import { catalogueRow, CelRule, Level, ParamSchema, effectiveValidations, effectiveVariables, paramDefaults, ruleParams } from "./rule";

/** Gatekeeper constraint kind for a rule: `K8s` + the policy name in PascalCase. */
export function constraintKind(rule: CelRule): string {
    return (
        "K8s" +
        rule.name
            .split("-")
            .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
            .join("")
    );
}

/** OpenAPI v3 schema of the constraint's `parameters`. */
export function parameterSchema(rule: CelRule): { type: "object"; properties: Record<string, ParamSchema> } {
    const properties: Record<string, ParamSchema> = {};
    for (const [key, spec] of Object.entries(ruleParams(rule))) {
        properties[key] = spec.schema;
    }
    return { type: "object", properties };
}

/** A ConstraintTemplate (templates.gatekeeper.sh/v1) as rendered here. */
export interface GatekeeperTemplate {
    apiVersion: "templates.gatekeeper.sh/v1";
    kind: "ConstraintTemplate";
    metadata: { name: string; annotations: Record<string, string> };
    spec: {
        crd: { spec: { names: { kind: string }; validation: { openAPIV3Schema: ReturnType<typeof parameterSchema> } } };
        targets: { target: string; code: { engine: string; source: Record<string, unknown> }[] }[];
    };
}

/** A Constraint (constraints.gatekeeper.sh/v1beta1) as rendered here. */
export interface GatekeeperConstraint {
    apiVersion: "constraints.gatekeeper.sh/v1beta1";
    kind: string;
    metadata: { name: string };
    spec: {
        enforcementAction: "deny" | "warn" | "dryrun";
        match: { kinds: { apiGroups: string[]; kinds: string[] }[] };
        parameters: Record<string, unknown>;
    };
}

/** The ConstraintTemplate (templates.gatekeeper.sh/v1) for `rule`. */
export function constraintTemplate(rule: CelRule): GatekeeperTemplate {
    const kind = constraintKind(rule);
    return {
        apiVersion: "templates.gatekeeper.sh/v1",
        kind: "ConstraintTemplate",
        metadata: {
            name: kind.toLowerCase(),
            annotations: {
                description: rule.description,
                "platform.io/catalogue-id": catalogueRow(rule),
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
export function constraint(rule: CelRule, params: Record<string, unknown> = {}, level: Level | "disabled" = rule.level): GatekeeperConstraint {
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

/** One rule rendered for Gatekeeper under an environment's config: its level there, template and constraint. */
export interface RenderedRule {
    level: Level;
    template: GatekeeperTemplate;
    constraint: GatekeeperConstraint;
}

/**
 * The rules `config` does not disable, rendered with the environment's level (mandatory -> deny,
 * advisory -> warn) and parameters, resolved exactly as CrossGuard resolves them. Throws, listing every
 * `<policy>.<key>` problem, when the config has invalid parameters.
 */
export function renderRules(rules: readonly CelRule[], config: PackConfig = {}): RenderedRule[] {
    assertValidConfig(rules, config);
    return rules.flatMap((rule) => {
        const policy = { name: rule.name, description: rule.description, enforcementLevel: rule.level, configSchema: configSchema(rule) };
        const configured = levelOf(policy, config, rule.level);
        if (configured === "disabled") {
            return [];
        }
        const level: Level = configured === "advisory" ? "advisory" : "mandatory";
        return [{ level, template: constraintTemplate(rule), constraint: constraint(rule, configOf(policy, config), level) }];
    });
}

/**
 * What the cluster needs to enforce `rules` at admission as the pack does at preview: one
 * ConstraintTemplate per rule, then one Constraint per rule `config` does not disable (see renderRules).
 * Templates come first; a Constraint can only be created once its template's CRD exists.
 */
export function gatekeeperObjects(rules: readonly CelRule[], config: PackConfig = {}): (GatekeeperTemplate | GatekeeperConstraint)[] {
    const rendered = renderRules(rules, config);
    return [...rules.map(constraintTemplate), ...rendered.map((r) => r.constraint)];
}
