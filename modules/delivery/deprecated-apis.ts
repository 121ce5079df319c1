/**
 * Kubernetes API versions the platform must never use: every version removed up to the newest
 * release (Kubernetes deprecation guide, "Removed APIs by release"), and APIs deprecated without a
 * removal date that still warn on every request. Using one means a cluster upgrade breaks the stack
 * (removed) or that it is about to (deprecated). The tests check every planned resource and the
 * program's sources against this list.
 */

export interface ApiUse {
    /** `group/version` (`policy/v1beta1`), or `v1` for the core group. */
    apiVersion: string;
    /** The kinds concerned; `*` for every kind of that group version. */
    kinds: readonly string[] | "*";
    /** Kubernetes minor release that stopped serving it (absent: deprecated, still served). */
    removedIn?: string;
    /** What to use instead. */
    use: string;
}

export const removedApis: readonly ApiUse[] = [
    // v1.16
    { apiVersion: "extensions/v1beta1", kinds: ["NetworkPolicy"], removedIn: "1.16", use: "networking.k8s.io/v1" },
    { apiVersion: "extensions/v1beta1", kinds: ["PodSecurityPolicy"], removedIn: "1.16", use: "Pod Security Admission (PSP was removed in 1.25)" },
    { apiVersion: "extensions/v1beta1", kinds: ["DaemonSet", "Deployment", "ReplicaSet"], removedIn: "1.16", use: "apps/v1" },
    { apiVersion: "apps/v1beta1", kinds: ["Deployment", "StatefulSet", "ReplicaSet"], removedIn: "1.16", use: "apps/v1" },
    { apiVersion: "apps/v1beta2", kinds: ["DaemonSet", "Deployment", "StatefulSet", "ReplicaSet"], removedIn: "1.16", use: "apps/v1" },
    // v1.22
    {
        apiVersion: "admissionregistration.k8s.io/v1beta1",
        kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
        removedIn: "1.22",
        use: "admissionregistration.k8s.io/v1",
    },
    { apiVersion: "apiextensions.k8s.io/v1beta1", kinds: ["CustomResourceDefinition"], removedIn: "1.22", use: "apiextensions.k8s.io/v1" },
    { apiVersion: "apiregistration.k8s.io/v1beta1", kinds: ["APIService"], removedIn: "1.22", use: "apiregistration.k8s.io/v1" },
    { apiVersion: "authentication.k8s.io/v1beta1", kinds: ["TokenReview"], removedIn: "1.22", use: "authentication.k8s.io/v1" },
    {
        apiVersion: "authorization.k8s.io/v1beta1",
        kinds: ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview"],
        removedIn: "1.22",
        use: "authorization.k8s.io/v1",
    },
    { apiVersion: "certificates.k8s.io/v1beta1", kinds: ["CertificateSigningRequest"], removedIn: "1.22", use: "certificates.k8s.io/v1" },
    { apiVersion: "coordination.k8s.io/v1beta1", kinds: ["Lease"], removedIn: "1.22", use: "coordination.k8s.io/v1" },
    { apiVersion: "extensions/v1beta1", kinds: ["Ingress"], removedIn: "1.22", use: "networking.k8s.io/v1" },
    { apiVersion: "networking.k8s.io/v1beta1", kinds: ["Ingress", "IngressClass"], removedIn: "1.22", use: "networking.k8s.io/v1" },
    {
        apiVersion: "rbac.authorization.k8s.io/v1beta1",
        kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        removedIn: "1.22",
        use: "rbac.authorization.k8s.io/v1",
    },
    { apiVersion: "scheduling.k8s.io/v1beta1", kinds: ["PriorityClass"], removedIn: "1.22", use: "scheduling.k8s.io/v1" },
    { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], removedIn: "1.22", use: "storage.k8s.io/v1" },
    // v1.23 (alpha versions)
    { apiVersion: "rbac.authorization.k8s.io/v1alpha1", kinds: "*", removedIn: "1.23", use: "rbac.authorization.k8s.io/v1" },
    { apiVersion: "scheduling.k8s.io/v1alpha1", kinds: "*", removedIn: "1.23", use: "scheduling.k8s.io/v1" },
    // v1.25
    { apiVersion: "batch/v1beta1", kinds: ["CronJob"], removedIn: "1.25", use: "batch/v1" },
    { apiVersion: "discovery.k8s.io/v1beta1", kinds: ["EndpointSlice"], removedIn: "1.25", use: "discovery.k8s.io/v1" },
    { apiVersion: "events.k8s.io/v1beta1", kinds: ["Event"], removedIn: "1.25", use: "events.k8s.io/v1" },
    { apiVersion: "autoscaling/v2beta1", kinds: ["HorizontalPodAutoscaler"], removedIn: "1.25", use: "autoscaling/v2" },
    { apiVersion: "policy/v1beta1", kinds: ["PodDisruptionBudget"], removedIn: "1.25", use: "policy/v1" },
    { apiVersion: "policy/v1beta1", kinds: ["PodSecurityPolicy"], removedIn: "1.25", use: "Pod Security Admission labels on namespaces" },
    { apiVersion: "node.k8s.io/v1beta1", kinds: ["RuntimeClass"], removedIn: "1.25", use: "node.k8s.io/v1" },
    // v1.26
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1",
        kinds: ["FlowSchema", "PriorityLevelConfiguration"],
        removedIn: "1.26",
        use: "flowcontrol.apiserver.k8s.io/v1",
    },
    { apiVersion: "autoscaling/v2beta2", kinds: ["HorizontalPodAutoscaler"], removedIn: "1.26", use: "autoscaling/v2" },
    // v1.27
    { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIStorageCapacity"], removedIn: "1.27", use: "storage.k8s.io/v1" },
    // v1.29
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2",
        kinds: ["FlowSchema", "PriorityLevelConfiguration"],
        removedIn: "1.29",
        use: "flowcontrol.apiserver.k8s.io/v1",
    },
    // v1.32
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
        kinds: ["FlowSchema", "PriorityLevelConfiguration"],
        removedIn: "1.32",
        use: "flowcontrol.apiserver.k8s.io/v1",
    },
];

