/**
 * The per-environment policy config files (policy-pack/config/<env>.json) are what
 * `pulumi preview --policy-pack policy-pack --policy-pack-config policy-pack/config/<env>.json` reads:
 * they must parse the way the Pulumi CLI parses them, name real policies, pass the policies' config
 * schemas (the CLI validates the merged config and fails the preview otherwise), and get stricter
 * from dev to prod.
 */
import { expect } from "chai";
import type { EnforcementLevel } from "@pulumi/policy";
import { policies } from "../../policy-pack/policies";
import { cloudPolicies } from "../../policy-pack/policies/cloud";
import { helmPolicies } from "../../policy-pack/policies/helm";
import { stackPolicies } from "../../policy-pack/policies/stack";
import { storagePolicies } from "../../policy-pack/policies/storage";
import { environments, loadPackConfig } from "../../policy-pack/lib/config";
import { configOf, levelOf, PackConfig } from "../../policy-pack/lib/engine";

const levels: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The subset of JSON Schema our config schemas use; returns problems as `path: message`. */
function validate(schema: Record<string, unknown>, value: unknown, path: string): string[] {
    const problems: string[] = [];
    const types = schema.type === undefined ? undefined : ([] as unknown[]).concat(schema.type);
    const is = (type: unknown) =>
        (type === "array" && Array.isArray(value)) ||
        (type === "object" && value !== null && typeof value === "object" && !Array.isArray(value)) ||
        (type === "string" && typeof value === "string") ||
        (type === "boolean" && typeof value === "boolean") ||
        (type === "integer" && Number.isInteger(value)) ||
        (type === "number" && typeof value === "number") ||
        (type === "null" && value === null);
    if (types && !types.some(is)) {
        return [`${path}: expected ${types.join(" or ")}, got ${JSON.stringify(value)}`];
    }
    const type = types?.find(is);
    if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
        problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (typeof schema.pattern === "string" && typeof value === "string" && !new RegExp(schema.pattern).test(value)) {
        problems.push(`${path}: '${value}' does not match ${schema.pattern}`);
    }
    if (Array.isArray(value) && schema.items) {
        value.forEach((v, i) => problems.push(...validate(schema.items as Record<string, unknown>, v, `${path}[${i}]`)));
    }
    if (type === "object" && value && typeof value === "object") {
        const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
        for (const req of (schema.required as string[] | undefined) ?? []) {
            if (!(req in value)) {
                problems.push(`${path}.${req}: required`);
            }
        }
        for (const [k, v] of Object.entries(value)) {
            if (props[k]) {
                problems.push(...validate(props[k], v, `${path}.${k}`));
            } else if (schema.additionalProperties === false) {
                problems.push(`${path}.${k}: not allowed`);
            }
        }
    }
    return problems;
}

const rank: Record<EnforcementLevel, number> = { disabled: 0, advisory: 1, remediate: 2, mandatory: 2 };

describe("per-environment policy config", () => {
    const configs = Object.fromEntries(environments.map((env) => [env, loadPackConfig(env)])) as Record<(typeof environments)[number], PackConfig>;

    for (const env of environments) {
        it(`${env}.json parses as --policy-pack-config does: each entry a level or an object with a valid level`, () => {
            for (const [name, entry] of Object.entries(configs[env])) {
                if (typeof entry === "string") {
                    expect(levels, `${env}.json ${name}`).to.include(entry);
                } else {
                    expect(entry, `${env}.json ${name}: must be a string or object`).to.be.an("object");
                    if (entry.enforcementLevel !== undefined) {
                        expect(levels, `${env}.json ${name}.enforcementLevel`).to.include(entry.enforcementLevel);
                    }
                }
            }
        });

        it(`${env}.json names only policies of the pack`, () => {
            const names = new Set(policies.map((p) => p.name));
            expect(Object.keys(configs[env]).filter((k) => k !== "all" && !names.has(k))).to.deep.equal([]);
        });

        it(`${env}.json parameters satisfy each policy's configSchema (defaults applied, as the CLI validates)`, () => {
            const problems = policies.flatMap((p) =>
                p.configSchema
                    ? validate(
                          { type: "object", properties: p.configSchema.properties, required: p.configSchema.required },
                          configOf(p, configs[env]),
                          `${env}.json ${p.name}`,
                      )
                    : [],
            );
            expect(problems).to.deep.equal([]);
        });
    }

    it("every configSchema default satisfies its own schema, and no schema declares enforcementLevel", () => {
        for (const p of policies) {
            for (const [key, prop] of Object.entries(p.configSchema?.properties ?? {})) {
                expect(key, `${p.name}: the SDK refuses enforcementLevel in configSchema`).not.to.equal("enforcementLevel");
                const schema = prop as Record<string, unknown>;
                if ("default" in schema) {
                    expect(validate(schema, schema.default, `${p.name}.${key}`)).to.deep.equal([]);
                }
            }
        }
    });

    it("every parameter of the Helm, cluster, storage and stack rules has a default, so each rule runs without config", () => {
        const missing = [...helmPolicies, ...cloudPolicies, ...storagePolicies, ...stackPolicies].flatMap((p) =>
            Object.entries(p.configSchema?.properties ?? {})
                .filter(([, prop]) => !("default" in (prop as object)))
                .map(([key]) => `${p.name}.${key}`),
        );
        expect(missing).to.deep.equal([]);
    });

    it("no policy is weaker in staging than in dev, or in prod than in staging", () => {
        const weaker: string[] = [];
        for (const p of policies) {
            const [dev, staging, prod] = environments.map((env) => rank[levelOf(p, configs[env])]);
            if (staging < dev || prod < staging) {
                weaker.push(p.name);
            }
        }
        expect(weaker).to.deep.equal([]);
    });

    it("prod disables no policy", () => {
        expect(policies.filter((p) => levelOf(p, configs.prod) === "disabled").map((p) => p.name)).to.deep.equal([]);
    });
});
