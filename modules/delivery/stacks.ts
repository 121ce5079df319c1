/**
 * The stacks the pipelines act on, read from stacks/Pulumi.<stack>.yaml without the Pulumi CLI (the
 * deployable stacks: examples/stacks/ is never read here): the offline plan covers every stack;
 * previews, promotion and drift detection cover the stacks on a managed cloud (an `existing`
 * cluster's kubeconfig points at a machine CI cannot reach).
 */
import { readStackFile, stackFilePath, stacksDir as deployableStacksDir, stacksIn } from "../config";
import { projectName } from "../config/schema";
import { tiers, Tier } from "../config/common";

/** One stack as a pipeline matrix entry. */
export interface CiStack {
    stack: string;
    environment: Tier;
    /** aws | azure | gcp | existing. */
    cloud: string;
}

/** The environments in promotion order: a change reaches prod only after dev and staging. */
export const promotionOrder: readonly Tier[] = tiers;

const managedClouds = new Set(["aws", "azure", "gcp"]);

/**
 * Every stack file's environment and cloud. A file that cannot be read or lacks either key is left
 * out here (the offline plan job, which plans every file, reports it with its error).
 */
export function ciStacks(stacksDir = deployableStacksDir): CiStack[] {
    const out: CiStack[] = [];
    for (const stack of stacksIn(stacksDir)) {
        let values: Record<string, unknown>;
        try {
            values = readStackFile(stackFilePath(stack, stacksDir)).values;
        } catch {
            continue;
        }
        const environment = values[`${projectName}:environment`];
        const cluster = values[`${projectName}:cluster`];
        const cloud = typeof cluster === "object" && cluster !== null ? (cluster as Record<string, unknown>).cloud : undefined;
        if (typeof environment !== "string" || !(tiers as readonly string[]).includes(environment) || typeof cloud !== "string") {
            continue;
        }
        out.push({ stack, environment: environment as Tier, cloud });
    }
    return out;
}

/** Stacks whose cluster is on a managed cloud, where CI can preview, deploy and detect drift. */
export function managedStacks(stacks: readonly CiStack[]): CiStack[] {
    return stacks.filter((s) => managedClouds.has(s.cloud));
}

/**
 * `key=value` lines for `$GITHUB_OUTPUT`: `all` (every managed stack) and one list per environment,
 * each a JSON array usable as `strategy.matrix.include`. An empty list is `[]`; workflows skip the
 * job then (GitHub rejects an empty matrix).
 */
export function matrixOutputs(stacks: readonly CiStack[]): string {
    const managed = managedStacks(stacks);
    const lines = [`all=${JSON.stringify(managed)}`];
    for (const env of promotionOrder) {
        lines.push(`${env}=${JSON.stringify(managed.filter((s) => s.environment === env))}`);
    }
    return `${lines.join("\n")}\n`;
}
