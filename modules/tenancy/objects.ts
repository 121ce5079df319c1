/**
 * The Kubernetes objects a tenant is made of, registered as plain custom resources of the Kubernetes
 * provider's own type tokens. The engine and the provider see exactly what the `@pulumi/kubernetes`
 * classes would send (type, name, `apiVersion`/`kind` and the object's fields); what is left out is
 * the classes' per-object work in the program: option merging, a legacy type alias resolved per
 * object, and an extra `status` output. Tenants are the one place the platform registers objects by
 * the thousand (12 to 18 a tenant), and the lean form measured about 30% less SDK time per object.
 *
 * The input types are the Kubernetes SDK's own (type-only imports: nothing of it is loaded here).
 * Every tenant object has an explicit provider (the cluster's, through the Tenant component), so the
 * plugin version the classes would pin comes from that provider.
 */
import * as pulumi from "@pulumi/pulumi";
import type { LimitRangeArgs, NamespaceArgs, ResourceQuotaArgs, SecretArgs, ServiceAccountArgs } from "@pulumi/kubernetes/core/v1";
import type { NetworkPolicyArgs } from "@pulumi/kubernetes/networking/v1";
import type { RoleArgs, RoleBindingArgs } from "@pulumi/kubernetes/rbac/v1";
import type * as outputs from "@pulumi/kubernetes/types/output";

interface KindArgs {
    Namespace: NamespaceArgs;
    ResourceQuota: ResourceQuotaArgs;
    LimitRange: LimitRangeArgs;
    NetworkPolicy: NetworkPolicyArgs;
    Role: RoleArgs;
    RoleBinding: RoleBindingArgs;
    ServiceAccount: ServiceAccountArgs;
    Secret: SecretArgs;
}

export type TenantKind = keyof KindArgs;

const apiVersions: Record<TenantKind, string> = {
    Namespace: "v1",
    ResourceQuota: "v1",
    LimitRange: "v1",
    NetworkPolicy: "networking.k8s.io/v1",
    Role: "rbac.authorization.k8s.io/v1",
    RoleBinding: "rbac.authorization.k8s.io/v1",
    ServiceAccount: "v1",
    Secret: "v1",
};

/** The provider's type token: `kubernetes:<group or core>/<version>:<Kind>`. */
export function typeToken(kind: TenantKind): string {
    const apiVersion = apiVersions[kind];
    return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

/** Fields that are secrets in and out, as the SDK's Secret class treats them. */
const secretFields: Partial<Record<TenantKind, string[]>> = { Secret: ["data", "stringData"] };

/** One Kubernetes object of a tenant. `metadata` is its output, as on the SDK classes. */
export class TenantObject<K extends TenantKind = TenantKind> extends pulumi.CustomResource {
    declare readonly metadata: pulumi.Output<outputs.meta.v1.ObjectMeta>;

    constructor(kind: K, name: string, args: KindArgs[K], opts?: pulumi.CustomResourceOptions) {
        const secrets = secretFields[kind] ?? [];
        const inputs: Record<string, unknown> = { ...args, apiVersion: apiVersions[kind], kind };
        for (const field of secrets) {
            if (inputs[field] !== undefined) {
                inputs[field] = pulumi.secret(inputs[field]);
            }
        }
        super(
            typeToken(kind),
            name,
            inputs,
            secrets.length > 0 ? { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] } : opts,
        );
    }
}
