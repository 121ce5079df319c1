/**
 * Amazon EKS: network, customer-managed KMS keys per purpose (Secrets, disks, object storage, logs;
 * each with an explicit key policy), the control plane (private or CIDR-restricted endpoint, all
 * log types, API-mode access entries with the deployer's declared, no implicit creator admin),
 * IRSA, managed add-ons pinned per Kubernetes version, and a system and a workloads node group.
 * Returns the ClusterHandle.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { Provider } from "@pulumi/aws/provider";
import type { PlatformConfig } from "../../config";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { ClusterHandle, IdentityBinder } from "../contract";
import { clusterResourceOptions, ClusterResourceOptions } from "../resource-options";
import { kubernetesServiceCidr } from "../service-range";
import { createEksAccess, grantClusterAdmin, grantDeployerAdmin, grantPreviewAccess } from "./access";
import { createClusterRole, createEksControlPlane, EksControlPlane } from "./control-plane";
import { Deployer, resolveDeployer } from "./deployer";
import { ebsCsiDriverInstaller, ebsCsiIdentityRequest } from "./ebs-csi";
import { createEksKeys, EksKeys } from "./encryption";
import { IrsaBinder, irsaRoleName } from "./identity";
import { awsKeyManagement } from "./kms-keys";
import { awsServiceAnnotations } from "./load-balancer";
import { route53 } from "./dns";
import { cloudWatchLogs } from "./logs";
import { createCoreDns, createNetworkAddons } from "./managed-addons";
import { createEksNetwork, EksNetwork } from "./network";
import { createEksNodes } from "./nodes";
import { AwsObjectStoreFactory } from "./objectstore";
import { eksTrustOidcIssuer } from "./trust-oidc-issuer";

type AwsCluster = ManagedClusterConfig<"aws">;

/** The AWS provider of the cluster's resources: its region, and the platform's tags on everything it creates. */
function awsProvider(name: string, cluster: AwsCluster, environment: string, parent: pulumi.Resource): Provider {
    const tags = { "platform.io/cluster": cluster.name, "platform.io/environment": environment, "managed-by": "pulumi", ...cluster.tags };
    return new Provider(`${name}-aws`, { region: cluster.region, defaultTags: { tags } }, { parent });
}

/** The EKS cluster component (`platform:cluster:EksCluster`); its `handle` is what the rest of the platform uses. */
export class EksCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, config: PlatformConfig, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:EksCluster", name, {}, opts);
        const cluster = config.cluster as AwsCluster;
        const prod = config.environment === "prod";
        const provider = awsProvider(name, cluster, config.environment, this);
        const options = clusterResourceOptions(this, provider, prod);

        const deployer = resolveDeployer({ parent: this, provider });
        const clusterRole = createClusterRole(name, cluster, options.base);
        const keys = createEksKeys(
            name,
            cluster,
            prod,
            {
                accountId: deployer.accountId,
                partition: deployer.partition,
                region: cluster.region,
                principals: {
                    clusterName: cluster.name,
                    controlPlaneRoleArn: clusterRole.arn,
                    deployerArn: deployer.arn,
                    ebsCsiRoleName: irsaRoleName(cluster.name, ebsCsiIdentityRequest("").name),
                },
            },
            options,
        );
        const network = createEksNetwork(name, cluster, options.base, { retentionDays: cluster.logRetentionDays, kmsKeyArn: keys.logs.arn });
        const controlPlane = createEksControlPlane(name, cluster, { network, clusterRole, keys, prod }, options);
        const clusterName = controlPlane.eks.name;
        const addonTarget = { clusterName, kubernetesVersion: cluster.kubernetesVersion };
        const podNetwork = createNetworkAddons(name, addonTarget, options.base);
        const nodes = createEksNodes(
            name,
            cluster,
            {
                clusterName,
                kubernetesVersion: cluster.kubernetesVersion,
                subnetIds: network.privateSubnetIds,
                disksKeyArn: keys.disks.arn,
                dependsOn: [...network.egress, ...podNetwork],
            },
            options.base,
        );
        const coredns = createCoreDns(name, addonTarget, nodes.system, options.base);
        const deployerAdmin = grantDeployerAdmin(name, deployer.arn, clusterName, options.base);
        grantClusterAdmin(name, cluster, clusterName, options.base);
        const access = createEksAccess(name, cluster.region, controlPlane.eks, this, deployerAdmin);
        grantPreviewAccess(name, config.pipeline.previewIdentity, clusterName, options.base, { parent: this, provider: access.provider });
        const identity = new IrsaBinder({
            name: cluster.name,
            oidcProviderArn: controlPlane.oidc.arn,
            issuerUrl: controlPlane.issuerUrl,
            provider,
            parent: this,
        });

        this.handle = eksHandle({
            name,
            cluster,
            prod,
            component: this,
            provider,
            options,
            network,
            keys,
            deployer,
            controlPlane,
            access,
            identity,
            nodesReady: [nodes.system, nodes.workloads, coredns],
        });
        this.registerOutputs({ clusterName, endpoint: controlPlane.eks.endpoint });
    }
}

