/**
 * The composition root: one validated config in, the whole platform out. index.ts only loads the
 * config, calls this and exports the outputs.
 *
 * 1. Plan (config alone): which add-ons the stack installs and in which order, the namespaces they
 *    use, and every problem a stack could have before anything is created (a required add-on off, a
 *    capability the cloud lacks, a tenant namespace that is a platform one).
 * 2. The cluster, created on a cloud or adopted.
 * 3. The add-ons, each after the ones it needs (modules/addons/catalogue.ts).
 * 4. From the immutable description of what was installed: tenants, admission control (last, after
 *    every release), then the platform network policies over every platform namespace.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../config";
import { createCluster } from "../cluster";
import type { ClusterHandle } from "../cluster/contract";
export { platformChecks } from "./checks";
import { admissionNamespaces, installAdmission } from "../addons/admission";
import { catalogue } from "../addons/catalogue";
import { installNetworkPolicies } from "../addons/network-policies";
import { addonOutputs, installAddons, InstalledPlatform, planAddons } from "../addons/runner";
import { createTenants, tenancyInputs } from "../tenancy";

export interface Platform {
    cluster: ClusterHandle;
    /** What the add-ons installed (admission control included). */
    installed: InstalledPlatform;
    /** Stack outputs: the kubeconfig (secret), endpoints, and what each add-on exposes. */
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** Builds the platform for a config that passed `platformChecks` (modules/platform/checks.ts) with the schema. */
export async function createPlatform(config: PlatformConfig): Promise<Platform> {
    const plan = planAddons(catalogue, config, { owner: "gatekeeper", namespaces: admissionNamespaces(config) });

    const cluster = await createCluster(config);
    const installed = installAddons(plan, config, cluster);
    const tenancy = await createTenants(config, cluster, tenancyInputs(installed));
    const admission = installAdmission(config, cluster, installed);
    const secured = admission ? installed.including(admission.installed) : installed;
    const networkPolicies = installNetworkPolicies(config, secured, cluster.network.apiServerCidrs, cluster.network.nodeCidr);

    return {
        cluster,
        installed: secured,
        outputs: {
            environment: config.environment,
            cloud: cluster.cloud,
            region: cluster.region,
            clusterName: cluster.name,
            kubernetesVersion: cluster.kubernetesVersion,
            endpoint: cluster.endpoint,
            kubeconfig: pulumi.secret(cluster.kubeconfig),
            cluster: cluster.outputs,
            addons: {
                security: {},
                ...addonOutputs(plan, installed, config),
                tenants: tenancy.outputs,
                admission: {
                    ...admission?.outputs,
                    ...(networkPolicies ? { networkPolicyNamespaces: networkPolicies.namespaces } : {}),
                },
            },
        },
    };
}
