/** Well-known addresses of a cluster's Kubernetes Service range (pure). */
import { hostOf } from "../lib/cidr";

/** The `kubernetes` Service's address, as a /32: the first host of the Service range. */
export function kubernetesServiceCidr(serviceCidr: string): string {
    return `${hostOf(serviceCidr, 1)}/32`;
}

/** The cluster DNS Service's address: by convention the tenth host of the Service range. */
export function clusterDnsAddress(serviceCidr: string): string {
    return hostOf(serviceCidr, 10);
}
