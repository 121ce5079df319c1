/**
 * Amazon EKS: network, a customer-managed KMS key for secrets, the control plane (private or
 * CIDR-restricted endpoint, all log types, API-mode access entries), IRSA, managed add-ons and a
 * system and a workloads node group. Returns the ClusterHandle.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { Provider } from "@pulumi/aws/provider";
import { awsKeyManagement } from "./aws/kms-keys";
import { eksTrustOidcIssuer } from "./aws/oidc-identity-provider";
import { AccessEntry, AccessPolicyAssociation, Addon, Cluster } from "@pulumi/aws/eks";
import { Alias, Key } from "@pulumi/aws/kms";
import { OpenIdConnectProvider, Role, RolePolicy, RolePolicyAttachment } from "@pulumi/aws/iam";
import { LogGroup } from "@pulumi/aws/cloudwatch";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc";
import type { PlatformConfig } from "../config";
import type { ManagedClusterConfig } from "../config/sections/cluster";
import { kubernetesServiceCidr } from "./cidr";
import type { ClusterHandle } from "./contract";
import { awsExec, execKubeconfig } from "./kubeconfig";
import { createEksNetwork } from "./aws/network";
import { createEksNodes } from "./aws/nodes";
import { IrsaBinder } from "./aws/identity";
import { ebsCsiDriverInstaller } from "./aws/ebs-csi";
import { clusterAdminPolicyArn, clusterKeyPolicy, eksLogTypes, endpointAccess, serviceTrustPolicy, vpcCniConfiguration } from "./aws/policies";
import { AwsObjectStoreFactory } from "./aws/objectstore";

/**
 * Load-balancer annotations for EKS's built-in cloud controller: a Network Load Balancer, internal
 * or internet-facing, in the subnets tagged for it. (The `external` type would need the AWS Load
 * Balancer Controller, which the platform does not install: the Service would never get an address.)
 */
