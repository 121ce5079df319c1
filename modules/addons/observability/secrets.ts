/**
 * Config secrets into Kubernetes Secrets: the only way a password, token or webhook URL reaches the
 * cluster. Helm values then name the Secret and key (existingSecret, secretKeyRef, *_file), never
 * the value.
 */
import * as pulumi from "@pulumi/pulumi";
import { Secret as KubeSecret } from "@pulumi/kubernetes/core/v1";
import type { Secret } from "../../config";
import { secretOutput } from "../../config/secret-output";

/** A Kubernetes Secret's name and key, as charts reference it. */
export interface SecretKeyRef {
    name: string;
    key: string;
}

/** An env var read from a Secret key. */
export function envFromSecret(envName: string, ref: SecretKeyRef) {
    return { name: envName, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
}

/**
 * Creates one Opaque Secret holding `data` (key -> config secret), every value a Pulumi secret.
 * Returns undefined when `data` is empty, so callers create nothing when no secret is configured.
 */
export function configSecret(
    resourceName: string,
    args: { name: string; namespace: pulumi.Input<string>; data: Record<string, Secret | undefined>; labels?: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): KubeSecret | undefined {
    const entries = Object.entries(args.data).filter((e): e is [string, Secret] => e[1] !== undefined);
    if (entries.length === 0) {
        return undefined;
    }
    return new KubeSecret(
        resourceName,
        {
            metadata: { name: args.name, namespace: args.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi", ...args.labels } },
            type: "Opaque",
            stringData: Object.fromEntries(entries.map(([k, v]) => [k, secretOutput(v)])),
        },
        opts,
    );
}
