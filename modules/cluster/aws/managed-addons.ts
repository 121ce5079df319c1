/**
 * The EKS managed add-ons every cluster runs: the VPC CNI and kube-proxy (bootstrapSelfManagedAddons
 * is off, so they come as managed add-ons, before nodes join) and CoreDNS (once system nodes run),
 * each at the version modules/addons/versions.ts pins for the cluster's Kubernetes minor. The EBS
 * CSI driver and snapshot controller are installed through the handle (`ebs-csi.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { Addon } from "@pulumi/aws/eks";
import { EksAddonName, eksAddonVersion, eksAddons } from "../../addons/versions";

/**
 * The managed vpc-cni add-on's configuration: its network policy agent on, so NetworkPolicies are
 * enforced (policy E5). The agent ships with the add-on (Kubernetes 1.25 and later).
 */
export const vpcCniConfiguration = { enableNetworkPolicy: "true" };

/** The cluster the managed add-ons go to. */
export interface EksAddonTarget {
    clusterName: pulumi.Input<string>;
    /** Kubernetes minor: selects each add-on's pinned version. */
    kubernetesVersion: string;
}

/**
 * The EKS Addon arguments shared by every managed add-on: its pinned version for the cluster's
 * Kubernetes minor (EKS's default where none is verified), conflicts overwritten on create only.
 */
export function eksAddonArgs(name: EksAddonName, target: EksAddonTarget) {
    return {
        clusterName: target.clusterName,
        addonName: eksAddons[name].addon,
        addonVersion: eksAddonVersion(name, target.kubernetesVersion),
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "PRESERVE",
    };
}

/** One managed add-on. */
function eksAddon(
    name: string,
    addon: EksAddonName,
    target: EksAddonTarget,
    opts: pulumi.CustomResourceOptions,
    dependsOn: pulumi.Resource[] = [],
    configuration?: Record<string, unknown>,
): Addon {
    return new Addon(
        `${name}-${eksAddons[addon].addon}`,
        { ...eksAddonArgs(addon, target), ...(configuration ? { configurationValues: JSON.stringify(configuration) } : {}) },
        { ...opts, dependsOn },
    );
}

/** The pod network add-ons nodes need before they can join: the VPC CNI and kube-proxy. */
export function createNetworkAddons(name: string, target: EksAddonTarget, opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
    // The VPC CNI enforces NetworkPolicies only with its network policy agent switched on (off by
    // default): without it, every default-deny and tenant-isolation policy is ignored on EKS.
    const cni = eksAddon(name, "vpcCni", target, opts, [], vpcCniConfiguration);
    const kubeProxy = eksAddon(name, "kubeProxy", target, opts);
    return [cni, kubeProxy];
}

/** CoreDNS, once the system nodes it runs on exist (a managed add-on is ACTIVE only once its pods run). */
export function createCoreDns(name: string, target: EksAddonTarget, systemNodes: pulumi.Resource, opts: pulumi.CustomResourceOptions): Addon {
    return eksAddon(name, "coreDns", target, opts, [systemNodes]);
}
