/**
 * The ClusterHandle: the one small contract every cluster module returns (EKS, AKS, GKE, existing).
 * Add-ons and tenants ask the handle for cluster facts and cloud permissions; they never import a
 * cloud SDK. That is what lets one add-on set run unchanged on every cloud.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { ConfigIssue, PlatformConfig } from "../config";
import type { Cloud } from "../config/sections/cluster";
import type { LogBackend } from "../config/sections/observability";
import type { SecurityConfig } from "../config/sections/security";

/** `security.certManager.acme.dns01Provider`: the cloud DNS zone DNS-01 challenges are solved in. */
export type Dns01Provider = NonNullable<SecurityConfig["certManager"]["acme"]["dns01Provider"]>;

/** The log back ends bound to one cloud's identity (configured by type, served by that cloud's LogService). */
export type CloudLogBackendConfig = Extract<LogBackend, { type: "cloudwatch" | "googleCloudLogging" }>;

export type { Cloud };

/** An IAM policy statement (AWS), as data. */
export interface AwsPolicyStatement {
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource: pulumi.Input<string> | pulumi.Input<string>[];
    Condition?: Record<string, Record<string, pulumi.Input<string | string[]>>>;
}

/**
 * What a Kubernetes service account may do in the cloud, stated for every cloud at once; each
 * binder reads its own part. A part left out means "no permissions on that cloud".
 */
export interface CloudPermissions {
    /** AWS: inline policy statements and/or managed policy ARNs for the role. */
    aws?: { statements?: AwsPolicyStatement[]; managedPolicyArns?: pulumi.Input<string>[] };
    /** Azure: role assignments (role definition name such as "DNS Zone Contributor", at a scope id). */
    azure?: { roleAssignments: { role: string; scope: pulumi.Input<string> }[] };
    /**
     * GCP: IAM roles granted to the Google service account, at project level or on one resource.
     * `resourceType` says what `resource` is (a Cloud KMS crypto key id, a bucket name, a Cloud DNS
     * managed zone name); it may be left out when `resource` is a plain string the binder can
     * recognise (`projects/.../cryptoKeys/...`, `projects/.../managedZones/...`).
     */
    gcp?: { roles: { role: string; resource?: pulumi.Input<string>; resourceType?: GcpResourceType }[] };
}

/** Kinds of GCP resource a binding can grant a role on (project level when absent). */
export type GcpResourceType = "kms-crypto-key" | "storage-bucket" | "dns-managed-zone";

/** A request to let one Kubernetes service account act as a cloud identity. */
export interface IdentityRequest {
    /** Short purpose name, used in cloud resource names (`external-dns`, `vault-unseal`). */
    name: string;
    /** The Kubernetes namespace of the service account: the trust is scoped to exactly it. */
    namespace: string;
    /** The Kubernetes service account name: the trust is scoped to exactly it. */
    serviceAccount: string;
    permissions: CloudPermissions;
}

/** The result of a binding: what to put on the service account and its pods. */
export interface BoundIdentity {
    /** Annotations for the service account (e.g. eks.amazonaws.com/role-arn, azure.workload.identity/client-id, iam.gke.io/gcp-service-account). */
    serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
    /** Labels for the pods (Azure Workload Identity needs `azure.workload.identity/use: "true"`). */
    podLabels: Record<string, string>;
    /** The cloud principal: role ARN, managed identity client id, or Google service account email. Undefined where the cluster has no cloud identity. */
    principal?: pulumi.Output<string>;
    /** The cloud resources that must exist before a pod uses the identity. */
    resources: pulumi.Resource[];
}

/** Grants Kubernetes service accounts cloud permissions: IRSA/Pod Identity, Azure or GKE Workload Identity. */
export interface IdentityBinder {
    readonly mechanism: "eks-pod-identity" | "irsa" | "azure-workload-identity" | "gke-workload-identity" | "none";
    bind(request: IdentityRequest, opts?: pulumi.ComponentResourceOptions): BoundIdentity;
}

