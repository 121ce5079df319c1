/**
 * Google GKE: network, a Cloud KMS key for etcd (Secrets) and disk encryption, a regional cluster
 * with private nodes and a private (prod) or authorized-networks endpoint, no legacy ABAC and no
 * client certificates, Workload Identity, Dataplane V2, control-plane logging, a release channel,
 * and a system and a workloads node pool. Returns the ClusterHandle.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1";
import { Provider } from "@pulumi/gcp/provider";
import { gcpKeyManagement } from "./gcp/kms-keys";
import { Cluster } from "@pulumi/gcp/container";
import { CryptoKey, CryptoKeyIAMMember, KeyRing } from "@pulumi/gcp/kms";
import { Firewall } from "@pulumi/gcp/compute";
import { getProjectOutput } from "@pulumi/gcp/organizations";
import { Service } from "@pulumi/gcp/projects";
import type { PlatformConfig } from "../config";
import type { ManagedClusterConfig } from "../config/sections/cluster";
import { kubernetesServiceCidr } from "./cidr";
import type { ClusterHandle } from "./contract";
import { execKubeconfig, gcpExec } from "./kubeconfig";
import { createGkeNetwork } from "./gcp/network";
import { createGkeNodePools, createNodeServiceAccount, hardenedNodeConfig } from "./gcp/nodes";
import { GkeWorkloadIdentityBinder } from "./gcp/identity";
import { gkeLoggingComponents, serviceAgents, webhookPorts } from "./gcp/names";
import { GcpObjectStoreFactory } from "./gcp/objectstore";

/** Google APIs a GKE cluster with CMEK needs. */
export const requiredServices = ["compute.googleapis.com", "container.googleapis.com", "cloudkms.googleapis.com", "iam.googleapis.com"] as const;

/** Authorized networks of the control plane (pure): the nodes and allowed private networks when private, else the allowed public CIDRs. */
export function authorizedNetworks(endpoint: { private: boolean; publicAccessCidrs: string[]; privateAccessCidrs: string[] }, nodeCidr: string) {
    const cidrs = endpoint.private ? [nodeCidr, ...endpoint.privateAccessCidrs] : endpoint.publicAccessCidrs;
    return cidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: i === 0 && endpoint.private ? "nodes" : `allowed-${i}` }));
}

/** The Google Groups for RBAC parent group: configured, or gke-security-groups@ the admin group's domain. */
export function securityGroupFor(cluster: { securityGroup?: string; adminGroup?: string }): string | undefined {
    return cluster.securityGroup ?? (cluster.adminGroup ? `gke-security-groups@${cluster.adminGroup.split("@")[1]}` : undefined);
}

/** Load-balancer annotations for GKE Services. */
export function gcpServiceAnnotations(internal: boolean): Record<string, string> {
    return internal ? { "networking.gke.io/load-balancer-type": "Internal" } : {};
}