/** Still served, but deprecated: every use warns, and a removal will follow. */
export const deprecatedApis: readonly ApiUse[] = [
    { apiVersion: "v1", kinds: ["ComponentStatus"], use: "the API server's /livez and /readyz endpoints" },
    { apiVersion: "v1", kinds: ["Endpoints"], use: "discovery.k8s.io/v1 EndpointSlice (core/v1 Endpoints is deprecated since 1.33)" },
];

/** Every API the program must never use. */
export const forbiddenApis: readonly ApiUse[] = [...removedApis, ...deprecatedApis];

/** `kubernetes:networking.k8s.io/v1beta1:Ingress` -> `{ apiVersion: "networking.k8s.io/v1beta1", kind: "Ingress" }`; core is `core/v1`. */
export function parseKubernetesType(type: string): { apiVersion: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m || m[1].startsWith("helm.sh/") || m[1].startsWith("yaml/") || m[1] === "index") {
        return undefined;
    }
    return { apiVersion: m[1].startsWith("core/") ? m[1].slice("core/".length) : m[1], kind: m[2] };
}

/** The forbidden entry a use of `apiVersion`/`kind` matches, if any. */
export function forbiddenUse(apiVersion: string, kind: string): ApiUse | undefined {
    return forbiddenApis.find((a) => a.apiVersion === apiVersion && (a.kinds === "*" || a.kinds.includes(kind)));
}

/**
 * The Pulumi Kubernetes SDK module of a group version: `networking.k8s.io/v1beta1` ->
 * `@pulumi/kubernetes/networking/v1beta1`, `v1` -> `@pulumi/kubernetes/core/v1`.
 */
export function sdkModule(apiVersion: string): string {
    if (!apiVersion.includes("/")) {
        return `@pulumi/kubernetes/core/${apiVersion}`;
    }
    const [group, version] = apiVersion.split("/");
    return `@pulumi/kubernetes/${group.split(".")[0]}/${version}`;
}
