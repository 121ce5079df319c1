/**
 * What each kind of cluster offers its add-ons, known from the cloud alone: which optional
 * capabilities its handle has (a bucket factory, a KMS, a DNS service, a log service) and the cloud
 * services themselves, which are pure. The add-on runner judges a stack with it before anything is
 * created; each cloud's handle carries the same services (a test holds them together). Loading this
 * file loads no cloud SDK.
 */
import type { Cloud } from "../config/sections/cluster";
import { cloudWatchLogs } from "./aws/logs";
import { route53 } from "./aws/dns";
import { azureDns } from "./azure/dns";
import { azureMonitorLogs } from "./azure/logs";
import type { ClusterCapability, DnsService, LogService } from "./contract";
import { cloudDns } from "./gcp/dns";
import { cloudLogging } from "./gcp/logs";

/** A kind of cluster as the add-ons see it before it exists. */
export interface ClusterProfile {
    cloud: Cloud;
    /** The optional ClusterHandle members it offers. */
    capabilities: readonly ClusterCapability[];
    dns?: DnsService;
    logs?: LogService;
}

const profiles: Record<Cloud, ClusterProfile> = {
    aws: { cloud: "aws", capabilities: ["objectStore", "kms", "trustOidcIssuer", "dns", "logs"], dns: route53, logs: cloudWatchLogs },
    azure: { cloud: "azure", capabilities: ["objectStore", "kms", "dns", "logs"], dns: azureDns, logs: azureMonitorLogs },
    gcp: { cloud: "gcp", capabilities: ["objectStore", "kms", "dns", "logs"], dns: cloudDns, logs: cloudLogging },
    existing: { cloud: "existing", capabilities: [] },
};

/** The profile of a cluster on `cloud`. */
export function clusterProfile(cloud: Cloud): ClusterProfile {
    return profiles[cloud];
}

/** The optional capabilities a cluster on `cloud` offers. */
export function clusterCapabilities(cloud: Cloud): readonly ClusterCapability[] {
    return profiles[cloud].capabilities;
}