export function awsServiceAnnotations(internal: boolean): Record<string, string> {
    return {
        "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
        ...(internal ? { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" } : {}),
    };
}

/** The EKS cluster component (`platform:cluster:EksCluster`); its `handle` is what the rest of the platform uses. */
export class EksCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, config: PlatformConfig, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:EksCluster", name, {}, opts);
        const cluster = config.cluster as ManagedClusterConfig<"aws">;
        const prod = config.environment === "prod";
        const provider = new Provider(
            `${name}-aws`,
            {
                region: cluster.region,
                defaultTags: { tags: { "platform.io/cluster": cluster.name, "platform.io/environment": config.environment, "managed-by": "pulumi", ...cluster.tags } },
            },
            { parent: this },
        );
        const base: pulumi.CustomResourceOptions = { parent: this, provider };
        /** Stateful or hard-to-recreate resources: protected in prod. */
        const guarded: pulumi.CustomResourceOptions = { ...base, protect: prod };
        /** Keys: protected and kept (not scheduled for deletion) on destroy in prod. */
        const keyOpts: pulumi.CustomResourceOptions = { ...guarded, retainOnDelete: prod };

        const network = createEksNetwork(name, cluster, base, cluster.logRetentionDays);

        // Secrets encryption: a key created here, rotated yearly, kept (not scheduled for deletion) when the stack goes in prod.
        const key = new Key(
            `${name}-secrets`,
            {
                description: `EKS secrets encryption for ${cluster.name}`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                deletionWindowInDays: prod ? 30 : 7,
            },
            { ...guarded, retainOnDelete: prod },
        );
        new Alias(`${name}-secrets`, { name: `alias/eks/${cluster.name}-secrets`, targetKeyId: key.keyId }, base);

        const clusterRole = new Role(`${name}-cluster`, { assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com"), description: `EKS control plane of ${cluster.name}` }, base);
        const rolePolicy = new RolePolicyAttachment(`${name}-cluster`, { role: clusterRole.name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" }, base);
        const keyUse = new RolePolicy(`${name}-cluster-kms`, { role: clusterRole.name, policy: key.arn.apply(clusterKeyPolicy) }, base);

        // Created before the cluster so its retention is ours (EKS would create it with no expiry).
        const logGroup = new LogGroup(`${name}-control-plane`, { name: `/aws/eks/${cluster.name}/cluster`, retentionInDays: cluster.logRetentionDays }, guarded);

        const eks = new Cluster(
            `${name}-eks`,
            {
                name: cluster.name,
                version: cluster.kubernetesVersion,
                roleArn: clusterRole.arn,
                vpcConfig: { subnetIds: network.privateSubnetIds, ...endpointAccess(cluster.endpoint) },
                kubernetesNetworkConfig: { serviceIpv4Cidr: cluster.network.serviceCidr, ipFamily: "ipv4" },
                encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
                enabledClusterLogTypes: [...eksLogTypes],
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
                upgradePolicy: { supportType: cluster.supportType },
                bootstrapSelfManagedAddons: false,
                deletionProtection: prod,
            },
            { ...guarded, dependsOn: [rolePolicy, keyUse, logGroup] },
        );

        (cluster.endpoint.private ? cluster.endpoint.privateAccessCidrs : []).forEach((cidr, i) => {
            new SecurityGroupIngressRule(
                `${name}-api-${i}`,
                {
                    securityGroupId: eks.vpcConfig.clusterSecurityGroupId,
                    cidrIpv4: cidr,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    description: "Kubernetes API from an allowed private network",
                },
                base,
            );
        });

        const issuerUrl = eks.identities.apply((ids) => ids[0].oidcs[0].issuer);
        const oidc = new OpenIdConnectProvider(`${name}-oidc`, { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"] }, base);

        // The CNI and kube-proxy come as managed add-ons (bootstrapSelfManagedAddons is off), before nodes join.
        const addon = (addonName: string, dependsOn: pulumi.Resource[] = [], configuration?: Record<string, unknown>) =>
            new Addon(
                `${name}-${addonName}`,
                {
                    clusterName: eks.name,
                    addonName,
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "PRESERVE",
                    ...(configuration ? { configurationValues: JSON.stringify(configuration) } : {}),
                },
                { ...base, dependsOn },
            );
        // The VPC CNI enforces NetworkPolicies only with its network policy agent switched on (off by
        // default): without it, every default-deny and tenant-isolation policy is ignored on EKS.
        const cni = addon("vpc-cni", [], vpcCniConfiguration);
        const kubeProxy = addon("kube-proxy");

        const nodes = createEksNodes(
            name,
            cluster,
            { clusterName: eks.name, kubernetesVersion: cluster.kubernetesVersion, subnetIds: network.privateSubnetIds, dependsOn: [...network.egress, cni, kubeProxy] },
            base,
        );
        const coredns = addon("coredns", [nodes.system]);

        if (cluster.adminGroup) {
            const entry = new AccessEntry(`${name}-admin`, { clusterName: eks.name, principalArn: cluster.adminGroup, type: "STANDARD" }, base);
            new AccessPolicyAssociation(
                `${name}-admin`,
                { clusterName: eks.name, principalArn: entry.principalArn, policyArn: clusterAdminPolicyArn, accessScope: { type: "cluster" } },
                base,
            );
        }

        const kubeconfig = pulumi.secret(
            pulumi.all([eks.name, eks.endpoint, eks.certificateAuthority]).apply(([clusterName, endpoint, ca]) =>
                execKubeconfig({ name: clusterName, server: endpoint, caData: ca.data, exec: awsExec(clusterName, cluster.region) }),
            ),
        );
        const k8s = new K8sProvider(`${name}-k8s`, { kubeconfig, enableServerSideApply: true }, { parent: this });

        const identity = new IrsaBinder({ name: cluster.name, oidcProviderArn: oidc.arn, issuerUrl, provider, parent: this });

        this.handle = {
            name: cluster.name,
            cloud: "aws",
            region: cluster.region,
            kubernetesVersion: cluster.kubernetesVersion,
            provider: k8s,
            kubeconfig,
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
                parameters: { type: "gp3", encrypted: "true", kmsKeyId: key.arn },
                snapshotDriver: "ebs.csi.aws.com",
                driverBuiltIn: false,
                snapshotControllerBuiltIn: false,
                builtInDefaultClasses: [],
                // EBS CSI + snapshot controller as EKS managed add-ons, the driver as its own role (routing area).
                installCsiDriver: ebsCsiDriverInstaller({ clusterName: eks.name, identity, kmsKeyArn: key.arn, nodesReady: [nodes.system, nodes.workloads, coredns], provider, protect: prod }),
            },
            loadBalancer: { serviceAnnotations: awsServiceAnnotations },
            identity,
            objectStore: new AwsObjectStoreFactory({ clusterName: cluster.name, region: cluster.region, kmsKeyArn: key.arn }, { providers: [provider] }),
            kms: awsKeyManagement({ clusterName: cluster.name, region: cluster.region, base: keyOpts }),
            trustOidcIssuer: eksTrustOidcIssuer(name, eks.name, base),
            nodesReady: [nodes.system, nodes.workloads, coredns],
            component: this,
            outputs: {
                clusterName: eks.name,
                clusterArn: eks.arn,
                oidcIssuer: issuerUrl,
                vpcId: network.vpcId,
                privateSubnetIds: network.privateSubnetIds,
                secretsKeyArn: key.arn,
                endpointAccess: cluster.endpoint.private ? "private" : "public-restricted",
            },
        };
        this.registerOutputs({ clusterName: eks.name, endpoint: eks.endpoint });
    }
}
