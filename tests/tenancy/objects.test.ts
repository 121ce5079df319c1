/**
 * Tenant objects are registered through a lean factory (modules/tenancy/objects.ts) rather than the
 * `@pulumi/kubernetes` classes; the engine and the provider must not be able to tell the difference.
 */
import { expect } from "chai";
import * as coreV1 from "@pulumi/kubernetes/core/v1";
import * as networkingV1 from "@pulumi/kubernetes/networking/v1";
import * as rbacV1 from "@pulumi/kubernetes/rbac/v1";
import { evaluateProgram } from "../../modules/plan";
import { TenantKind, TenantObject, typeToken } from "../../modules/tenancy/objects";
import { localConfig, rawConfig } from "../harness";

/** The SDK's class per kind; each carries its type token as the static `__pulumiType`. */
const sdkClasses: Record<TenantKind, unknown> = {
    Namespace: coreV1.Namespace,
    ResourceQuota: coreV1.ResourceQuota,
    LimitRange: coreV1.LimitRange,
    NetworkPolicy: networkingV1.NetworkPolicy,
    Role: rbacV1.Role,
    RoleBinding: rbacV1.RoleBinding,
    ServiceAccount: coreV1.ServiceAccount,
    Secret: coreV1.Secret,
};

describe("tenant objects", () => {
    it("use the Kubernetes provider's own type token for every kind, as the SDK classes do", () => {
        for (const [kind, cls] of Object.entries(sdkClasses) as [TenantKind, { __pulumiType: string }][]) {
            expect(cls.__pulumiType, `${kind} class token`).to.be.a("string");
            expect(typeToken(kind), kind).to.equal(cls.__pulumiType);
        }
    });

    it("send apiVersion and kind with the object, and keep a Secret's data secret even when given in plain text", async () => {
        const run = await evaluateProgram(rawConfig(localConfig()), async () => {
            new TenantObject("RoleBinding", "rb", {
                metadata: { name: "rb", namespace: "shop" },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
                subjects: [],
            });
            new TenantObject("Secret", "pull", {
                metadata: { name: "pull", namespace: "shop" },
                type: "kubernetes.io/dockerconfigjson",
                stringData: { ".dockerconfigjson": "plain-token-value" },
            });
            return {};
        });
        const rb = run.resources.find((r) => r.name === "rb")!;
        expect(rb.type).to.equal("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
        expect(rb.inputs).to.include({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding" });
        const secret = run.resources.find((r) => r.name === "pull")!;
        expect(secret.inputs).to.include({ apiVersion: "v1", kind: "Secret", stringData: "[secret]" });
        expect(JSON.stringify(run.resources.map((r) => r.inputs))).to.not.contain("plain-token-value");
    });
});
