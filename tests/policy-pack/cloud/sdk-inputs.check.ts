/**
 * Compile-time guard (type-checked by `npm test`, never run): every input property the cluster,
 * Helm and storage policies read exists under that name in the pinned SDKs' Args types. The pack
 * reads plain data so it loads no cloud SDK; this file catches a renamed or misspelt property.
 */
// Submodule imports: the packages' top-level indexes would make tsc load every service's types
// (azure-native alone is over 5,000 declaration files) and double the type-check's time and memory.
import type * as awsEc2 from "@pulumi/aws/ec2";
import type * as awsEks from "@pulumi/aws/eks";
import type * as awsKms from "@pulumi/aws/kms";
import type * as awsS3 from "@pulumi/aws/s3";
import type * as awsCloudwatch from "@pulumi/aws/cloudwatch";
import type * as keyvault from "@pulumi/azure-native/keyvault";
import type * as azureStorage from "@pulumi/azure-native/storage";
import type * as monitor from "@pulumi/azure-native/monitor";
import type * as containerservice from "@pulumi/azure-native/containerservice";
import type * as gcpContainer from "@pulumi/gcp/container";
import type * as helmV3 from "@pulumi/kubernetes/helm/v3/release";
import type * as helmV4 from "@pulumi/kubernetes/helm/v4";
import type * as storageV1 from "@pulumi/kubernetes/storage/v1";
import type { Unwrap } from "@pulumi/pulumi";

type Obj<T> = NonNullable<Unwrap<T>>;
type Elem<T> = NonNullable<Obj<T>> extends readonly (infer E)[] ? NonNullable<E> : never;
/** `true` when every name in K is a property of T; otherwise the type names the missing ones. */
type Has<T, K extends string> = [Exclude<K, keyof NonNullable<T>>] extends [never] ? true : { missing: Exclude<K, keyof NonNullable<T>> };

type EksCluster = Obj<awsEks.ClusterArgs>;
type EksNodeGroup = Obj<awsEks.NodeGroupArgs>;
type LaunchTemplate = Obj<awsEc2.LaunchTemplateArgs>;
export const _eksCluster: Has<EksCluster, "vpcConfig" | "encryptionConfig" | "enabledClusterLogTypes"> = true;
export const _eksVpc: Has<EksCluster["vpcConfig"], "endpointPublicAccess" | "endpointPrivateAccess" | "publicAccessCidrs"> = true;
export const _eksEncryption: Has<EksCluster["encryptionConfig"], "resources" | "provider"> = true;
export const _eksKey: Has<NonNullable<EksCluster["encryptionConfig"]>["provider"], "keyArn"> = true;
export const _nodeGroup: Has<EksNodeGroup, "remoteAccess" | "launchTemplate"> = true;
export const _remoteAccess: Has<EksNodeGroup["remoteAccess"], "ec2SshKey" | "sourceSecurityGroupIds"> = true;
export const _launchTemplate: Has<LaunchTemplate["metadataOptions"], "httpTokens" | "httpEndpoint"> = true;
export const _eksAccess: Has<EksCluster["accessConfig"], "bootstrapClusterCreatorAdminPermissions"> = true;
export const _kmsKey: Has<Obj<awsKms.KeyArgs>, "policy"> = true;
export const _logGroup: Has<Obj<awsCloudwatch.LogGroupArgs>, "kmsKeyId" | "name"> = true;
export const _bucket: Has<Obj<awsS3.BucketArgs>, "bucket"> = true;
export const _bucketPolicy: Has<Obj<awsS3.BucketPolicyArgs>, "bucket" | "policy"> = true;
type Sse = Obj<awsS3.BucketServerSideEncryptionConfigurationArgs>;
export const _sse: Has<Sse, "bucket" | "rules"> = true;
export const _sseDefault: Has<Elem<Sse["rules"]>["applyServerSideEncryptionByDefault"], "sseAlgorithm" | "kmsMasterKeyId"> = true;
type Vault = Obj<keyvault.VaultArgs>;
export const _vault: Has<Vault, "properties" | "vaultName"> = true;
export const _vaultProps: Has<Vault["properties"], "publicNetworkAccess" | "networkAcls"> = true;
export const _vaultAcls: Has<NonNullable<Vault["properties"]>["networkAcls"], "defaultAction"> = true;
type Account = Obj<azureStorage.StorageAccountArgs>;
export const _account: Has<Account, "publicNetworkAccess" | "networkRuleSet" | "encryption" | "accountName"> = true;
export const _accountRules: Has<Account["networkRuleSet"], "defaultAction"> = true;
export const _accountEncryption: Has<Account["encryption"], "keySource"> = true;
export const _diagnostics: Has<Obj<monitor.DiagnosticSettingArgs>, "logs"> = true;
export const _diagnosticLog: Has<Elem<Obj<monitor.DiagnosticSettingArgs>["logs"]>, "category" | "enabled"> = true;