/** What the EKS handle is assembled from. */
interface EksParts {
    /** The component's name: prefix of the resources the handle's capabilities create. */
    name: string;
    cluster: AwsCluster;
    prod: boolean;
    component: EksCluster;
    provider: Provider;
    options: ClusterResourceOptions;
    network: EksNetwork;
    keys: EksKeys;
    deployer: Deployer;
    controlPlane: EksControlPlane;
    access: { kubeconfig: pulumi.Output<string>; provider: K8sProvider };
    identity: IdentityBinder;
    /** Node groups and CoreDNS: what in-cluster workloads wait for. */
    nodesReady: pulumi.Resource[];
}

/** The ClusterHandle of an EKS cluster: its facts, and the capabilities add-ons use (identity, storage, keys, buckets). */
function eksHandle(p: EksParts): ClusterHandle {
    const { cluster, network, controlPlane } = p;
    const eks = controlPlane.eks;
    const keys = p.keys;
    return {
        name: cluster.name,
        cloud: "aws",
        region: cluster.region,
        kubernetesVersion: cluster.kubernetesVersion,
        provider: p.access.provider,
        kubeconfig: p.access.kubeconfig,
        endpoint: eks.endpoint,
        network: {
            networkId: network.vpcId,
            nodeCidr: network.cidr,
            podCidr: network.cidr,
            serviceCidr: cluster.network.serviceCidr,
            // The API server's endpoints are the control plane's network interfaces in the cluster's subnets.
            apiServerCidrs: [network.cidr, kubernetesServiceCidr(cluster.network.serviceCidr)],
            zones: network.zones,
        },
        storage: {
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", kmsKeyId: keys.disks.arn },
            snapshotDriver: "ebs.csi.aws.com",
            driverBuiltIn: false,
            snapshotControllerBuiltIn: false,
            builtInDefaultClasses: [],
            // EBS CSI + snapshot controller as EKS managed add-ons, the driver as its own role (routing area).
            installCsiDriver: ebsCsiDriverInstaller({
                clusterName: eks.name,
                kubernetesVersion: cluster.kubernetesVersion,
                identity: p.identity,
                kmsKeyArn: keys.disks.arn,
                nodesReady: p.nodesReady,
                provider: p.provider,
                protect: p.prod,
            }),
        },
        loadBalancer: { serviceAnnotations: awsServiceAnnotations, awaitAddress: true },
        dns: route53,
        logs: cloudWatchLogs,
        managedControlPlane: true,
        identity: p.identity,
        objectStore: new AwsObjectStoreFactory({ clusterName: cluster.name, region: cluster.region, kmsKeyArn: keys.objects.arn }, { providers: [p.provider] }),
        kms: awsKeyManagement({
            clusterName: cluster.name,
            region: cluster.region,
            accountId: p.deployer.accountId,
            partition: p.deployer.partition,
            base: p.options.keys,
        }),
        trustOidcIssuer: eksTrustOidcIssuer(p.name, eks.name, p.options.base),
        nodesReady: p.nodesReady,
        component: p.component,
        outputs: {
            clusterName: eks.name,
            clusterArn: eks.arn,
            oidcIssuer: controlPlane.issuerUrl,
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            secretsKeyArn: keys.secrets.arn,
            disksKeyArn: keys.disks.arn,
            objectStorageKeyArn: keys.objects.arn,
            logsKeyArn: keys.logs.arn,
            deployerPrincipal: p.deployer.arn,
            endpointAccess: cluster.endpoint.private ? "private" : "public-restricted",
        },
    };
}
