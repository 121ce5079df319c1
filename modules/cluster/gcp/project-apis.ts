/** The Google APIs a GKE cluster with CMEK needs, enabled in the project (and left enabled on destroy: other workloads may use them). */
import { Service } from "@pulumi/gcp/projects";
import type * as pulumi from "@pulumi/pulumi";

/** Google APIs a GKE cluster with CMEK needs. */
export const requiredServices = ["compute.googleapis.com", "container.googleapis.com", "cloudkms.googleapis.com", "iam.googleapis.com"] as const;

/** Enables each required API; everything the cluster module creates in the project waits for them. */
export function enableProjectApis(name: string, project: string, opts: pulumi.CustomResourceOptions): Service[] {
    return requiredServices.map((service) => new Service(`${name}-${service.split(".")[0]}`, { project, service, disableOnDestroy: false }, opts));
}
