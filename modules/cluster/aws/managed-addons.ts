/**
 * The EKS managed add-ons every cluster runs: the VPC CNI and kube-proxy (bootstrapSelfManagedAddons
 * is off, so they come as managed add-ons, before nodes join) and CoreDNS (once system nodes run).
 * The EBS CSI driver and snapshot controller are installed through the handle (`ebs-csi.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { Addon } from "@pulumi/aws/eks";

/**
 * The managed vpc-cni add-on's configuration: its network policy agent on, so NetworkPolicies are
 * enforced (policy E5). The agent ships with the add-on (Kubernetes 1.25 and later).
 */
export const vpcCniConfiguration = { enableNetworkPolicy: "true" };

/** One managed add-on at EKS's default version for the cluster, overwriting conflicts on create only. */
function eksAddon(
    name: string,
    clusterName: pulumi.Input<string>,
    addonName: string,
    opts: pulumi.CustomResourceOptions,
    dependsOn: pulumi.Resource[] = [],
    configuration?: Record<string, unknown>,
): Addon {
    return new Addon(
        `${name}-${addonName}`,
        {
            clusterName,
            addonName,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "PRESERVE",
            ...(configuration ? { configurationValues: JSON.stringify(configuration) } : {}),
        },
        { ...opts, dependsOn },
    );
}

/** The pod network add-ons nodes need before they can join: the VPC CNI and kube-proxy. */
export function createNetworkAddons(name: string, clusterName: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
    // The VPC CNI enforces NetworkPolicies only with its network policy agent switched on (off by
    // default): without it, every default-deny and tenant-isolation policy is ignored on EKS.
    const cni = eksAddon(name, clusterName, "vpc-cni", opts, [], vpcCniConfiguration);
    const kubeProxy = eksAddon(name, clusterName, "kube-proxy", opts);
    return [cni, kubeProxy];
}

/** CoreDNS, once the system nodes it runs on exist (a managed add-on is ACTIVE only once its pods run). */
export function createCoreDns(name: string, clusterName: pulumi.Input<string>, systemNodes: pulumi.Resource, opts: pulumi.CustomResourceOptions): Addon {
    return eksAddon(name, clusterName, "coredns", opts, [systemNodes]);
}