type Aks = Obj<containerservice.ManagedClusterArgs>;
export const _aks: Has<
    Aks,
    "apiServerAccessProfile" | "aadProfile" | "disableLocalAccounts" | "enableRBAC" | "networkProfile" | "securityProfile" | "agentPoolProfiles"
> = true;
export const _aksAccess: Has<Aks["apiServerAccessProfile"], "enablePrivateCluster" | "authorizedIPRanges"> = true;
export const _aksAad: Has<Aks["aadProfile"], "managed"> = true;
export const _aksNetwork: Has<Aks["networkProfile"], "networkPolicy"> = true;
export const _aksKms: Has<NonNullable<Aks["securityProfile"]>["azureKeyVaultKms"], "enabled" | "keyId"> = true;
export const _aksPools: Has<Elem<Aks["agentPoolProfiles"]>, "name" | "enableNodePublicIP"> = true;
export const _aksAgentPool: Has<Obj<containerservice.AgentPoolArgs>, "agentPoolName" | "enableNodePublicIP"> = true;

type Gke = Obj<gcpContainer.ClusterArgs>;
type GkeNodeConfig = NonNullable<Gke["nodeConfig"]>;
export const _gke: Has<
    Gke,
    | "privateClusterConfig"
    | "masterAuthorizedNetworksConfig"
    | "databaseEncryption"
    | "enableLegacyAbac"
    | "masterAuth"
    | "workloadIdentityConfig"
    | "nodeConfig"
    | "nodePools"
    | "removeDefaultNodePool"
    | "enableAutopilot"
    | "enableShieldedNodes"
    | "networkPolicy"
    | "datapathProvider"
    | "loggingService"
    | "monitoringService"
    | "loggingConfig"
> = true;
export const _gkePrivate: Has<Gke["privateClusterConfig"], "enablePrivateNodes" | "enablePrivateEndpoint"> = true;
export const _gkeMan: Has<Gke["masterAuthorizedNetworksConfig"], "cidrBlocks" | "gcpPublicCidrsAccessEnabled"> = true;
export const _gkeManBlock: Has<Elem<NonNullable<Gke["masterAuthorizedNetworksConfig"]>["cidrBlocks"]>, "cidrBlock"> = true;
export const _gkeDb: Has<Gke["databaseEncryption"], "state" | "keyName"> = true;
export const _gkeCert: Has<NonNullable<Gke["masterAuth"]>["clientCertificateConfig"], "issueClientCertificate"> = true;
export const _gkeWi: Has<Gke["workloadIdentityConfig"], "workloadPool"> = true;
export const _gkeNode: Has<GkeNodeConfig, "serviceAccount" | "shieldedInstanceConfig" | "imageType" | "workloadMetadataConfig"> = true;
export const _gkeShielded: Has<GkeNodeConfig["shieldedInstanceConfig"], "enableSecureBoot" | "enableIntegrityMonitoring"> = true;
export const _gkeWmc: Has<GkeNodeConfig["workloadMetadataConfig"], "mode"> = true;
export const _gkeNp: Has<Gke["networkPolicy"], "enabled"> = true;
export const _gkeLog: Has<Gke["loggingConfig"], "enableComponents"> = true;
export const _gkePool: Has<Obj<gcpContainer.NodePoolArgs>, "nodeConfig" | "name"> = true;
export const _gkePoolNode: Has<
    NonNullable<Obj<gcpContainer.NodePoolArgs>["nodeConfig"]>,
    "serviceAccount" | "shieldedInstanceConfig" | "imageType" | "workloadMetadataConfig"
> = true;

type Release = Obj<helmV3.ReleaseArgs>;
export const _release: Has<Release, "chart" | "version" | "devel" | "repositoryOpts" | "values" | "namespace"> = true;
export const _releaseRepo: Has<Release["repositoryOpts"], "repo"> = true;
export const _chartV4: Has<Obj<helmV4.ChartArgs>, "chart" | "version" | "devel" | "repositoryOpts" | "values" | "namespace" | "plainHttp"> = true;
export const _storageClass: Has<Obj<storageV1.StorageClassArgs>, "provisioner" | "parameters"> = true;
