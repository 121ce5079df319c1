/**
 * Access to the AKS cluster: the kubeconfig (user credentials in exec format, authenticating
 * through kubelogin with Entra ID, no local account), cluster admin for the identity that runs
 * pulumi, and the Kubernetes provider the platform installs through.
 */
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import type { Provider } from "@pulumi/azure-native/provider";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { listManagedClusterUserCredentialsOutput, ManagedCluster } from "@pulumi/azure-native/containerservice";
import type { PreviewIdentity } from "../../config/sections/pipeline";
import { azureExec, execKubeconfig } from "../kubeconfig";
import { grantPreviewRead } from "../preview-access";
import { roleDefinitionId } from "./roles";

/** Server and CA of the first cluster in a kubeconfig (AKS returns one, base64-encoded). */
export function serverAndCa(kubeconfigBase64: string): { server: string; caData: string } {
    const doc = parse(Buffer.from(kubeconfigBase64, "base64").toString("utf8")) as {
        clusters?: { cluster?: { server?: string; "certificate-authority-data"?: string } }[];
    };
    const entry = doc.clusters?.[0]?.cluster;
    if (!entry?.server || !entry["certificate-authority-data"]) {
        throw new Error("AKS returned a kubeconfig without a cluster server and certificate authority");
    }
    return { server: entry.server, caData: entry["certificate-authority-data"] };
}

/** Who runs pulumi, and the resource group the cluster is in. */
export interface AksAccessArgs {
    resourceGroupName: pulumi.Output<string>;
    /** The object id of the identity running pulumi. */
    deployerObjectId: pulumi.Output<string>;
    subscriptionId: pulumi.Output<string>;
    parent: pulumi.Resource;
    provider: Provider;
}

/** The cluster's kubeconfig (a secret) and the Kubernetes provider, usable once the deployer is cluster admin. */
export function createAksAccess(name: string, aks: ManagedCluster, args: AksAccessArgs): { kubeconfig: pulumi.Output<string>; provider: K8sProvider } {
    const { parent, provider } = args;
    const credentials = listManagedClusterUserCredentialsOutput(
        { resourceGroupName: args.resourceGroupName, resourceName: aks.name, format: "exec" },
        { parent, provider },
    );
    const kubeconfig = pulumi.secret(
        pulumi.all([aks.name, credentials.kubeconfigs]).apply(([clusterName, configs]) => {
            const { server, caData } = serverAndCa(configs[0].value);
            return execKubeconfig({ name: clusterName, server, caData, exec: azureExec() });
        }),
    );
    // With Azure RBAC and no local accounts, the identity running pulumi needs a Kubernetes role
    // to install the platform's in-cluster resources: cluster admin on this cluster only.
    const deployerAdmin = new RoleAssignment(
        `${name}-deployer-admin`,
        {
            principalId: args.deployerObjectId,
            roleDefinitionId: args.subscriptionId.apply((sub) => roleDefinitionId(sub, "Azure Kubernetes Service RBAC Cluster Admin")),
            scope: aks.id,
            description: "The identity that runs pulumi for this stack",
        },
        { parent, provider },
    );
    const k8s = new K8sProvider(`${name}-k8s`, { kubeconfig, enableServerSideApply: true }, { parent, dependsOn: [deployerAdmin] });
    return { kubeconfig, provider: k8s };
}

/**
 * The preview identity's access (`pipeline.previewIdentity`, an Entra ID service principal or group):
 * the Cluster User role on this cluster, which lets it fetch the kubeconfig the program builds on, and
 * the read-only `platform-preview` ClusterRole bound to its object id (AKS presents Entra ID principals
 * and groups to Kubernetes RBAC by object id).
 */
export function grantPreviewAccess(
    name: string,
    identity: PreviewIdentity | undefined,
    aks: ManagedCluster,
    args: { subscriptionId: pulumi.Output<string>; parent: pulumi.Resource; provider: Provider; k8s: K8sProvider },
): void {
    if (identity?.type !== "entraServicePrincipal" && identity?.type !== "entraGroup") {
        return;
    }
    const user = new RoleAssignment(
        `${name}-preview-user`,
        {
            principalId: identity.objectId,
            principalType: identity.type === "entraGroup" ? "Group" : "ServicePrincipal",
            roleDefinitionId: args.subscriptionId.apply((sub) => roleDefinitionId(sub, "Azure Kubernetes Service Cluster User Role")),
            scope: aks.id,
            description: "The read-only identity of previews and drift checks",
        },
        { parent: args.parent, provider: args.provider },
    );
    grantPreviewRead(
        name,
        { kind: identity.type === "entraGroup" ? "Group" : "User", name: identity.objectId },
        { parent: args.parent, provider: args.k8s, dependsOn: [user] },
    );
}
