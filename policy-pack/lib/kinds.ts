/**
 * The built-in Kubernetes API: which group/version serves which kind. `policy check` uses it so that no
 * object passes unchecked by accident: an object of a built-in group whose version does not serve its kind
 * (`apiVersion: v1` with `kind: Deployment`) is refused as the API server refuses it, and an object of a
 * group the API server does not have built in (a custom resource) is listed as not checked.
 *
 * Old workload versions (`extensions/v1beta1`, `apps/v1beta1`, `apps/v1beta2`, `batch/v1beta1`, ...) are
 * listed: clusters no longer serve them, but manifests still carry them, and the rules check them like the
 * current versions.
 */

const WORKLOADS_V1BETA = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"];
const RBAC = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];
const DRA = ["ResourceClaim", "ResourceClaimTemplate", "DeviceClass", "ResourceSlice", "DeviceTaintRule"];
const FLOWCONTROL = ["FlowSchema", "PriorityLevelConfiguration"];
const ADMISSION = [
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
];

/** group -> version -> kinds ("" is the core group). */
const SERVED: Record<string, Record<string, string[]>> = {
    "": {
        v1: [
            "Pod",
            "Service",
            "ConfigMap",
            "Secret",
            "Namespace",
            "ServiceAccount",
            "PersistentVolume",
            "PersistentVolumeClaim",
            "ReplicationController",
            "LimitRange",
            "ResourceQuota",
            "Endpoints",
            "Event",
            "Node",
            "PodTemplate",
            "Binding",
            "ComponentStatus",
            "List",
        ],
    },
    apps: {
        v1: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"],
        v1beta1: ["Deployment", "StatefulSet", "ControllerRevision"],
        v1beta2: WORKLOADS_V1BETA,
    },
    extensions: { v1beta1: ["Deployment", "DaemonSet", "ReplicaSet", "Ingress", "NetworkPolicy", "PodSecurityPolicy"] },
    batch: { v1: ["Job", "CronJob"], v1beta1: ["CronJob"], v2alpha1: ["CronJob"] },
    policy: { v1: ["PodDisruptionBudget", "Eviction"], v1beta1: ["PodDisruptionBudget", "PodSecurityPolicy", "Eviction"] },
    "networking.k8s.io": {
        v1: ["Ingress", "IngressClass", "NetworkPolicy", "ServiceCIDR", "IPAddress"],
        v1beta1: ["Ingress", "IngressClass", "ServiceCIDR", "IPAddress"],
        v1alpha1: ["ServiceCIDR", "IPAddress"],
    },
    "rbac.authorization.k8s.io": { v1: RBAC, v1beta1: RBAC, v1alpha1: RBAC },
    "storage.k8s.io": {
        v1: ["StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "CSIStorageCapacity", "VolumeAttributesClass"],
        v1beta1: ["StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "CSIStorageCapacity", "VolumeAttributesClass"],
        v1alpha1: ["VolumeAttachment", "CSIStorageCapacity", "VolumeAttributesClass"],
    },
    autoscaling: {
        v1: ["HorizontalPodAutoscaler"],
        v2: ["HorizontalPodAutoscaler"],
        v2beta1: ["HorizontalPodAutoscaler"],
        v2beta2: ["HorizontalPodAutoscaler"],
    },
    "scheduling.k8s.io": { v1: ["PriorityClass"], v1beta1: ["PriorityClass"], v1alpha1: ["PriorityClass"] },
    "coordination.k8s.io": { v1: ["Lease"], v1beta1: ["Lease", "LeaseCandidate"], v1alpha2: ["LeaseCandidate"] },
    "admissionregistration.k8s.io": { v1: ADMISSION, v1beta1: ADMISSION, v1alpha1: ADMISSION },
    "apiextensions.k8s.io": { v1: ["CustomResourceDefinition"], v1beta1: ["CustomResourceDefinition"] },
    "apiregistration.k8s.io": { v1: ["APIService"], v1beta1: ["APIService"] },
    "certificates.k8s.io": {
        v1: ["CertificateSigningRequest"],
        v1beta1: ["CertificateSigningRequest", "ClusterTrustBundle"],
        v1alpha1: ["ClusterTrustBundle", "PodCertificateRequest"],
    },
    "discovery.k8s.io": { v1: ["EndpointSlice"], v1beta1: ["EndpointSlice"] },
    "events.k8s.io": { v1: ["Event"], v1beta1: ["Event"] },
    "node.k8s.io": { v1: ["RuntimeClass"], v1beta1: ["RuntimeClass"], v1alpha1: ["RuntimeClass"] },
    "flowcontrol.apiserver.k8s.io": { v1: FLOWCONTROL, v1beta3: FLOWCONTROL, v1beta2: FLOWCONTROL, v1beta1: FLOWCONTROL },
    "resource.k8s.io": { v1: DRA, v1beta2: DRA, v1beta1: DRA, v1alpha3: DRA },
    "storagemigration.k8s.io": { v1alpha1: ["StorageVersionMigration"] },
    "internal.apiserver.k8s.io": { v1alpha1: ["StorageVersion"] },
    "authentication.k8s.io": { v1: ["TokenReview", "SelfSubjectReview", "TokenRequest"] },
    "authorization.k8s.io": { v1: ["SubjectAccessReview", "SelfSubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectRulesReview"] },
};

/** Kinds the pack checks although no API server serves them: Pulumi's Helm release. */
const PACK_KINDS: Record<string, Record<string, string[]>> = { "helm.sh": { v3: ["Release"], v4: ["Chart"] } };

export type KindStatus = { status: "built-in" } | { status: "pack" } | { status: "custom"; group: string } | { status: "invalid"; message: string };

/** Whether the API server serves `kind` at `apiVersion`, and if not, why. */
export function kindStatus(apiVersion: string, kind: string): KindStatus {
    const slash = apiVersion.indexOf("/");
    const group = slash === -1 ? "" : apiVersion.slice(0, slash);
    const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
    if (slash !== -1 && (group === "" || version === "" || version.includes("/"))) {
        return { status: "invalid", message: `apiVersion '${apiVersion}' is not <group>/<version> or <version>` };
    }
    if (PACK_KINDS[group]?.[version]?.includes(kind)) {
        return { status: "pack" };
    }
    const versions = SERVED[group];
    if (!versions) {
        if (slash === -1) {
            return { status: "invalid", message: `apiVersion '${apiVersion}' names no API group: the core group serves only v1` };
        }
        return { status: "custom", group };
    }
    if (versions[version]?.includes(kind)) {
        return { status: "built-in" };
    }
    const servedBy = Object.entries(SERVED).flatMap(([g, vs]) =>
        Object.entries(vs)
            .filter(([, kinds]) => kinds.includes(kind))
            .map(([v]) => (g === "" ? v : `${g}/${v}`)),
    );
    const groupName = group === "" ? "the core group" : group;
    if (!versions[version]) {
        return { status: "invalid", message: `${groupName} has no version ${version} (it serves ${Object.keys(versions).join(", ")})` };
    }
    return {
        status: "invalid",
        message:
            servedBy.length > 0
                ? `apiVersion ${apiVersion} does not serve kind ${kind} (served by ${servedBy.join(", ")})`
                : `apiVersion ${apiVersion} has no kind ${kind} (check the spelling; kinds are case-sensitive)`,
    };
}