/** Facts about the cluster network that add-ons and network policies need. */
export interface NetworkFacts {
    /** Network id (VPC, VNet, or VPC network self link); undefined on an existing cluster. */
    networkId?: pulumi.Output<string>;
    /** Node address space. */
    nodeCidr?: string;
    /** Pod address space, when known. */
    podCidr?: string;
    /** Service address space, when known. */
    serviceCidr?: string;
    /**
     * Where in-cluster clients reach the API server, when the cluster module knows it: the
     * `kubernetes` Service's address and the range its endpoints live in (the control plane's
     * network interfaces or private endpoint). Network policies allow egress there on 443/6443.
     * Absent: unknown (the API server's public address, or an existing cluster).
     */
    apiServerCidrs?: string[];
    /** Availability zones the nodes span. */
    zones: string[];
}

/** How this cluster provisions encrypted block storage. */
export interface StorageDefaults {
    /** CSI provisioner name (ebs.csi.aws.com, disk.csi.azure.com, pd.csi.storage.gke.io, rancher.io/local-path). */
    provisioner: string;
    /**
     * True when the stack may choose another provisioner (`storage.defaultClass.provisioner`): an
     * adopted cluster. A cloud's default class keeps the cloud's provisioner, which encrypts with the
     * stack's key. Default: false.
     */
    provisionerConfigurable?: boolean;
    /** StorageClass parameters that encrypt with the stack's customer-managed key, where the cloud has one. */
    parameters: Record<string, pulumi.Input<string>>;
    /** The VolumeSnapshotClass driver, when the cluster supports snapshots. */
    snapshotDriver?: string;
    /** True when the CSI driver comes with the cluster (AKS, GKE) rather than as an add-on. */
    driverBuiltIn: boolean;
    /**
     * True when the cluster already runs the VolumeSnapshot CRDs and the snapshot controller (AKS and
     * GKE do; on EKS `installCsiDriver` brings them). Absent or false: the storage add-on installs
     * the snapshot-controller chart when snapshots are enabled.
     */
    snapshotControllerBuiltIn?: boolean;
    /**
     * Pre-installed StorageClasses that carry the default annotation (AKS `default`, GKE
     * `standard-rwo`): the storage add-on removes their default flag so exactly one default remains.
     * Absent: none.
     */
    builtInDefaultClasses?: string[];
    /**
     * Installs the CSI driver the way the cloud supports best, for clouds where it is not built in:
     * on EKS the `aws-ebs-csi-driver` managed add-on with its own scoped role (and the
     * `snapshot-controller` managed add-on). Called by the storage add-on, which parents the
     * resources with `opts`. Absent where the driver comes with the cluster.
     */
    installCsiDriver?(name: string, opts: pulumi.ComponentResourceOptions): CsiDriverInstallation;
}

/** What `StorageDefaults.installCsiDriver` created. */
export interface CsiDriverInstallation {
    /** The resources StorageClasses and snapshot classes wait for (the managed add-ons). */
    resources: pulumi.Resource[];
    /** The cloud identity the driver's controller runs as (role ARN), when it has its own. */
    principal?: pulumi.Output<string>;
    /** True when the installation also brings the snapshot CRDs and controller. */
    snapshotController: boolean;
}

/** How to expose a Service through the cloud's load balancer. */
export interface LoadBalancerFacts {
    /** Annotations for a Service of type LoadBalancer: internal or internet-facing. */
    serviceAnnotations(internal: boolean): Record<string, string>;
    /**
     * Whether a LoadBalancer Service gets an address `pulumi up` can wait for (a cloud's load-balancer
     * controller). False on a cluster that may have no load-balancer implementation (kind): Pulumi
     * then does not wait for one.
     */
    awaitAddress: boolean;
}

/** A DNS zone external-dns may write, as configured (`dns.zones[]`). */
export interface DnsZone {
    domain: string;
    /** The zone in the cloud's terms (hosted zone id, zone resource id, managed zone). */
    id: string;
}

/** external-dns's provider for a cloud, for the configured zones. */
export interface ExternalDnsProvider {
    /** The provider name external-dns knows (`aws`, `azure`, `azure-private-dns`, `google`). */
    provider: string;
    /** Provider-specific chart values (arguments, environment, mounted configuration). */
    values: Record<string, unknown>;
    /** Files external-dns reads, mounted from a ConfigMap its values name (`azure.json`). */
    configFiles?: { configMapName: string; files: Record<string, string> };
}

