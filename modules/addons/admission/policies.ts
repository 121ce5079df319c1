/**
 * The policy pack's Kubernetes rules, rendered for Gatekeeper. The pack writes each rule once as CEL
 * and renders ConstraintTemplates and Constraints from it (policy-pack/cel/gatekeeper.ts); this is
 * the one place the program reads them. Levels and parameters come from the same per-environment
 * pack config CrossGuard uses (policy-pack/config/<env>.json), so preview and admission agree.
 */
import { constraint, constraintTemplate } from "../../../policy-pack/cel/gatekeeper";
import type { CelRule } from "../../../policy-pack/cel/rule";
import { loadPackConfig } from "../../../policy-pack/lib/config";
import type { PackConfig } from "../../../policy-pack/lib/engine";
import { kubernetesRules } from "../../../policy-pack/policies/kubernetes";
import { requireUniqueIngressHosts, uniqueHostsConstraint, uniqueHostsSync, uniqueHostsTemplate } from "../../../policy-pack/policies/kubernetes/unique-ingress-hosts";
import type { PlatformConfig } from "../../config";
import type { AdmissionPolicy, ConstraintSpec, ConstraintTemplateSpec } from "./gatekeeper/constraints";

/** The rule that allow-lists cluster-admin subjects: the platform's own admin group is always on it. */
const clusterAdminRule = "restrict-cluster-admin-bindings";

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

/** Every Kubernetes rule of the pack as a template and a constraint, skipping the disabled ones. */
export function renderAdmissionPolicies(rules: readonly CelRule[], pack: PackConfig, adminGroup?: string): AdmissionPolicy[] {
    const out: AdmissionPolicy[] = [];
    for (const rule of rules) {
        const { level, params } = ruleSettings(rule, pack);
        if (level === "disabled") {
            continue;
        }
        const effective = level === "advisory" ? "advisory" : "mandatory";
        if (rule.name === clusterAdminRule && adminGroup) {
            const listed = Array.isArray(params.allowedSubjects) ? (params.allowedSubjects as unknown[]) : [];
            params.allowedSubjects = [...listed, { kind: "Group", name: adminGroup }];
        }
        out.push({
            level: effective,
            template: constraintTemplate(rule) as unknown as ConstraintTemplateSpec,
            constraint: constraint(rule, params, effective) as unknown as ConstraintSpec,
        });
    }
    return out;
}

/**
 * The in-cluster host uniqueness rule (Rego over Gatekeeper's inventory of Ingresses and HTTPRoutes),
 * at the level the pack config gives `require-unique-ingress-hosts`, its CrossGuard counterpart;
 * nothing when that is disabled.
 */
export function uniqueHostsPolicy(pack: PackConfig): AdmissionPolicy | undefined {
    const entry = pack[requireUniqueIngressHosts.name] ?? pack.all;
    const level = (typeof entry === "string" ? entry : entry?.enforcementLevel) ?? requireUniqueIngressHosts.enforcementLevel ?? "mandatory";
    if (level === "disabled") {
        return undefined;
    }
    const effective = level === "advisory" ? "advisory" : "mandatory";
    return {
        level: effective,
        template: uniqueHostsTemplate() as unknown as ConstraintTemplateSpec,
        constraint: uniqueHostsConstraint(effective) as unknown as ConstraintSpec,
        sync: uniqueHostsSync,
    };
}

/** The rendered admission rules for this stack. */
export function admissionPolicies(config: PlatformConfig): AdmissionPolicy[] {
    const pack = loadPackConfig(config.environment);
    const unique = uniqueHostsPolicy(pack);
    return [...renderAdmissionPolicies(kubernetesRules, pack, config.rbac.platformAdminGroup), ...(unique ? [unique] : [])];
}
