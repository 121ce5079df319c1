/**
 * Read access inside the cluster for the read-only identity of previews and drift checks
 * (`pipeline.previewIdentity`), declared by the program on every managed cloud.
 *
 * `pulumi preview` and `pulumi refresh --preview-only` read every object the stack manages: the
 * platform's custom resources (Gatekeeper constraints, whose kinds follow the policy pack, cert-manager,
 * Gateway API, Prometheus Operator objects), cluster-scoped objects (CRDs, ClusterRoles, webhooks) and
 * the Secrets in which Helm keeps its release state. One ClusterRole gives exactly that: get, list and
 * watch on every resource, and nothing else (no write verb, no subresource such as pods/exec). It
 * can read Secrets: protect the preview environment like the deploy one (docs/operations.md).
 *
 * The cloud decides how the identity reaches the role: an EKS access entry puts the IAM role in the
 * role's group; AKS and GKE bind the Entra ID object or the Google account or group directly.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { ClusterRole, ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1";

/** The ClusterRole (and its binding), and the Kubernetes group an EKS access entry maps the preview role to. */
export const previewRoleName = "platform-preview";

/** The role's rules: read every resource, in every API group. */
export const previewRules = [{ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] }];

/** Who is bound to the role: a Kubernetes user name or group name as the cluster's authenticator presents it. */
export interface PreviewSubject {
    kind: "User" | "Group";
    name: pulumi.Input<string>;
}

/** The preview reader role bound to `subject`, through the cluster's Kubernetes provider. */
export function grantPreviewRead(
    name: string,
    subject: PreviewSubject,
    opts: { parent: pulumi.Resource; provider: K8sProvider; dependsOn?: pulumi.Resource[] },
): ClusterRoleBinding {
    const labels = { "app.kubernetes.io/managed-by": "pulumi", "platform.io/component": "preview-access" };
    const role = new ClusterRole(`${name}-preview`, { metadata: { name: previewRoleName, labels }, rules: previewRules }, opts);
    return new ClusterRoleBinding(
        `${name}-preview`,
        {
            metadata: { name: previewRoleName, labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: previewRoleName },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: subject.kind, name: subject.name }],
        },
        { ...opts, dependsOn: [...(opts.dependsOn ?? []), role] },
    );
}
