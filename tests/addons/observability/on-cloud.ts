/** The observability add-on (after storage, which gives it the platform StorageClass) planned on the stand-in cluster of each cloud. */
import { observability } from "../../../modules/addons/observability";
import { storage } from "../../../modules/addons/storage";
import type { RecordedResource } from "../../../modules/plan/model";
import { AddonsRun, ManagedCloud, planAddonsOn } from "../../fakes/cluster";
import type { PlanResult, TestConfig } from "../../harness";

export type { ManagedCloud } from "../../fakes/cluster";

/** Plans `config` with the storage and observability add-ons on a stand-in managed cluster on `cloud`. */
export function planObservabilityOn(cloud: ManagedCloud, config: TestConfig, options: { secretSections?: string[] } = {}): Promise<AddonsRun> {
    return planAddonsOn(cloud, config, { addons: [storage, observability], secretSections: options.secretSections });
}

/** A release's values as the cluster would receive them (secrets unwrapped), by release name. */
export function releaseValues(plan: PlanResult, releaseName: string): Record<string, unknown> {
    const r = releaseNamed(plan, releaseName);
    if (!r) {
        throw new Error(
            `no release named ${releaseName}; releases: ${plan
                .ofType("kubernetes:helm.sh/v3:Release")
                .map((x) => x.props.name)
                .join(", ")}`,
        );
    }
    return r.props.values as Record<string, unknown>;
}

export function releaseNamed(plan: PlanResult, releaseName: string): RecordedResource | undefined {
    return plan.ofType("kubernetes:helm.sh/v3:Release").find((x) => x.props.name === releaseName);
}
