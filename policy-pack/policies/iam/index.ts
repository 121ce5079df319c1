/**
 * I1: no admin-equivalent cloud grant, whoever asked for it. The identity binders (IRSA / EKS Pod
 * Identity, Azure Workload Identity, GKE Workload Identity) turn a permission request into IAM
 * resources; tenants ask through their tenant files, add-ons through their code. The platform's
 * config check bounds tenants' requests by an allow-list; this policy is the backstop that holds even
 * when that check is bypassed or a later change forgets it: an AWS policy that allows everything or
 * IAM, a GCP basic or administrator role on a whole project, folder or organization, an Azure
 * Owner / Contributor / access administrator assignment on a subscription or resource group.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import type { PlatformPolicy } from "../../lib/engine";
import { asArray, asObject, asString, forType, isUnknown, Props } from "../../lib/inputs";
import { awsAdminDocument, awsAdminPolicy, azureAdminAssignment, gcpAdminRole } from "./admin";

export * from "./admin";

const awsAttachments = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
];
const awsDocuments = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy", "aws:iam/policy:Policy"];
const awsRole = "aws:iam/role:Role";
const awsExclusiveAttachments = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive";
/** GCP grants on a whole project, folder or organization (a role for a member, or for a list of members). */
const gcpWideGrants = [
    "gcp:projects/iAMMember:IAMMember",
    "gcp:projects/iAMBinding:IAMBinding",
    "gcp:folder/iAMMember:IAMMember",
    "gcp:folder/iAMBinding:IAMBinding",
    "gcp:organizations/iAMMember:IAMMember",
    "gcp:organizations/iAMBinding:IAMBinding",
];
const gcpProjectPolicy = "gcp:projects/iAMPolicy:IAMPolicy";
const azureRoleAssignment = "azure-native:authorization:RoleAssignment";

const fix = "Grant only what the workload needs, on the resources it uses (a bucket, a queue, a key); for tenants, within tenancy.permissions.";

function reportAll(reasons: string[], report: (m: string) => void, what: string): void {
    for (const reason of reasons) {
        report(`${what}: ${reason}. ${fix}`);
    }
}

function awsArnReasons(arns: unknown[]): string[] {
    return arns.flatMap((a) => {
        const arn = asString(a);
        const why = arn ? awsAdminPolicy(arn) : undefined;
        return why ? [why] : [];
    });
}

function gcpPolicyDataReasons(policyData: unknown): string[] {
    let data: unknown = policyData;
    if (typeof policyData === "string") {
        try {
            data = JSON.parse(policyData);
        } catch {
            return [];
        }
    }
    return (asArray(asObject(data)?.bindings) ?? []).flatMap((b) => {
        const role = asString(asObject(b)?.role);
        const why = role ? gcpAdminRole(role) : undefined;
        return why ? [why] : [];
    });
}

export const disallowAdminEquivalentIamGrants: ResourceValidationPolicy = {
    name: "disallow-admin-equivalent-iam-grants",
    description:
        "[I1] No admin-equivalent cloud grant: no AWS policy allowing every action or IAM escalation, no GCP basic or administrator role on a whole project, folder or organization, no Azure Owner, Contributor or access-administrator assignment on a subscription or resource group.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: [
        forType(awsAttachments, (props, _args, report) => {
            if (!isUnknown(props, "policyArn")) {
                reportAll(awsArnReasons([props.policyArn]), report, "IAM policy attachment");
            }
        }),
        forType(awsExclusiveAttachments, (props, _args, report) => {
            if (!isUnknown(props, "policyArns")) {
                reportAll(awsArnReasons(asArray(props.policyArns) ?? []), report, "IAM policy attachments");
            }
        }),
        forType(awsDocuments, (props, _args, report) => {
            if (!isUnknown(props, "policy")) {
                reportAll(awsAdminDocument(props.policy), report, "IAM policy document");
            }
        }),
        forType(awsRole, (props: Props, _args, report) => {
            if (!isUnknown(props, "managedPolicyArns")) {
                reportAll(awsArnReasons(asArray(props.managedPolicyArns) ?? []), report, "IAM role managedPolicyArns");
            }
            for (const inline of asArray(props.inlinePolicies) ?? []) {
                const p = asObject(inline);
                if (p && !isUnknown(p, "policy")) {
                    reportAll(awsAdminDocument(p.policy), report, `IAM role inline policy${asString(p.name) ? ` '${asString(p.name)}'` : ""}`);
                }
            }
        }),
        forType(gcpWideGrants, (props, args, report) => {
            const role = isUnknown(props, "role") ? undefined : asString(props.role);
            const why = role ? gcpAdminRole(role) : undefined;
            if (why) {
                const level = args.type.startsWith("gcp:projects/") ? "project" : args.type.startsWith("gcp:folder/") ? "folder" : "organization";
                report(`IAM grant at ${level} level: ${why}. ${fix}`);
            }
        }),
        forType(gcpProjectPolicy, (props, _args, report) => {
            if (!isUnknown(props, "policyData")) {
                reportAll(gcpPolicyDataReasons(props.policyData), report, "project IAM policy");
            }
        }),
        forType(azureRoleAssignment, (props, _args, report) => {
            if (isUnknown(props, "roleDefinitionId") || isUnknown(props, "scope")) {
                return;
            }
            const role = asString(props.roleDefinitionId);
            const scope = typeof props.scope === "string" ? props.scope : undefined;
            const why = role !== undefined && scope !== undefined ? azureAdminAssignment(role, scope) : undefined;
            if (why) {
                report(`role assignment: ${why}. ${fix}`);
            }
        }),
    ],
};

/** The IAM group of the catalogue (I1). */
export const iamPolicies: PlatformPolicy[] = [disallowAdminEquivalentIamGrants];