/** The cloud's DNS service, for external-dns and cert-manager's ACME DNS-01 solver: workload identity, never static keys. */
export interface DnsService {
    /** Problems with the configured zones on this cloud (id form, one project or resource group), at `dns.*` key paths. */
    zoneIssues(zones: readonly DnsZone[], privateZones: boolean): ConfigIssue[];
    /** external-dns's provider and values for the zones. */
    externalDns(zones: readonly DnsZone[], privateZones: boolean, region: string): ExternalDnsProvider;
    /** Permissions to write records in exactly these zones (and to find them). */
    zonePermissions(zones: readonly DnsZone[], privateZones: boolean): CloudPermissions;
    /** Problems with `security.certManager.acme.dns01Provider` on this cluster (a zone outside its project). */
    acmeIssues(provider: Dns01Provider, cluster: PlatformConfig["cluster"]): ConfigIssue[];
    /** cert-manager's DNS-01 solver for the provider's zone; `principal` is the solver's bound identity. */
    acmeSolver(provider: Dns01Provider, region: string, principal?: pulumi.Input<string>): Record<string, unknown>;
    /** What the DNS-01 identity may do: change records in exactly the provider's zone. */
    acmePermissions(provider: Dns01Provider): CloudPermissions;
}

/** The cluster facts a log agent's output names. */
export interface LogSite {
    clusterName: string;
    region: string;
}

/** A log back end only this cloud serves, as the agent (Fluent Bit) and the aggregator (Fluentd) configure it. */
export interface CloudLogBackend<B> {
    /** Fluent Bit [OUTPUT] section(s) shipping every record there. */
    fluentBitOutput(backend: B, site: LogSite, bufferLimit: string): string;
    /** Fluentd <match> block with its file buffer, where a maintained Fluentd image serves it. */
    fluentdMatch?(backend: B, site: LogSite, buffer: string[]): string;
    /** Fluentd image variant (fluent/fluentd-kubernetes-daemonset) for it. */
    fluentdVariant?: string;
    /** What the shipper's identity may do. */
    permissions(backend: B, site: LogSite): CloudPermissions;
}

/** The cloud's log service, for the platform's log pipeline. */
export interface LogService {
    /**
     * What `observability.logging.backend.type: auto` means on this cloud: the platform's log agent
     * shipping to one of this cloud's back ends (`agent`), or a log service the cluster itself runs,
     * with no agent of the platform's (`cluster`: Azure Monitor Container Insights). Absent: none
     * without setup.
     */
    auto?: { agent: CloudLogBackendConfig } | { cluster: { name: string } };
    /** The back ends only this cloud serves. */
    backends: { [T in CloudLogBackendConfig["type"]]?: CloudLogBackend<Extract<CloudLogBackendConfig, { type: T }>> };
    /** Signing OpenSearch requests with the agent's identity (Amazon OpenSearch Service): what that identity may do. */
    openSearchSigning?: (region: string) => CloudPermissions;
}

/** A request for a private object-storage bucket (S3 bucket, Blob container, GCS bucket). */
export interface ObjectStoreRequest {
    /** Short purpose name, used in cloud resource names (`thanos`). */
    name: string;
    /** Protect the bucket from `pulumi destroy` (prod data). */
    protect: boolean;
}

/** A bucket created by the cluster's cloud: encrypted, private, versioned. */
export interface ObjectStore {
    /** Which client library speaks to it. */
    kind: "s3" | "azure" | "gcs";
    /** Bucket (S3, GCS) or container (Azure) name. */
    bucket: pulumi.Output<string>;
    /**
     * The Thanos/Loki-style objstore configuration (`{ type, config }`) for this bucket, with no
     * credential in it: clients authenticate through the identity the binder gives their pods.
     */
    objstoreConfig: pulumi.Output<Record<string, unknown>>;
    /** Permissions to read, write and delete objects in exactly this bucket; pass to `identity.bind`. */
    readWrite: CloudPermissions;
    /** Permissions to list and read objects in exactly this bucket. */
    readOnly: CloudPermissions;
    /** The cloud resources that must exist before a client uses the bucket. */
    resources: pulumi.Resource[];
}

/** Creates object storage in the cluster's cloud account, region and resource group/project. */
export interface ObjectStoreFactory {
    create(request: ObjectStoreRequest, opts?: pulumi.ComponentResourceOptions): ObjectStore;
}

