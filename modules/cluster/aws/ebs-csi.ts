/**
 * The EBS CSI driver the way EKS supports best: the `aws-ebs-csi-driver` managed add-on running as
 * its own role (scoped to its controller's service account, with the AWS-managed driver policy and
 * use of the stack's KMS key only), plus the `snapshot-controller` managed add-on that brings the
 * VolumeSnapshot CRDs. The EKS cluster module hands `ebsCsiDriverInstaller(...)` to the handle as
 * `storage.installCsiDriver`; the storage add-on calls it.
 */
import * as pulumi from "@pulumi/pulumi";
import { Addon } from "@pulumi/aws/eks";
import type { AwsPolicyStatement, CsiDriverInstallation, IdentityBinder, IdentityRequest } from "../contract";
import { eksAddonArgs } from "./managed-addons";

/** The driver's controller service account, as the managed add-on creates it. */
export const ebsCsiServiceAccount = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;

/** AWS-managed policy for the driver (scoped to volumes and snapshots tagged by the driver). */
export const ebsCsiManagedPolicy = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicyV2";

export interface EbsCsiArgs {
    /** The EKS cluster's name (an output of the cluster). */
    clusterName: pulumi.Input<string>;
    /** Kubernetes minor: selects the add-ons' pinned versions. */
    kubernetesVersion: string;
    /** The cluster's identity binder (IRSA or EKS Pod Identity). */
    identity: IdentityBinder;
    /** ARN of the cluster's disks key, which encrypts volumes. */
    kmsKeyArn: pulumi.Input<string>;
    /** Node groups: a managed add-on is ACTIVE only once its pods run, so it waits for nodes. */
    nodesReady: pulumi.Resource[];
    /** The AWS provider the cluster module uses, if not the default one. */
    provider?: pulumi.ProviderResource;
    /** Protect the add-ons from `pulumi destroy` (prod). */
    protect?: boolean;
}

/** The identity request for the driver: exactly its controller service account, and the one key. */
export function ebsCsiIdentityRequest(kmsKeyArn: pulumi.Input<string>): IdentityRequest {
    const kms: AwsPolicyStatement = {
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant"],
        Resource: kmsKeyArn,
    };
    return {
        name: "ebs-csi",
        namespace: ebsCsiServiceAccount.namespace,
        serviceAccount: ebsCsiServiceAccount.name,
        permissions: { aws: { managedPolicyArns: [ebsCsiManagedPolicy], statements: [kms] } },
    };
}

/** Returns the handle's `storage.installCsiDriver` for an EKS cluster. */
export function ebsCsiDriverInstaller(args: EbsCsiArgs) {
    return (name: string, opts: pulumi.ComponentResourceOptions): CsiDriverInstallation => {
        const bound = args.identity.bind(ebsCsiIdentityRequest(args.kmsKeyArn), opts);
        const common: pulumi.CustomResourceOptions = {
            parent: opts.parent,
            provider: args.provider,
            protect: args.protect,
        };
        // IRSA: the add-on annotates its service account with the role. Pod Identity: the binder's
        // association already maps the service account to the role.
        const roleArn = args.identity.mechanism === "irsa" ? bound.principal : undefined;
        const driver = new Addon(
            `${name}-ebs-csi`,
            { ...eksAddonArgs("ebsCsiDriver", args), serviceAccountRoleArn: roleArn },
            { ...common, dependsOn: [...bound.resources, ...args.nodesReady] },
        );
        const snapshots = new Addon(`${name}-snapshot-controller`, eksAddonArgs("snapshotController", args), { ...common, dependsOn: args.nodesReady });
        return { resources: [driver, snapshots], principal: bound.principal, snapshotController: true };
    };
}
