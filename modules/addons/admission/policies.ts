/**
 * The policy pack's Kubernetes rules, rendered for Gatekeeper. The pack writes each rule once as CEL
 * and renders ConstraintTemplates and Constraints from it (policy-pack/cel/gatekeeper.ts); this is
 * the one place the program reads them. Levels and parameters come from the same per-environment
 * pack config CrossGuard uses (policy-pack/config/<env>.json), so preview and admission agree.
 */
import { constraint, constraintTemplate } from "../../../policy-pack/cel/gatekeeper";
import type { CelRule } from "../../../policy-pack/cel/rule";
import { loadPackConfig, withPlatformAdminGroup } from "../../../policy-pack/lib/config";
import type { PackConfig } from "../../../policy-pack/lib/engine";
import { kubernetesRules } from "../../../policy-pack/policies/kubernetes";
import type { PlatformConfig } from "../../config";
import type { AdmissionPolicy, ConstraintSpec, ConstraintTemplateSpec } from "./gatekeeper/constraints";

/** A rule's level and parameters under the pack config (a level string, or an object with `enforcementLevel`). */
export function ruleSettings(rule: CelRule, pack: PackConfig): { level: string; params: Record<string, unknown> } {
    const entry = pack[rule.name] ?? pack.all;
    if (typeof entry === "string") {
        return { level: entry, params: {} };
    }
    const params: Record<string, unknown> = { ...(entry ?? {}) };
    delete params.enforcementLevel;
    return { level: entry?.enforcementLevel ?? rule.level, params };
}

/**
 * Every Kubernetes rule of the pack as a template and a constraint, skipping the disabled ones. The
 * platform admin group is allowed cluster-admin through the same function the offline plan uses
 * for CrossGuard (`withPlatformAdminGroup`), so both judge the program's own binding alike.
 */
export function renderAdmissionPolicies(rules: readonly CelRule[], pack: PackConfig, adminGroup?: string): AdmissionPolicy[] {
    const out: AdmissionPolicy[] = [];
    const stackPack = withPlatformAdminGroup(pack, adminGroup);
    for (const rule of rules) {
        const { level, params } = ruleSettings(rule, stackPack);
        if (level === "disabled") {
            continue;
        }
        const effective = level === "advisory" ? "advisory" : "mandatory";
        out.push({
            level: effective,
            template: constraintTemplate(rule) as unknown as ConstraintTemplateSpec,
            constraint: constraint(rule, params, effective) as unknown as ConstraintSpec,
        });
    }
    return out;
}

/** The rendered admission rules for this stack. */
export function admissionPolicies(config: PlatformConfig): AdmissionPolicy[] {
    return renderAdmissionPolicies(kubernetesRules, loadPackConfig(config.environment), config.rbac.platformAdminGroup);
}
