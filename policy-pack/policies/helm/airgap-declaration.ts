/**
 * The air-gap declaration: how a program tells the policy pack which chart mirror and image
 * registry it was configured with. CrossGuard policies cannot read stack configuration, so the
 * platform program registers one ConfigMap, `kube-system/platform-airgap`, holding its
 * `platform:airgap` settings (modules/addons/airgap.ts builds it from this contract). It is an
 * ordinary Kubernetes resource, so it reaches every enforcement point the same way: the offline plan,
 * `pulumi preview --policy-pack` (stack policies see every resource of the stack) and `policy check`
 * (a manifest set that contains it).
 *
 * In the cluster the ConfigMap also records where the platform's charts and images come from.
 */
import { kubernetesKind } from "../../cel/policy";
import { asObject, asString, isUnknown, Props } from "../../lib/inputs";

export const airgapDeclaration = {
    name: "platform-airgap",
    namespace: "kube-system",
    /** Label that marks the ConfigMap as the declaration (its value names the contract's version). */
    label: "platform.io/airgap",
    labelValue: "v1",
    /** `data` keys. */
    chartMirrorKey: "chartMirror",
    imageRegistryKey: "imageRegistry",
} as const;

/** A declaration found among a stack's resources. */
export interface AirgapDeclaration {
    urn: string;
    /** The declared chart mirror (https:// or oci://), when one is declared and known. */
    chartMirror?: string;
    /** The declared image registry (host with optional path), when one is declared and known. */
    imageRegistry?: string;
    /** True when a declared value is not known yet (computed at apply time). */
    unknown: boolean;
}

/** Whether a resource is the air-gap declaration: exactly the ConfigMap kube-system/platform-airgap. */
export function isAirgapDeclaration(type: string, props: Props | undefined): boolean {
    if (kubernetesKind(type)?.kind !== "ConfigMap" || kubernetesKind(type)?.group !== "") {
        return false;
    }
    const metadata = asObject(props?.metadata);
    return metadata?.name === airgapDeclaration.name && metadata?.namespace === airgapDeclaration.namespace;
}

/** The declaration's settings. */
export function readAirgapDeclaration(urn: string, props: Props): AirgapDeclaration {
    const data = asObject(props.data);
    const unknown = isUnknown(props, "data") || isUnknown(data, airgapDeclaration.chartMirrorKey) || isUnknown(data, airgapDeclaration.imageRegistryKey);
    return {
        urn,
        chartMirror: asString(data?.[airgapDeclaration.chartMirrorKey]),
        imageRegistry: asString(data?.[airgapDeclaration.imageRegistryKey]),
        unknown,
    };
}
