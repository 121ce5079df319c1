/**
 * The GKE control plane: a regional cluster with private nodes and a private (prod) or
 * authorized-networks endpoint, no legacy ABAC and no client certificates, Secrets and the
 * temporary default pool's disks encrypted with the cluster's keys (one per purpose), Workload Identity, Dataplane V2,
 * control-plane logging and managed Prometheus, a release channel and a weekend maintenance window.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Cluster, ClusterArgs } from "@pulumi/gcp/container";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterResourceOptions } from "../resource-options";
import type { GkeKeys } from "./encryption";
import type { GkeNetwork } from "./network";
import { hardenedNodeConfig } from "./nodes";

type GcpCluster = ManagedClusterConfig<"gcp">;

/** Control-plane log components sent to Cloud Logging (audit logs of the API are always on in Cloud Audit Logs). */
export const gkeLoggingComponents = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"] as const;

/** Authorized networks of the control plane (pure): the nodes and allowed private networks when private, else the allowed public CIDRs. */
export function authorizedNetworks(endpoint: { private: boolean; publicAccessCidrs: string[]; privateAccessCidrs: string[] }, nodeCidr: string) {
    const cidrs = endpoint.private ? [nodeCidr, ...endpoint.privateAccessCidrs] : endpoint.publicAccessCidrs;
    return cidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: i === 0 && endpoint.private ? "nodes" : `allowed-${i}` }));
}

/** The Google Groups for RBAC parent group: configured, or gke-security-groups@ the admin group's domain. */
export function securityGroupFor(cluster: { securityGroup?: string; adminGroup?: string }): string | undefined {
    return cluster.securityGroup ?? (cluster.adminGroup ? `gke-security-groups@${cluster.adminGroup.split("@")[1]}` : undefined);
}

/** What the cluster is built on. */
export interface GkeControlPlaneArgs {
    network: GkeNetwork;
    keys: GkeKeys;
    /** The nodes' own service account (the temporary default pool runs as it). */
    nodeServiceAccount: pulumi.Input<string>;
    labels: Record<string, string>;
    prod: boolean;
    /** What must exist first: the project's APIs, the key grants, the node account's roles, node egress. */
    dependsOn: pulumi.Resource[];
}

/** Creates the cluster. Its default pool is removed at creation; the platform's pools are separate resources. */
export function createGkeControlPlane(name: string, cluster: GcpCluster, args: GkeControlPlaneArgs, opts: ClusterResourceOptions): Cluster {
    return new Cluster(`${name}-gke`, clusterArgs(cluster, args), {
        ...opts.guarded,
        dependsOn: args.dependsOn,
        // nodeConfig only shapes the temporary default pool (removed at creation); a later change
        // to it would force a replacement of the whole cluster.
        ignoreChanges: ["nodeConfig", "initialNodeCount"],
    });
}

/** The cluster's settings. */
function clusterArgs(cluster: GcpCluster, args: GkeControlPlaneArgs): ClusterArgs {
    const { network, keys } = args;
    const securityGroup = securityGroupFor(cluster);
    return {
        name: cluster.name,
        project: cluster.project,
        location: cluster.region,
        ...(cluster.zones ? { nodeLocations: cluster.zones } : {}),
        network: network.network,
        subnetwork: network.subnetwork,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: network.podRangeName, servicesSecondaryRangeName: network.serviceRangeName },
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        nodeConfig: hardenedNodeConfig({
            role: "system",
            pool: cluster.nodePools.system,
            serviceAccount: args.nodeServiceAccount,
            bootDiskKmsKey: keys.disks.id,
        }),
        minMasterVersion: cluster.kubernetesVersion,
        releaseChannel: { channel: cluster.releaseChannel },
        privateClusterConfig: {
            enablePrivateNodes: true,
            enablePrivateEndpoint: cluster.endpoint.private,
            masterIpv4CidrBlock: cluster.network.masterCidr,
            masterGlobalAccessConfig: { enabled: true },
        },
        masterAuthorizedNetworksConfig: { cidrBlocks: authorizedNetworks(cluster.endpoint, network.nodeCidr), gcpPublicCidrsAccessEnabled: false },
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        enableLegacyAbac: false,
        enableShieldedNodes: true,
        databaseEncryption: { state: "ENCRYPTED", keyName: keys.secrets.id },
        workloadIdentityConfig: { workloadPool: `${cluster.project}.svc.id.goog` },
        datapathProvider: "ADVANCED_DATAPATH",
        loggingConfig: { enableComponents: [...gkeLoggingComponents] },
        monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER"], managedPrometheus: { enabled: true } },
        ...(securityGroup ? { authenticatorGroupsConfig: { securityGroup } } : {}),
        securityPostureConfig: { mode: "BASIC" },
        addonsConfig: { gcePersistentDiskCsiDriverConfig: { enabled: true }, httpLoadBalancing: { disabled: false }, dnsCacheConfig: { enabled: true } },
        maintenancePolicy: { recurringWindow: { startTime: "2026-01-03T02:00:00Z", endTime: "2026-01-03T08:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" } },
        deletionProtection: args.prod,
        resourceLabels: args.labels,
    };
}
