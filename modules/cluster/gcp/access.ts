/**
 * Access to the GKE cluster: the kubeconfig (authenticating through gke-gcloud-auth-plugin, no
 * client certificate), the Kubernetes provider the platform installs through, and cluster-admin for
 * the configured admin group (a Google Group, through Google Groups for RBAC).
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1";
import type { Cluster } from "@pulumi/gcp/container";
import { IAMMember } from "@pulumi/gcp/projects";
import type { Provider } from "@pulumi/gcp/provider";
import type { PreviewIdentity } from "../../config/sections/pipeline";
import { execKubeconfig, gcpExec } from "../kubeconfig";
import { grantPreviewRead } from "../preview-access";

/** The cluster's kubeconfig (a secret) and the Kubernetes provider built on it, a child of `parent`. */
export function createGkeAccess(name: string, gke: Cluster, parent: pulumi.Resource): { kubeconfig: pulumi.Output<string>; provider: K8sProvider } {
    const kubeconfig = pulumi.secret(
        pulumi
            .all([gke.name, gke.endpoint, gke.masterAuth])
            .apply(([clusterName, endpoint, auth]) =>
                execKubeconfig({ name: clusterName, server: endpoint, caData: auth.clusterCaCertificate, exec: gcpExec() }),
            ),
    );
    const provider = new K8sProvider(`${name}-k8s`, { kubeconfig, enableServerSideApply: true }, { parent });
    return { kubeconfig, provider };
}

/** Binds the admin group, when configured, to cluster-admin. */
export function grantClusterAdmin(name: string, adminGroup: string | undefined, opts: { parent: pulumi.Resource; provider: K8sProvider }): void {
    if (!adminGroup) {
        return;
    }
    new ClusterRoleBinding(
        `${name}-admin-group`,
        {
            metadata: { name: "platform-admin-group" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: adminGroup }],
        },
        opts,
    );
}

/**
 * The preview identity's access (`pipeline.previewIdentity`, a Google service account or group):
 * roles/container.clusterViewer on the project, which lets it reach the cluster and nothing in it,
 * and the read-only `platform-preview` ClusterRole bound to its email (a group through Google Groups
 * for RBAC: it must be a member of gke-security-groups@<domain>).
 */
export function grantPreviewAccess(
    name: string,
    identity: PreviewIdentity | undefined,
    project: string,
    args: { parent: pulumi.Resource; provider: Provider; k8s: K8sProvider },
): void {
    if (identity?.type !== "googleServiceAccount" && identity?.type !== "googleGroup") {
        return;
    }
    const member = identity.type === "googleGroup" ? `group:${identity.email}` : `serviceAccount:${identity.email}`;
    const viewer = new IAMMember(
        `${name}-preview-viewer`,
        { project, role: "roles/container.clusterViewer", member },
        { parent: args.parent, provider: args.provider },
    );
    grantPreviewRead(
        name,
        { kind: identity.type === "googleGroup" ? "Group" : "User", name: identity.email },
        { parent: args.parent, provider: args.k8s, dependsOn: [viewer] },
    );
}
