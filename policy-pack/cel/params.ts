/**
 * Checks rule parameters against their schemas (the subset ParamSchema allows), so a bad policy config is
 * refused with the key path instead of surfacing later as a CEL evaluation error. CrossGuard validates
 * configSchema itself; this serves `policy check --env` and the Gatekeeper objects.
 */
import { CelRule, ParamSchema, ruleParams } from "./rule";

function check(value: unknown, schema: ParamSchema, path: string, problems: string[]): void {
    switch (schema.type) {
        case "string":
            if (typeof value !== "string") {
                problems.push(`${path}: must be a string`);
            } else if (schema.enum && !schema.enum.includes(value)) {
                problems.push(`${path}: must be one of ${schema.enum.join(", ")}, got ${value}`);
            }
            return;
        case "integer":
            if (typeof value !== "number" || !Number.isInteger(value)) {
                problems.push(`${path}: must be an integer`);
            } else if (schema.minimum !== undefined && value < schema.minimum) {
                problems.push(`${path}: must be at least ${schema.minimum}`);
            }
            return;
        case "boolean":
            if (typeof value !== "boolean") {
                problems.push(`${path}: must be true or false`);
            }
            return;
        case "array":
            if (!Array.isArray(value)) {
                problems.push(`${path}: must be a list`);
            } else if (schema.items) {
                value.forEach((item, i) => check(item, schema.items as ParamSchema, `${path}[${i}]`, problems));
            }
            return;
        case "object":
            if (value === null || typeof value !== "object" || Array.isArray(value)) {
                problems.push(`${path}: must be a mapping`);
                return;
            }
            for (const [key, v] of Object.entries(value)) {
                const prop = schema.properties?.[key];
                if (!prop) {
                    problems.push(`${path}.${key}: unknown field (known: ${Object.keys(schema.properties ?? {}).join(", ")})`);
                } else {
                    check(v, prop, `${path}.${key}`, problems);
                }
            }
            return;
    }
}

/** Problems with `params` for `rule`, each as `<policy>.<key path>: message`; [] when valid. */
export function paramProblems(rule: CelRule, params: Record<string, unknown>): string[] {
    const specs = ruleParams(rule);
    const problems: string[] = [];
    for (const [key, value] of Object.entries(params)) {
        if (key === "enforcementLevel") {
            continue;
        }
        const spec = specs[key];
        if (!spec) {
            problems.push(`${rule.name}.${key}: unknown parameter (known: ${Object.keys(specs).join(", ")})`);
        } else {
            check(value, spec.schema, `${rule.name}.${key}`, problems);
        }
    }
    return problems;
}

/** Problems with the Kubernetes rule parameters of a pack config (entries that are only a level have none). */
export function configProblems(rules: readonly CelRule[], config: Readonly<Record<string, unknown>>): string[] {
    return rules.flatMap((rule) => {
        const entry = config[rule.name];
        return typeof entry === "object" && entry !== null ? paramProblems(rule, entry as Record<string, unknown>) : [];
    });
}

/** Throws an Error listing every problem of `config`'s Kubernetes rule parameters. */
export function assertValidConfig(rules: readonly CelRule[], config: Readonly<Record<string, unknown>>): void {
    const problems = configProblems(rules, config);
    if (problems.length > 0) {
        throw new Error(`invalid policy config:\n  ${problems.join("\n  ")}`);
    }
}
