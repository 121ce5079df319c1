/**
 * Native admission (`security.admission.engine: native`): the policy pack's Kubernetes rules as the API
 * server's own ValidatingAdmissionPolicies and bindings, generated from the same CEL as CrossGuard and
 * Gatekeeper (policy-pack/cel/vap.ts). No webhook, no pods: nothing to fail closed when a webhook is
 * down, and nothing to schedule. The same enforcement per environment (deny or warn, with audit), the
 * same exemptions (system and platform namespaces, and `security.admission.exemptNamespaces`).
 */
import * as pulumi from "@pulumi/pulumi";
import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "@pulumi/kubernetes/admissionregistration/v1";
import type { NativeRule } from "../../../policy-pack/cel/vap";

export interface NativeAdmissionArgs {
    /** The rendered rules (policy and binding each). */
    rules: readonly NativeRule[];
}

export class NativeAdmission extends pulumi.ComponentResource {
    readonly policies: ValidatingAdmissionPolicy[] = [];
    readonly bindings: ValidatingAdmissionPolicyBinding[] = [];

    constructor(name: string, args: NativeAdmissionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:NativeAdmission", name, {}, opts);
        for (const r of args.rules) {
            const policy = new ValidatingAdmissionPolicy(`${name}-${r.policy.metadata.name}`, r.policy, { parent: this });
            // A binding names its policy: created after it, so it never binds a policy that does not exist yet.
            const binding = new ValidatingAdmissionPolicyBinding(`${name}-${r.binding.metadata.name}-binding`, r.binding, {
                parent: this,
                dependsOn: [policy],
            });
            this.policies.push(policy);
            this.bindings.push(binding);
        }
        this.registerOutputs({ policies: this.policies.length });
    }
}
