/**
 * Admission control, installed after every add-on from the immutable description of the installed
 * platform: OPA Gatekeeper with the policy pack's Kubernetes rules, waiting for every add-on's
 * release (its webhook never judges the platform's own installation) and excluding every platform
 * namespace.
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
import { Gatekeeper, gatekeeperNamespace } from "./gatekeeper";
import { admissionPolicies } from "./policies";

export { admissionPolicies, renderAdmissionPolicies, ruleSettings } from "./policies";
export type { AdmissionPolicy } from "./gatekeeper";
import type { AdmissionPolicy } from "./gatekeeper";

/** What admission control installed: its add-on record (for the network policies) and its stack outputs. */
export interface Admission {
    installed: InstalledAddon;
    gatekeeper: Gatekeeper;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** The namespaces admission control uses with this config, or (`evenIfDisabled`) would use once enabled. */
export function admissionNamespaces(config: PlatformConfig, evenIfDisabled = false): NamespaceDeclaration[] {
    const on = config.security.enabled && config.security.gatekeeper.enabled;
    return on || evenIfDisabled ? [{ name: gatekeeperNamespace, podSecurity: "restricted" }] : [];
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

/** Installs Gatekeeper last, or nothing when it is off (`security.gatekeeper.enabled`); labels `default` restricted whenever the security area is on. */
export function installAdmission(
    config: PlatformConfig,
    cluster: ClusterHandle,
    platform: InstalledPlatform,
    /** The rendered rules. Default: the policy pack's Kubernetes rules at this environment's levels. */
    policies: readonly AdmissionPolicy[] = admissionPolicies(config),
): Admission | undefined {
    const s = config.security;
    if (!s.enabled) {
        return undefined;
    }
    labelDefaultNamespace(cluster);
    if (!s.gatekeeper.enabled) {
        return undefined;
    }
    const addon = { id: "gatekeeper", area: "security" as const };
    const context = new AddonContext(config, cluster, addon, platform.declaredNamespaces, platform.priorityClass);
    const gatekeeper = new Gatekeeper("gatekeeper", {
        context,
        settings: s.gatekeeper,
        policies,
        after: platform.releases,
        platformNamespaces: platform.namespaces.map((n) => n.name),
        scraping: platform.get(observability)?.scraping,
    });
    return {
        installed: frozen(addon, context),
        gatekeeper,
        outputs: { gatekeeper: { enforcement: s.gatekeeper.enforcement, constraints: gatekeeper.constraints.length } },
    };
}