/** How Vault auto-unseals with a key the stack created: the seal, in its cloud's terms. */
export interface VaultSeal {
    /** Vault's seal type (`awskms`, `azurekeyvault`, `gcpckms`). */
    type: string;
    /** The HCL `seal` stanza naming the key. */
    stanza: pulumi.Output<string>;
}

/**
 * A customer-managed key the stack created in the cloud's KMS for envelope encryption by an in-cluster
 * service (Vault auto-unseal): how that service names it, and what its identity may do with it.
 */
export interface ManagedKey {
    /** Vault's seal for this key. */
    vaultSeal: VaultSeal;
    /** Permission to wrap and unwrap with exactly this key, nothing else; pass to `identity.bind`. */
    encryptDecrypt: CloudPermissions;
    /** The cloud resources that must exist before the key is used. */
    resources: pulumi.Resource[];
}

/** Creates keys in the cloud's KMS. Absent on an existing cluster (no cloud account). */
export interface KeyManagement {
    /** A new key for one purpose (`vault-unseal`), rotated and protected like the cluster's own keys. */
    createKey(purpose: string, opts?: pulumi.CustomResourceOptions): ManagedKey;
}

/** What the cluster needs to trust tokens of an OIDC issuer (Dex) for Kubernetes authentication. */
export interface OidcIssuerRequest {
    /** Issuer URL (https). */
    issuerUrl: pulumi.Input<string>;
    /** Audience (the client id kubectl uses). */
    clientId: string;
    /** Claim used as the user name. */
    usernameClaim: string;
    /** Claim holding the groups. */
    groupsClaim: string;
}

/** The optional members of a ClusterHandle: what a cluster may or may not offer its add-ons. */
export type ClusterCapability = "objectStore" | "kms" | "trustOidcIssuer" | "dns" | "logs";

export interface ClusterHandle {
    /**
     * Object storage in the cluster's cloud (Thanos blocks, backups). Absent on clusters with no
     * cloud account (existing): add-ons that need a bucket fail with a clear config error there.
     */
    objectStore?: ObjectStoreFactory;
    /** The cluster's name. */
    name: string;
    cloud: Cloud;
    /** Cloud region, or "local" for an existing cluster. */
    region: string;
    /** Kubernetes minor version, e.g. "1.34". */
    kubernetesVersion: string;
    /** The Kubernetes provider every in-cluster resource uses. */
    provider: Provider;
    /** The kubeconfig (a Pulumi secret). For an existing cluster, the path it was read from. */
    kubeconfig: pulumi.Output<string>;
    /** The API server endpoint. */
    endpoint: pulumi.Output<string>;
    network: NetworkFacts;
    storage: StorageDefaults;
    loadBalancer: LoadBalancerFacts;
    identity: IdentityBinder;
    /** The cloud's DNS service (external-dns, ACME DNS-01). Absent where the cluster has no cloud account. */
    dns?: DnsService;
    /** The cloud's log service. Absent where the cluster has none the platform can ship to by itself. */
    logs?: LogService;
    /**
     * True when the cloud runs the control plane (EKS, AKS, GKE): its components (scheduler, controller
     * manager, etcd, kube-proxy metrics) are not reachable for in-cluster scraping.
     */
    managedControlPlane: boolean;
    /**
     * The resources in-cluster workloads must wait for (node pools able to run pods). The provider
     * already depends on the control plane; charts depend on these so pods have nodes.
     */
    nodesReady: pulumi.Resource[];
    /** The cluster's component resource (parent of its cloud resources). */
    component: pulumi.ComponentResource;
    /** The cloud's KMS for in-cluster services (Vault auto-unseal). Absent where the cluster has no cloud account. */
    kms?: KeyManagement;
    /**
     * Registers an OIDC issuer as an identity provider of the cluster's API server, where the cloud
     * allows it (EKS identity provider config). Absent elsewhere: use Pinniped there.
     */
    trustOidcIssuer?(request: OidcIssuerRequest, opts?: pulumi.CustomResourceOptions): pulumi.Resource[];
    /** Stack outputs the cluster contributes (non-secret facts). */
    outputs: Record<string, pulumi.Input<unknown>>;
}