/** The GKE cluster component (`platform:cluster:GkeCluster`); its `handle` is what the rest of the platform uses. */
export class GkeCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, config: PlatformConfig, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:GkeCluster", name, {}, opts);
        const cluster = config.cluster as ManagedClusterConfig<"gcp">;
        const prod = config.environment === "prod";
        const labels = { "platform-io-cluster": cluster.name, "platform-io-environment": config.environment, "managed-by": "pulumi", ...cluster.tags };
        const provider = new Provider(`${name}-gcp`, { project: cluster.project, region: cluster.region, defaultLabels: labels }, { parent: this });
        const base: pulumi.CustomResourceOptions = { parent: this, provider };
        const guarded: pulumi.CustomResourceOptions = { ...base, protect: prod };
        /** Keys: protected and kept (not scheduled for deletion) on destroy in prod. */
        const keyOpts: pulumi.CustomResourceOptions = { ...guarded, retainOnDelete: prod };

        // The APIs the cluster needs, enabled here (and left enabled on destroy: other workloads may use them).
        const services = requiredServices.map(
            (service) => new Service(`${name}-${service.split(".")[0]}`, { project: cluster.project, service, disableOnDestroy: false }, base),
        );
        const afterApis: pulumi.CustomResourceOptions = { ...base, dependsOn: services };

        const network = createGkeNetwork(name, cluster, afterApis);
        const nodeSa = createNodeServiceAccount(name, cluster, afterApis);
        const masterCidr = cluster.network.masterCidr;

        // Key rings cannot be deleted in GCP; the key is retained (not destroyed) when the stack is prod.
        const ring = new KeyRing(`${name}-keys`, { project: cluster.project, location: cluster.region }, { ...guarded, retainOnDelete: true, dependsOn: services });
        const key = new CryptoKey(
            `${name}-secrets`,
            { keyRing: ring.id, purpose: "ENCRYPT_DECRYPT", rotationPeriod: "7776000s", ...(prod ? {} : { destroyScheduledDuration: "86400s" }) },
            { ...guarded, retainOnDelete: prod },
        );
        const project = getProjectOutput({ projectId: cluster.project }, { parent: this, provider });
        const agents = project.number.apply(serviceAgents);
        const gkeKeyUse = new CryptoKeyIAMMember(
            `${name}-secrets-gke`,
            { cryptoKeyId: key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: agents.gke },
            base,
        );
        const diskKeyUse = new CryptoKeyIAMMember(
            `${name}-secrets-compute`,
            { cryptoKeyId: key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: agents.compute },
            base,
        );

        const bucketKeyUse = new CryptoKeyIAMMember(
            `${name}-secrets-storage`,
            { cryptoKeyId: key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: agents.storage },
            base,
        );
        // Buckets name the key only once the storage service agent may use it (a data dependency, not a sleep).
        const bucketKey = pulumi.all([key.id, bucketKeyUse.id]).apply(([id]) => id);

        const securityGroup = securityGroupFor(cluster);
        const gke = new Cluster(
            `${name}-gke`,
            {
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
                nodeConfig: hardenedNodeConfig({ role: "system", pool: cluster.nodePools.system, serviceAccount: nodeSa.account.email, bootDiskKmsKey: key.id }),
                minMasterVersion: cluster.kubernetesVersion,
                releaseChannel: { channel: cluster.releaseChannel },
                privateClusterConfig: {
                    enablePrivateNodes: true,
                    enablePrivateEndpoint: cluster.endpoint.private,
                    masterIpv4CidrBlock: masterCidr,
                    masterGlobalAccessConfig: { enabled: true },
                },
                masterAuthorizedNetworksConfig: { cidrBlocks: authorizedNetworks(cluster.endpoint, network.nodeCidr), gcpPublicCidrsAccessEnabled: false },
                masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
                enableLegacyAbac: false,
                enableShieldedNodes: true,
                databaseEncryption: { state: "ENCRYPTED", keyName: key.id },
                workloadIdentityConfig: { workloadPool: `${cluster.project}.svc.id.goog` },
                datapathProvider: "ADVANCED_DATAPATH",
                loggingConfig: { enableComponents: [...gkeLoggingComponents] },
                monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER"], managedPrometheus: { enabled: true } },
                ...(securityGroup ? { authenticatorGroupsConfig: { securityGroup } } : {}),
                securityPostureConfig: { mode: "BASIC" },
                addonsConfig: { gcePersistentDiskCsiDriverConfig: { enabled: true }, httpLoadBalancing: { disabled: false }, dnsCacheConfig: { enabled: true } },
                maintenancePolicy: { recurringWindow: { startTime: "2026-01-03T02:00:00Z", endTime: "2026-01-03T08:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" } },
                deletionProtection: prod,
                resourceLabels: labels,
            },
            {
                ...guarded,
                dependsOn: [...services, gkeKeyUse, diskKeyUse, ...nodeSa.grants, ...network.egress],
                // nodeConfig only shapes the temporary default pool (removed at creation); a later change
                // to it would force a replacement of the whole cluster.
                ignoreChanges: ["nodeConfig", "initialNodeCount"],
            },
        );

        // Admission webhooks (Gatekeeper, cert-manager, ...) are called from the private control plane.
        new Firewall(
            `${name}-webhooks`,
            {
                project: cluster.project,
                network: network.network,
                direction: "INGRESS",
                sourceRanges: [masterCidr],
                targetServiceAccounts: [nodeSa.account.email],
                allows: [{ protocol: "tcp", ports: [...webhookPorts] }],
                description: `Admission webhooks from the ${cluster.name} control plane`,
            },
            base,
        );

        const pools = createGkeNodePools(
            name,
            cluster,
            { cluster: gke.name, serviceAccount: nodeSa.account.email, bootDiskKmsKey: key.id, dependsOn: [...nodeSa.grants, diskKeyUse] },
            base,
        );

        const kubeconfig = pulumi.secret(
            pulumi.all([gke.name, gke.endpoint, gke.masterAuth]).apply(([clusterName, endpoint, auth]) =>
                execKubeconfig({ name: clusterName, server: endpoint, caData: auth.clusterCaCertificate, exec: gcpExec() }),
            ),
        );
        const k8s = new K8sProvider(`${name}-k8s`, { kubeconfig, enableServerSideApply: true }, { parent: this });

        if (cluster.adminGroup) {
            new ClusterRoleBinding(
                `${name}-admin-group`,
                {
                    metadata: { name: "platform-admin-group" },
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
                    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: cluster.adminGroup }],
                },
                { parent: this, provider: k8s },
            );
        }

        const identity = new GkeWorkloadIdentityBinder({ name: cluster.name, project: cluster.project, provider, parent: this, cluster: gke });

        this.handle = {
            name: cluster.name,
            cloud: "gcp",
            region: cluster.region,
            kubernetesVersion: cluster.kubernetesVersion,
            provider: k8s,
            kubeconfig,
            endpoint: gke.endpoint.apply((e) => `https://${e}`),
            network: {
                networkId: network.network,
                nodeCidr: network.nodeCidr,
                podCidr: network.podCidr,
                serviceCidr: network.serviceCidr,
                // A private cluster's API server endpoint sits in the control plane's /28.
                apiServerCidrs: [masterCidr, ...(network.serviceCidr ? [kubernetesServiceCidr(network.serviceCidr)] : [])],
                zones: cluster.zones ?? [],
            },
            storage: {
                provisioner: "pd.csi.storage.gke.io",
                parameters: { type: "pd-balanced", "disk-encryption-kms-key": key.id },
                snapshotDriver: "pd.csi.storage.gke.io",
                driverBuiltIn: true,
                snapshotControllerBuiltIn: true,
                builtInDefaultClasses: ["standard-rwo"],
            },
            loadBalancer: { serviceAnnotations: gcpServiceAnnotations },
            identity,
            // Buckets are encrypted with the stack's key, which the Cloud Storage service agent may use.
            objectStore: new GcpObjectStoreFactory(
                { clusterName: cluster.name, project: cluster.project, location: cluster.region, kmsKeyName: bucketKey, labels },
                { providers: [provider] },
            ),
            kms: gcpKeyManagement({ clusterName: cluster.name, project: cluster.project, region: cluster.region, keyRingId: ring.id, keyRingName: ring.name, base: keyOpts }),
            nodesReady: [pools.system, pools.workloads],
            component: this,
            outputs: {
                clusterName: gke.name,
                project: cluster.project,
                workloadPool: `${cluster.project}.svc.id.goog`,
                network: network.network,
                secretsKey: key.id,
                nodeServiceAccount: nodeSa.account.email,
                endpointAccess: cluster.endpoint.private ? "private" : "public-restricted",
            },
        };
        this.registerOutputs({ clusterName: gke.name });
    }
}
