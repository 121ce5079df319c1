/**
 * The fixture convention every policy follows: `policy-pack/fixtures/<group>/<policy-name>.ts`
 * exports `cases: PolicyCases`, with at least one passing case and one failing case per way the rule
 * can fail (a compliant base with one change). A meta-test fails for any policy without both.
 */
import type { PackConfig } from "./engine";

export interface CaseResource {
    type: string;
    name?: string;
    props: Record<string, unknown>;
    /** Names of the case's resources this one depends on (stack policies relate resources by dependency). */
    dependsOn?: string[];
}

export interface PolicyCase {
    /** What the case shows ("privileged container", "restricted-compliant deployment"). */
    why: string;
    resources: CaseResource[];
    /** Pack config for this case (parameters, levels). Default: the policy's defaults. */
    config?: PackConfig;
}

export interface PolicyCases {
    /** Compliant inputs: the policy reports nothing. */
    pass: PolicyCase[];
    /** Non-compliant inputs, one per way to fail: the policy reports at least one violation. */
    fail: PolicyCase[];
}
