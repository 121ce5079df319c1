/**
 * The offline plan: validate a stack's config, evaluate the real program under mocks, run the policy
 * pack over every registered resource, and report. Used by `npm run plan`, the tests and the bench.
 */
import type { RawStackConfig } from "../config";
import { policies } from "../../policy-pack/policies";
import { runPolicies } from "../../policy-pack/lib/engine";
import { loadPackConfig, stackPackConfig } from "../../policy-pack/lib/config";
import { criticalPath, CriticalPath } from "./critical-path";
import { evaluateProgram, PlanHooks, ProgramRun } from "./run";
import { PlanReport, publicResource } from "./report";
import { loadedCloudSdks } from "./sdk-usage";

export interface Plan {
    report: PlanReport;
    run: ProgramRun;
    path: CriticalPath;
}

/** Plans a stack: the real program, or `program` (tests run a part of the platform against stand-in handles). */
export async function planStack(raw: RawStackConfig, program?: () => Promise<Record<string, unknown>>, hooks: PlanHooks = {}): Promise<Plan> {
    const run = await evaluateProgram(raw, program, hooks);
    hooks.onPhase?.("policies", { resources: run.resources.length, policies: policies.length });
    const stackUrn = run.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    // The environment's pack config as the stack's admission rules apply it (modules/addons/admission/policies.ts):
    // the stack's platform admin group allowed cluster-admin, exempt images followed through its air-gap registry.
    const config = stackPackConfig(loadPackConfig(run.config.environment), {
        platformAdminGroup: run.config.rbac.platformAdminGroup,
        imageRegistry: run.config.airgap.imageRegistry,
    });
    const violations = await runPolicies(policies, run.resources, { config, stackUrn });
    const path = criticalPath(run.resources);
    const report: PlanReport = {
        stack: run.stack,
        environment: run.config.environment,
        cloud: run.config.cluster.cloud,
        resources: run.resources.map(publicResource),
        policy: { violations },
        stats: {
            resourceCount: run.resources.length,
            evalMs: Math.round(run.evalMs),
            criticalPath: path.urns,
            criticalPathMinutes: path.minutes,
            loadedSdks: loadedCloudSdks(),
        },
    };
    return { report, run, path };
}

export { evaluateProgram } from "./run";
export type { PlanHooks } from "./run";
export { PlanProgress } from "./progress";
export { criticalPath } from "./critical-path";
export { toMermaid } from "./mermaid";
export { summarize, mandatoryViolations } from "./report";
export type { PlanReport } from "./report";
export type { PlannedResource, RecordedResource } from "./model";
