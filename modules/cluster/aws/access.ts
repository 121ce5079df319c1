/**
 * Access to the EKS cluster, all of it declared: the access entry of the identity that runs pulumi
 * (EKS gives the creator no implicit admin: `bootstrapClusterCreatorAdminPermissions` is off), the
 * admin group's access entry (cluster-admin through the EKS access policy), and the kubeconfig and
 * Kubernetes provider the platform installs through, which authenticate with `aws eks get-token`
 * (no long-lived credential).
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { AccessEntry, AccessPolicyAssociation, Cluster } from "@pulumi/aws/eks";
import type { ManagedClusterConfig } from "../../config/sections/cluster";
import type { PreviewIdentity } from "../../config/sections/pipeline";
import { awsExec, execKubeconfig } from "../kubeconfig";
import { grantPreviewRead, previewRoleName } from "../preview-access";

/** The EKS access policy that grants cluster-admin. */
export const clusterAdminPolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/**
 * Grants the identity running pulumi (an IAM role or user ARN, resolved from its session: deployer.ts)
 * cluster-admin through its own access entry. The platform installs every in-cluster resource as
 * this identity, so the Kubernetes provider waits for the association.
 */
export function grantDeployerAdmin(
    name: string,
    deployerArn: pulumi.Input<string>,
    clusterName: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): AccessPolicyAssociation {
    const entry = new AccessEntry(`${name}-deployer`, { clusterName, principalArn: deployerArn, type: "STANDARD" }, opts);
    return new AccessPolicyAssociation(
        `${name}-deployer`,
        { clusterName, principalArn: entry.principalArn, policyArn: clusterAdminPolicyArn, accessScope: { type: "cluster" } },
        opts,
    );
}

/** Grants the configured admin group (an IAM principal ARN) cluster-admin, when there is one. */
export function grantClusterAdmin(
    name: string,
    cluster: ManagedClusterConfig<"aws">,
    clusterName: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): void {
    if (!cluster.adminGroup) {
        return;
    }
    const entry = new AccessEntry(`${name}-admin`, { clusterName, principalArn: cluster.adminGroup, type: "STANDARD" }, opts);
    new AccessPolicyAssociation(
        `${name}-admin`,
        { clusterName, principalArn: entry.principalArn, policyArn: clusterAdminPolicyArn, accessScope: { type: "cluster" } },
        opts,
    );
}

/**
 * The preview identity's access (`pipeline.previewIdentity`, an IAM role): an access entry that puts
 * the role in the Kubernetes group `platform-preview`, bound to the read-only ClusterRole of that name.
 */
export function grantPreviewAccess(
    name: string,
    identity: PreviewIdentity | undefined,
    clusterName: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
    k8s: { parent: pulumi.Resource; provider: K8sProvider },
): void {
    if (identity?.type !== "awsRole") {
        return;
    }
    const entry = new AccessEntry(`${name}-preview`, { clusterName, principalArn: identity.arn, type: "STANDARD", kubernetesGroups: [previewRoleName] }, opts);
    grantPreviewRead(name, { kind: "Group", name: previewRoleName }, { ...k8s, dependsOn: [entry] });
}

/** The cluster's kubeconfig (a secret) and the Kubernetes provider built on it, a child of `parent`, usable once the deployer is admin. */
export function createEksAccess(
    name: string,
    region: string,
    eks: Cluster,
    parent: pulumi.Resource,
    deployerAdmin: pulumi.Resource,
): { kubeconfig: pulumi.Output<string>; provider: K8sProvider } {
    const kubeconfig = pulumi.secret(
        pulumi
            .all([eks.name, eks.endpoint, eks.certificateAuthority])
            .apply(([clusterName, endpoint, ca]) =>
                execKubeconfig({ name: clusterName, server: endpoint, caData: ca.data, exec: awsExec(clusterName, region) }),
            ),
    );
    const provider = new K8sProvider(`${name}-k8s`, { kubeconfig, enableServerSideApply: true }, { parent, dependsOn: [deployerAdmin] });
    return { kubeconfig, provider };
}
