/**
 * The policy pack's Kubernetes rules, rendered for Gatekeeper. The pack writes each rule once as CEL
 * and renders ConstraintTemplates and Constraints from it (policy-pack/cel/gatekeeper.ts); this is
 * the one place the program reads them. Levels and parameters come from the environment's pack
 * config (policy-pack/config/<environment>.json), as `pulumi preview --policy-pack-config` uses it.
 */
import type { PlatformConfig } from "../../../config";
import { renderRules } from "../../../../policy-pack/cel/gatekeeper";
import { loadPackConfig } from "../../../../policy-pack/lib/config";
import { kubernetesRules } from "../../../../policy-pack/policies/kubernetes/rules";
import type { AdmissionPolicy } from "./constraints";

/** The rendered admission rules for this stack. */
export function admissionPolicies(config: PlatformConfig): AdmissionPolicy[] {
    return renderRules(kubernetesRules, loadPackConfig(config.environment));
}
