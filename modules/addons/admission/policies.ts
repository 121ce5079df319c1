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
import { loadPackConfig, stackPackConfig, withPlatformAdminGroup } from "../../../policy-pack/lib/config";
import type { PackConfig } from "../../../policy-pack/lib/engine";
import { kubernetesRules } from "../../../policy-pack/policies/kubernetes";
import {
    requireUniqueIngressHosts,
    uniqueHostsConstraint,
    uniqueHostsSync,
    uniqueHostsTemplate,
} from "../../../policy-pack/policies/kubernetes/unique-ingress-hosts";
import type { PlatformConfig } from "../../config";
import type { AdmissionPolicy, ConstraintSpec, ConstraintTemplateSpec } from "./gatekeeper/constraints";

/**
 * The pack config admission enforces for this stack: the environment's, with the platform admin group
 * allowed cluster-admin and exempt images followed through the air-gap registry (stackPackConfig, the
 * offline plan's too).
 */
export function admissionPackConfig(config: PlatformConfig): PackConfig {
    return stackPackConfig(loadPackConfig(config.environment), {
        platformAdminGroup: config.rbac.platformAdminGroup,
        imageRegistry: config.airgap.imageRegistry,
    });
}

/**
 * Every Kubernetes rule of the pack as a Gatekeeper template and constraint, skipping the disabled
 * ones. The platform admin group is allowed cluster-admin through the same function the offline plan
 * uses for CrossGuard (`withPlatformAdminGroup`), so both judge the program's own binding alike.
 */
export function renderAdmissionPolicies(rules: readonly CelRule[], pack: PackConfig, adminGroup?: string): AdmissionPolicy[] {
    return renderRules(rules, withPlatformAdminGroup(pack, adminGroup)).map((r) => ({
        level: r.level,
        template: r.template as unknown as ConstraintTemplateSpec,
        constraint: r.constraint as unknown as ConstraintSpec,
    }));
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

/** The rendered Gatekeeper rules for this stack (the in-cluster host uniqueness rule included). */
export function admissionPolicies(config: PlatformConfig): AdmissionPolicy[] {
    const pack = admissionPackConfig(config);
    const unique = uniqueHostsPolicy(pack);
    return [...renderAdmissionPolicies(kubernetesRules, pack, config.rbac.platformAdminGroup), ...(unique ? [unique] : [])];
}

/** The native rules (ValidatingAdmissionPolicy and binding) for this stack, outside `excludedNamespaces`. */
export function nativeAdmissionRules(config: PlatformConfig, excludedNamespaces: readonly string[]): NativeRule[] {
    return renderNativeRules(kubernetesRules, admissionPackConfig(config), { enforcement: config.security.admission.enforcement, excludedNamespaces });
}
