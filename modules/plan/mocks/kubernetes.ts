import type { OutputMock, CallMock } from "./types";

/** Kubernetes objects get a name (auto-named when unset, as the provider does) and a uid. */
const object: OutputMock = (args) => {
    const metadata = (args.inputs.metadata ?? {}) as Record<string, unknown>;
    return { metadata: { ...metadata, name: metadata.name ?? `${args.name}-0a1b2c3d`, uid: `${args.name}-uid` } };
};

export const kubernetesOutputs: Record<string, OutputMock> = {
    "kubernetes:helm.sh/v3:Release": (args) => ({
        status: {
            name: args.inputs.name ?? args.name,
            namespace: args.inputs.namespace ?? "default",
            chart: args.inputs.chart,
            version: args.inputs.version,
            status: "deployed",
            revision: 1,
        },
    }),
};

/** Fallback for every other kubernetes:* type. */
export const kubernetesObject = object;

export const kubernetesCalls: Record<string, CallMock> = {};
