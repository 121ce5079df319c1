/**
 * The stack's air-gap declaration: with `platform:airgap` set, one ConfigMap,
 * `kube-system/platform-airgap`, records the chart mirror and the image registry the platform was
 * configured with. The policy pack's `require-approved-chart-source` reads it to approve the stack's
 * own chart mirror (CrossGuard policies cannot read stack configuration); in the cluster it tells an
 * operator where the platform's charts and images come from. The contract (name, namespace, keys)
 * belongs to the pack (policy-pack/policies/helm/airgap-declaration.ts).
 */
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import type { Provider } from "@pulumi/kubernetes/provider";
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../config";
import { airgapDeclaration } from "../../policy-pack/policies/helm/airgap-declaration";

/** The declaration's object, or undefined when the stack sets no air-gap mirror. Pure. */
export function airgapDeclarationSpec(airgap: PlatformConfig["airgap"]) {
    if (airgap.chartMirror === undefined && airgap.imageRegistry === undefined) {
        return undefined;
    }
    return {
        metadata: {
            name: airgapDeclaration.name,
            namespace: airgapDeclaration.namespace,
            labels: { [airgapDeclaration.label]: airgapDeclaration.labelValue, "app.kubernetes.io/managed-by": "pulumi" },
        },
        data: {
            ...(airgap.chartMirror !== undefined ? { [airgapDeclaration.chartMirrorKey]: airgap.chartMirror } : {}),
            ...(airgap.imageRegistry !== undefined ? { [airgapDeclaration.imageRegistryKey]: airgap.imageRegistry } : {}),
        },
    };
}

/** Registers the declaration on the cluster when the stack sets an air-gap mirror. */
export function declareAirgap(config: PlatformConfig, provider: Provider, opts: pulumi.CustomResourceOptions = {}): ConfigMap | undefined {
    const spec = airgapDeclarationSpec(config.airgap);
    return spec ? new ConfigMap("platform-airgap", spec, { ...opts, provider }) : undefined;
}
