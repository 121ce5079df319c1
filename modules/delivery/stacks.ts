/**
 * The stacks the pipelines act on, read from stacks/Pulumi.<stack>.yaml without the Pulumi CLI (the
 * deployable stacks: examples/stacks/ is never read here): the offline plan covers every stack;
 * previews, promotion and drift detection cover the stacks on a managed cloud (an `existing`
 * cluster's kubeconfig points at a machine CI cannot reach). Each entry carries what its jobs need:
 * the runner (`platform:pipeline.runner`), the GitHub Environments holding its credentials, and the
 * state backend's cloud.
 */
import * as path from "path";
import { parseStackConfig, PlatformConfig, readStackFile, stackFilePath, stacksDir as deployableStacksDir, stacksIn } from "../config";
import { tiers, Tier } from "../config/common";
import { githubHostedLabel, runnerLabels } from "../config/sections/pipeline";

/** `runs-on`: a list of labels, or a runner group with labels. */
export type RunsOn = string[] | { group: string; labels?: string[] };

/** One stack as a pipeline matrix entry. */
export interface CiStack {
    stack: string;
    environment: Tier;
    /** aws | azure | gcp | existing. */
    cloud: string;
    /** `runs-on` of its preview, deploy and drift jobs. */
    runner: RunsOn;
    /** GitHub Environment of `pulumi up` (deploy identity). */
    deployEnvironment: string;
    /** GitHub Environment of previews and drift checks (read-only identity). */
    previewEnvironment: string;
    /** The API endpoint is private: only a runner inside the cluster's network reaches it. */
    privateEndpoint: boolean;
}

/** The environments in promotion order: a change reaches prod only after dev and staging. */
export const promotionOrder: readonly Tier[] = tiers;

const managedClouds = new Set(["aws", "azure", "gcp"]);

/** The runner a GitHub-hosted job uses when a stack names none (public endpoints only). */
export const defaultRunner = ["ubuntu-latest"];

/** A stack's matrix entry, from its validated configuration. */
export function ciStackOf(config: PlatformConfig): CiStack {
    const labels = runnerLabels(config.pipeline);
    const group = config.pipeline.runnerGroup;
    const runner: RunsOn = group ? { group, ...(labels ? { labels } : {}) } : (labels ?? defaultRunner);
    return {
        stack: config.stack,
        environment: config.environment,
        cloud: config.cluster.cloud,
        runner,
        deployEnvironment: config.pipeline.deployEnvironment ?? config.stack,
        previewEnvironment: config.pipeline.previewEnvironment ?? `${config.stack}-preview`,
        privateEndpoint: "endpoint" in config.cluster ? config.cluster.endpoint.private : false,
    };
}

/**
 * Every deployable stack's matrix entry. A file that does not validate is left out here (the
 * offline plan job, which plans every file and runs first, fails on it with its errors).
 */
export function ciStacks(stacksDir = deployableStacksDir): CiStack[] {
    const out: CiStack[] = [];
    for (const stack of stacksIn(stacksDir)) {
        let config: PlatformConfig;
        try {
            config = parseStackConfig(readStackFile(stackFilePath(stack, stacksDir)));
        } catch {
            continue;
        }
        out.push(ciStackOf(config));
    }
    return out;
}

/** Stacks whose cluster is on a managed cloud, where CI can preview, deploy and detect drift. */
export function managedStacks(stacks: readonly CiStack[]): CiStack[] {
    return stacks.filter((s) => managedClouds.has(s.cloud));
}

/** The labels of a `runs-on`. */
function labelsOf(runner: RunsOn): string[] {
    return Array.isArray(runner) ? runner : (runner.labels ?? []);
}

/**
 * Why CI cannot act on a managed stack, naming its file and the key to set: a private endpoint on a
 * GitHub-hosted runner (the job would time out against an unreachable API server).
 */
export function ciProblems(stacks: readonly CiStack[], stacksDir = deployableStacksDir): string[] {
    const problems: string[] = [];
    for (const s of managedStacks(stacks)) {
        const hosted = !Array.isArray(s.runner) ? false : labelsOf(s.runner).some((l) => githubHostedLabel.test(l));
        if (s.privateEndpoint && hosted) {
            const file = path.relative(path.join(stacksDir, ".."), stackFilePath(s.stack, stacksDir));
            problems.push(
                `${file}: pipeline.runner: the ${s.stack} cluster has a private API endpoint, which ${labelsOf(s.runner).join(", ")} (GitHub-hosted) cannot reach; set platform:pipeline.runner to the labels of a runner inside the cluster's network, e.g. [self-hosted, linux, ${s.stack}]`,
            );
        }
    }
    return problems;
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
