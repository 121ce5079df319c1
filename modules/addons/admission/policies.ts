/**
 * The policy pack's Kubernetes rules, rendered for the cluster's admission engine. The pack writes
 * each rule once as CEL and renders it for Gatekeeper (policy-pack/cel/gatekeeper.ts: a
 * ConstraintTemplate and a Constraint) and for the API server itself (policy-pack/cel/vap.ts: a
 * ValidatingAdmissionPolicy and its binding); this is the one place the program reads them. Levels and
 * parameters come from the same per-environment pack config CrossGuard uses
 * (policy-pack/config/<env>.json), resolved the same way, so preview and admission agree.
 */
import { renderRules } from "../../../policy-pack/cel/gatekeeper";
import type { CelRule } from "../../../policy-pack/cel/rule";
import { NativeRule, renderNativeRules } from "../../../policy-pack/cel/vap";
import { loadPackConfig } from "../../../policy-pack/lib/config";
import type { PackConfig } from "../../../policy-pack/lib/engine";
import { kubernetesRules } from "../../../policy-pack/policies/kubernetes";
import type { PlatformConfig } from "../../config";
import type { AdmissionPolicy, ConstraintSpec, ConstraintTemplateSpec } from "./gatekeeper/constraints";

/** The rule that allow-lists cluster-admin subjects: the platform's own admin group is always on it. */
const clusterAdminRule = "restrict-cluster-admin-bindings";

/** `pack` with the platform admin group added to the cluster-admin rule's allowed subjects (its level kept). */
export function withAdminGroup(pack: PackConfig, adminGroup: string | undefined): PackConfig {
    if (!adminGroup) {
        return pack;
    }
    // The rule's own entry, else the level `all` gives every rule (kept: adding an entry must not change the level).
    const entry = pack[clusterAdminRule];
    const all = pack.all;
    const inherited = typeof all === "string" ? all : all?.enforcementLevel;
    const settings: Record<string, unknown> =
        typeof entry === "string" ? { enforcementLevel: entry } : entry ? { ...entry } : inherited ? { enforcementLevel: inherited } : {};
    const listed = Array.isArray(settings.allowedSubjects) ? (settings.allowedSubjects as unknown[]) : [];
    return { ...pack, [clusterAdminRule]: { ...settings, allowedSubjects: [...listed, { kind: "Group", name: adminGroup }] } as PackConfig[string] };
}

/** The pack config admission enforces for this stack: the environment's, with the platform admin group allowed cluster-admin. */
export function admissionPackConfig(config: PlatformConfig): PackConfig {
    return withAdminGroup(loadPackConfig(config.environment), config.rbac.platformAdminGroup);
}

/** Every Kubernetes rule of the pack as a Gatekeeper template and constraint, skipping the disabled ones. */
export function renderAdmissionPolicies(rules: readonly CelRule[], pack: PackConfig, adminGroup?: string): AdmissionPolicy[] {
    return renderRules(rules, withAdminGroup(pack, adminGroup)).map((r) => ({
        level: r.level,
        template: r.template as unknown as ConstraintTemplateSpec,
        constraint: r.constraint as unknown as ConstraintSpec,
    }));
}

/** The rendered Gatekeeper rules for this stack. */
export function admissionPolicies(config: PlatformConfig): AdmissionPolicy[] {
    return renderAdmissionPolicies(kubernetesRules, loadPackConfig(config.environment), config.rbac.platformAdminGroup);
}

/** The native rules (ValidatingAdmissionPolicy and binding) for this stack, outside `excludedNamespaces`. */
export function nativeAdmissionRules(config: PlatformConfig, excludedNamespaces: readonly string[]): NativeRule[] {
    return renderNativeRules(kubernetesRules, admissionPackConfig(config), { enforcement: config.security.admission.enforcement, excludedNamespaces });
}
