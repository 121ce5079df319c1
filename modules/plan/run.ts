/**
 * Evaluates the real program (index.ts) under Pulumi's mock runtime, the way `pulumi preview` would
 * evaluate it, with the stack's configuration set in the runtime and plausible computed outputs from
 * modules/plan/mocks. Records every registration, then runs the policy pack over them.
 */
import * as pulumi from "@pulumi/pulumi";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";
import { parseStackConfig, PlatformConfig, projectName, RawStackConfig } from "../config";
import { platformChecks } from "../platform/checks";
import { PlanMocks } from "./mocks";
import { RecordedResource } from "./model";
import { RecordingMonitor } from "./recorder";

export interface ProgramRun {
    stack: string;
    config: PlatformConfig;
    resources: RecordedResource[];
    /** Stack outputs, secrets still wrapped as Pulumi outputs resolved to plain values. */
    outputs: Record<string, unknown>;
    /** Wall time of the program's evaluation (config to last registration), in ms. */
    evalMs: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** Pulumi's config map holds strings: objects as JSON text. */
function toRuntimeConfig(values: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) {
        out[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return out;
}

let running = false;

/** Progress of a plan, for a progress line on a terminal (modules/plan/progress.ts). */
export interface PlanHooks {
    /** A phase starts: the program's evaluation, then the policies. */
    onPhase?(phase: "program" | "policies", detail?: { resources: number; policies?: number }): void;
    /** A resource was registered; `count` so far. */
    onResource?(count: number): void;
}

/**
 * Runs `program` (default: the real index.ts) for a stack's raw configuration. Throws ConfigError
 * before anything is registered when the configuration is invalid.
 */
export async function evaluateProgram(raw: RawStackConfig, program?: () => Promise<Record<string, unknown>>, hooks: PlanHooks = {}): Promise<ProgramRun> {
    if (running) {
        throw new Error("evaluateProgram: one program at a time (the Pulumi runtime is process-global)");
    }
    running = true;
    try {
        const config = parseStackConfig(raw, [platformChecks]); // validate first: nothing half-applied on bad input
        const started = process.hrtime.bigint();
        pulumi.runtime.setAllConfig(toRuntimeConfig(raw.values), [...raw.secretKeys]);
        hooks.onPhase?.("program", { resources: 0 });
        const monitor = new RecordingMonitor(new PlanMocks(), raw.stack, projectName, (count) => hooks.onResource?.(count));
        setMockOptions(monitor, projectName, raw.stack, true);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const main = program ?? (require("../../index") as () => Promise<Record<string, unknown>>);
        const outputs = await pulumi.runtime.runInPulumiStack(main);
        await settings.waitForRPCs();
        const evalMs = Number(process.hrtime.bigint() - started) / 1e6;
        return { stack: raw.stack, config, resources: monitor.recorded, outputs: (outputs ?? {}) as Record<string, unknown>, evalMs };
    } finally {
        running = false;
    }
}
