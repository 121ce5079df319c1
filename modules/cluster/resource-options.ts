/**
 * The resource options each managed cloud's cluster module gives its cloud resources, derived once
 * from the component, its cloud provider and the environment tier.
 */
import type * as pulumi from "@pulumi/pulumi";

export interface ClusterResourceOptions {
    /** Every cloud resource: the cluster component as parent, and its explicit cloud provider. */
    base: pulumi.CustomResourceOptions;
    /** Stateful or hard-to-recreate resources: protected in prod. */
    guarded: pulumi.CustomResourceOptions;
    /** Keys: protected and kept (not scheduled for deletion) on destroy in prod. */
    keys: pulumi.CustomResourceOptions;
}

export function clusterResourceOptions(parent: pulumi.Resource, provider: pulumi.ProviderResource, prod: boolean): ClusterResourceOptions {
    const base: pulumi.CustomResourceOptions = { parent, provider };
    const guarded: pulumi.CustomResourceOptions = { ...base, protect: prod };
    return { base, guarded, keys: { ...guarded, retainOnDelete: prod } };
}
