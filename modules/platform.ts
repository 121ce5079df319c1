/**
 * The composition root: one validated config in, the whole platform out. index.ts only loads the
 * config, calls this and exports the outputs. Order is data: every add-on that needs another's CRDs
 * or webhooks takes it as a typed input; admission control (Gatekeeper) goes in last.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "./config";
import { createCluster } from "./cluster";
import type { ClusterHandle } from "./cluster/contract";
import { PlatformContext } from "./addons/context";
import { installStorageAndRouting } from "./addons/routing";

export interface Platform {
    cluster: ClusterHandle;
    context: PlatformContext;
    /** Stack outputs: the kubeconfig (secret), endpoints, and what each add-on exposes. */
    outputs: Record<string, pulumi.Input<unknown>>;
}

export async function createPlatform(config: PlatformConfig): Promise<Platform> {
    // ── cluster (modules/cluster): created on a cloud or adopted ──
    const cluster = await createCluster(config);
    const platform = new PlatformContext(config, cluster);
    const addonOutputs: Record<string, pulumi.Input<unknown>> = {};

    // ── storage and routing (modules/addons/storage, ingress, dns) ──
    // routing.storage / .ingress / .dns are undefined when disabled; later blocks take them as typed
    // inputs (default StorageClass, ingressClassName + http01Solver for cert-manager, ingress namespace).
    const routing = installStorageAndRouting(platform);
    Object.assign(addonOutputs, routing.outputs);

    // ── observability (modules/addons/observability) ──

    // ── security services (modules/addons/security) ──

    // ── tenancy (modules/tenancy) ──

    // ── admission control last (Gatekeeper) ──

    return {
        cluster,
        context: platform,
        outputs: {
            environment: config.environment,
            cloud: cluster.cloud,
            region: cluster.region,
            clusterName: cluster.name,
            kubernetesVersion: cluster.kubernetesVersion,
            endpoint: cluster.endpoint,
            kubeconfig: pulumi.secret(cluster.kubeconfig),
            cluster: cluster.outputs,
            addons: addonOutputs,
        },
    };
}
