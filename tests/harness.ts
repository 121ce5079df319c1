/**
 * The test harness: runs the real program for a config object (or a shipped stack file) under the
 * offline plan's mock runtime and returns the recorded resources with inputs, parents and
 * dependencies, plus policy violations. Also: awaiting outputs without asserting inside `.apply`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig, projectName, RawStackConfig, readStackFile, secretPlaceholder, stackFilePath } from "../modules/config";
import { planStack, Plan, RecordedResource } from "../modules/plan";
import { platformChecks } from "../modules/platform/checks";

/** Stack config as in a stack file, without the `platform:` prefix: `{ environment: "prod", cluster: {...} }`. */
export type TestConfig = Record<string, unknown>;

export interface TestOptions {
    /** Stack name. Default: "test". */
    stack?: string;
    /** Top-level sections whose values are treated as encrypted (`secure:`) in the stack file. */
    secretSections?: string[];
}

/** The raw form of a config object, as a stack file would give it. */
export function rawConfig(config: TestConfig, options: TestOptions = {}): RawStackConfig {
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) {
        values[k.includes(":") ? k : `${projectName}:${k}`] = v;
    }
    const secretKeys = new Set((options.secretSections ?? []).map((s) => `${projectName}:${s}`));
    // Values copied from a stack file's encrypted (`secure:`) entries, which readStackFile replaces by
    // the placeholder, stay encrypted: a shipped stack's config with a section added plans as its file does.
    for (const [k, v] of Object.entries(values)) {
        if (JSON.stringify(v)?.includes(secretPlaceholder)) {
            secretKeys.add(k);
        }
    }
    return { stack: options.stack ?? "test", values, secretKeys, source: "test config" };
}

/**
 * The `key.path: message` lines with which the program's configuration check (the schema and the
 * platform's checks, as `pulumi up` runs them) rejects `config`. Fails the test when the
 * configuration is accepted, or fails with anything but a ConfigError.
 */
export function rejectionOf(config: TestConfig, options: TestOptions = {}): string[] {
    try {
        parseStackConfig(rawConfig(config, options), [platformChecks]);
    } catch (e) {
        if (e instanceof ConfigError) {
            return e.issues.map((i) => `${i.path}: ${i.message}`);
        }
        throw e;
    }
    throw new Error("expected the configuration to be rejected");
}

/** A finished plan with query helpers. */
export class PlanResult {
    constructor(readonly plan: Plan) {}

    get resources(): RecordedResource[] {
        return this.plan.run.resources;
    }

    get violations() {
        return this.plan.report.policy.violations;
    }

    get mandatoryViolations() {
        return this.violations.filter((v) => v.level === "mandatory");
    }

    get outputs(): Record<string, unknown> {
        return this.plan.run.outputs;
    }

    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource of `type` whose name is `name` (throws when absent, naming what exists). */
    one(type: string, name?: string): RecordedResource {
        const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
        if (found.length !== 1) {
            throw new Error(
                `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${this.ofType(type)
                    .map((r) => r.name)
                    .join(", ")}`,
            );
        }
        return found[0];
    }

    /** Helm releases, by chart name (the last path segment of `chart`). */
    releases(chart?: string): RecordedResource[] {
        return this.ofType("kubernetes:helm.sh/v3:Release").filter((r) => chart === undefined || String(r.props.chart).split("/").pop() === chart);
    }

    byUrn(urn: string): RecordedResource | undefined {
        return this.resources.find((r) => r.urn === urn);
    }

    /** Every URN `urn` waits for, directly or through its dependencies. */
    transitiveDependencies(urn: string): Set<string> {
        const seen = new Set<string>();
        const stack = [urn];
        while (stack.length > 0) {
            const r = this.byUrn(stack.pop() as string);
            for (const d of r?.dependencies ?? []) {
                if (!seen.has(d)) {
                    seen.add(d);
                    stack.push(d);
                }
            }
        }
        return seen;
    }

    /** The resource's component ancestors' URNs (nearest first). */
    ancestors(urn: string): string[] {
        const out: string[] = [];
        for (let r = this.byUrn(urn); r && r.parent; r = this.byUrn(r.parent)) {
            out.push(r.parent);
        }
        return out;
    }
}

/** Plans a config object: validates, evaluates the real program, runs the policy pack. */
export async function planConfig(config: TestConfig, options: TestOptions = {}): Promise<PlanResult> {
    return new PlanResult(await planStack(rawConfig(config, options)));
}

const shippedPlans = new Map<string, Promise<PlanResult>>();

/**
 * Plans a shipped stack file (stacks/ or examples/stacks/), once per test process: many test files
 * read the same stack's plan, and a plan is only ever read. A failed plan is not kept.
 */
export function planShippedStack(stack: string): Promise<PlanResult> {
    let plan = shippedPlans.get(stack);
    if (!plan) {
        plan = planStack(readStackFile(stackFilePath(stack))).then((p) => new PlanResult(p));
        plan.catch(() => shippedPlans.delete(stack));
        shippedPlans.set(stack, plan);
    }
    return plan;
}

/** Resolves an output's value (and whether it is secret) without asserting inside `.apply`. */
export async function resolveOutput<T>(value: pulumi.Input<T>): Promise<{ value: T; secret: boolean }> {
    const out = pulumi.output(value);
    const secret = await (out as unknown as { isSecret: Promise<boolean> }).isSecret;
    const resolved = await new Promise<T>((resolve) => out.apply((v) => resolve(v as T)));
    return { value: resolved, secret };
}

/**
 * A shipped stack's config as its file gives it (values read from `secure:` entries stay encrypted:
 * see rawConfig), with the top-level sections of `extra` set over it.
 */
export function shippedWith(stack: string, extra: TestConfig = {}): TestConfig {
    const out: TestConfig = { ...readStackFile(stackFilePath(stack)).values };
    for (const [k, v] of Object.entries(extra)) {
        out[`${projectName}:${k}`] = v;
    }
    return out;
}

/** A minimal valid config for the `existing` cloud, to extend in tests. */
export function localConfig(overrides: TestConfig = {}): TestConfig {
    return { environment: "dev", cluster: { cloud: "existing", name: "test", kubeconfig: "/tmp/kubeconfig", context: "kind-test" }, ...overrides };
}

/** A receiver for critical alerts, which every prod stack must declare: an SMTP relay without login, so it needs no secret. */
export const prodAlertReceiver = {
    type: "email",
    name: "oncall",
    to: "oncall@example.com",
    from: "alertmanager@example.com",
    smarthost: "smtp.example.com:587",
};

/** `config` with `prodAlertReceiver` added to its observability section (what a prod test stack needs to plan), unless it is there. */
export function withAlertReceiver(config: TestConfig): TestConfig {
    const observability = (config.observability ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
    const metrics = observability.metrics ?? {};
    const alertmanager = (metrics.alertmanager ?? {}) as Record<string, unknown>;
    const receivers = (alertmanager.receivers as { name?: string }[] | undefined) ?? [];
    if (receivers.some((r) => r.name === prodAlertReceiver.name)) {
        return config;
    }
    return {
        ...config,
        observability: { ...observability, metrics: { ...metrics, alertmanager: { ...alertmanager, receivers: [...receivers, prodAlertReceiver] } } },
    };
}
