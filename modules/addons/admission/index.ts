/**
 * Admission control, installed after every add-on from the immutable description of the installed
 * platform, with the engine the stack chooses (`security.admission.engine`):
 * - `gatekeeper`: OPA Gatekeeper with the policy pack's Kubernetes rules as ConstraintTemplates and
 *   Constraints, its release waiting for every add-on's release (its webhook never judges the
 *   platform's own installation);
 * - `native`: the same rules as the API server's own ValidatingAdmissionPolicies (no webhook, no pods).
 * Either way every system and platform namespace is excluded, and the enforcement is the stack's.
 */
import type * as pulumi from "@pulumi/pulumi";
import { NamespacePatch } from "@pulumi/kubernetes/core/v1";
import type { ClusterHandle } from "../../cluster/contract";
import type { PlatformConfig } from "../../config";
import type { NamespaceDeclaration } from "../addon";
import { AddonContext } from "../context";
import { podSecurityLabels } from "../namespace";
import { observability } from "../observability";
import { frozen, InstalledAddon, InstalledPlatform } from "../runner";
import { excludedNamespaces, Gatekeeper, gatekeeperNamespace } from "./gatekeeper";
import { NativeAdmission } from "./native";
import { admissionPolicies, nativeAdmissionRules } from "./policies";
import type { AdmissionPolicy } from "./gatekeeper";

export { admissionPackConfig, admissionPolicies, nativeAdmissionRules, renderAdmissionPolicies } from "./policies";
export type { AdmissionPolicy } from "./gatekeeper";

/** What admission control installed: its add-on record (for the network policies) and its stack outputs. */
export interface Admission {
    installed: InstalledAddon;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** Which engine enforces the pack in the cluster, or none (`security.enabled`, and for Gatekeeper `security.gatekeeper.enabled`). */
export function admissionEngine(config: PlatformConfig): "gatekeeper" | "native" | undefined {
    const s = config.security;
    if (!s.enabled) {
        return undefined;
    }
    if (s.admission.engine === "native") {
        return "native";
    }
    return s.gatekeeper.enabled ? "gatekeeper" : undefined;
}

/** The namespaces admission control uses with this config, or (`evenIfDisabled`) would use once enabled with Gatekeeper. */
export function admissionNamespaces(config: PlatformConfig, evenIfDisabled = false): NamespaceDeclaration[] {
    return admissionEngine(config) === "gatekeeper" || evenIfDisabled ? [{ name: gatekeeperNamespace, podSecurity: "restricted" }] : [];
}

/** The `default` namespace's labels: the restricted Pod Security level, as every tenant namespace enforces. */
export function defaultNamespaceLabels(): Record<string, string> {
    return podSecurityLabels("restricted");
}

/**
 * Labels Kubernetes' `default` namespace with the restricted Pod Security level, by server-side apply
 * (the namespace is the cluster's, not the stack's: only these labels are the stack's, forced over
 * another manager's, and released when the stack is destroyed). Workloads do not belong in `default`;
 * admission judges it like any tenant namespace.
 */
export function labelDefaultNamespace(cluster: ClusterHandle): NamespacePatch {
    return new NamespacePatch(
        "default-namespace-pod-security",
        { metadata: { name: "default", labels: defaultNamespaceLabels(), annotations: { "pulumi.com/patchForce": "true" } } },
        { provider: cluster.provider },
    );
}

/** Installs admission control last with the stack's engine, or nothing when it is off; labels `default` restricted whenever the security area is on. */
export function installAdmission(
    config: PlatformConfig,
    cluster: ClusterHandle,
    platform: InstalledPlatform,
    /** The rendered Gatekeeper rules. Default: the policy pack's Kubernetes rules at this environment's levels. */
    policies: readonly AdmissionPolicy[] = admissionPolicies(config),
): Admission | undefined {
    if (config.security.enabled) {
        labelDefaultNamespace(cluster);
    }
    const engine = admissionEngine(config);
    if (!engine) {
        return undefined;
    }
    const s = config.security;
    const platformNamespaces = platform.namespaces.map((n) => n.name);
    if (engine === "native") {
        const addon = { id: "admission", area: "security" as const };
        const native = new NativeAdmission(
            "admission",
            {
                rules: nativeAdmissionRules(config, excludedNamespaces(platformNamespaces, s.admission.exemptNamespaces, false)),
            },
            { providers: { kubernetes: cluster.provider } },
        );
        const context = new AddonContext(config, cluster, addon, platform.declaredNamespaces, platform.priorityClass);
        return { installed: frozen(addon, context), outputs: { engine, enforcement: s.admission.enforcement, policies: native.policies.length } };
    }
    const addon = { id: "gatekeeper", area: "security" as const };
    const context = new AddonContext(config, cluster, addon, platform.declaredNamespaces, platform.priorityClass);
    const gatekeeper = new Gatekeeper("gatekeeper", {
        context,
        settings: s.gatekeeper,
        enforcement: s.admission.enforcement,
        exemptNamespaces: s.admission.exemptNamespaces,
        policies,
        after: platform.releases,
        platformNamespaces,
        scraping: platform.get(observability)?.scraping,
    });
    return {
        installed: frozen(addon, context),
        outputs: { engine, gatekeeper: { enforcement: s.admission.enforcement, constraints: gatekeeper.constraints.length } },
    };
}
