/**
 * E1-E5: EKS clusters, their nodes and their CNI (aws 7.x input names: aws:eks/cluster:Cluster,
 * aws:eks/nodeGroup:NodeGroup, aws:ec2/launchTemplate:LaunchTemplate, aws:eks/addon:Addon).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asObject, asString, forType, isUnknown, isUnknownAt, publicCidrProblems } from "../../lib/inputs";
import { EndpointParams, endpointSchema } from "./params";

export const eksClusterType = "aws:eks/cluster:Cluster";
export const eksNodeGroupType = "aws:eks/nodeGroup:NodeGroup";
export const launchTemplateType = "aws:ec2/launchTemplate:LaunchTemplate";
export const eksAddonType = "aws:eks/addon:Addon";

/** E1: the API endpoint is private, or public only to named CIDR ranges. */
export const requirePrivateEksEndpoint: ResourceValidationPolicy = {
    name: "require-private-eks-endpoint",
    description: "EKS API endpoints are private, or public only to restricted CIDR ranges (never 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: endpointSchema,
    validateResource: forType(eksClusterType, (props, args, report) => {
        const vpc = asObject(props.vpcConfig) ?? {};
        if (isUnknown(vpc, "endpointPublicAccess") || isUnknown(vpc, "publicAccessCidrs")) {
            return;
        }
        if (vpc.endpointPublicAccess === false) {
            if (vpc.endpointPrivateAccess !== true) {
                report(
                    "EKS `vpcConfig.endpointPublicAccess` is false but `endpointPrivateAccess` is not true: nothing could reach the API; set `endpointPrivateAccess: true`.",
                );
            }
            return;
        }
        const { allowedPublicCidrs = [] } = args.getConfig<EndpointParams>();
        for (const problem of publicCidrProblems(asArray(vpc.publicAccessCidrs), allowedPublicCidrs)) {
            report(
                `EKS public API endpoint: ${problem}. Set \`vpcConfig.endpointPublicAccess: false\` (private endpoint), or list restricted ranges in \`vpcConfig.publicAccessCidrs\`.`,
            );
        }
    }),
};

/** E2: Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key. */
export const requireEksSecretsEncryption: ResourceValidationPolicy = {
    name: "require-eks-secrets-encryption",
    description: 'EKS encrypts Kubernetes Secrets with a customer-managed KMS key (encryptionConfig with resources ["secrets"]).',
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(eksClusterType, (props, _args, report) => {
        if (isUnknown(props, "encryptionConfig")) {
            return;
        }
        const enc = asObject(props.encryptionConfig);
        if (!enc) {
            report(
                'EKS cluster has no `encryptionConfig`: Secrets are not encrypted with your KMS key. Set `encryptionConfig: { resources: ["secrets"], provider: { keyArn: <customer-managed KMS key ARN> } }`.',
            );
            return;
        }
        const resources = asArray(enc.resources);
        if (!isUnknown(enc, "resources") && !(resources ?? []).includes("secrets")) {
            report('EKS `encryptionConfig.resources` does not include "secrets"; set it to ["secrets"].');
        }
        if (isUnknownAt(enc, "provider.keyArn")) {
            return;
        }
        const keyArn = asString(asObject(enc.provider)?.keyArn);
        if (!keyArn) {
            report("EKS `encryptionConfig.provider.keyArn` is not set; give the ARN of a customer-managed KMS key.");
        } else if (/:alias\/aws\//.test(keyArn)) {
            report(`EKS secrets key '${keyArn}' is an AWS-managed key; use a customer-managed KMS key you control (rotation, key policy, audit).`);
        }
    }),
};

interface LogParams {
    requiredLogTypes?: string[];
}

/** E3: control-plane audit logs go to CloudWatch. */
export const requireEksAuditLogging: ResourceValidationPolicy = {
    name: "require-eks-audit-logging",
    description: "EKS control-plane logging includes the audit log (enabledClusterLogTypes).",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: {
        properties: {
            requiredLogTypes: {
                type: "array",
                items: { type: "string", enum: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
                default: ["audit"],
                description: 'Control-plane log types that must be enabled. Default: ["audit"].',
            },
        },
    },
    validateResource: forType(eksClusterType, (props, args, report) => {
        if (isUnknown(props, "enabledClusterLogTypes")) {
            return;
        }
        const { requiredLogTypes = ["audit"] } = args.getConfig<LogParams>();
        const enabled = asArray(props.enabledClusterLogTypes) ?? [];
        const missing = requiredLogTypes.filter((t) => !enabled.includes(t));
        if (missing.length > 0) {
            report(
                `EKS control-plane logging lacks ${missing.map((m) => `"${m}"`).join(", ")}; add ${missing.length > 1 ? "them" : "it"} to \`enabledClusterLogTypes\`.`,
            );
        }
    }),
};

/** E4: nodes require IMDSv2 (session tokens) and do not open SSH to the world. */
export const requireEksNodeHardening: ResourceValidationPolicy = {
    name: "require-eks-node-hardening",
    description:
        'EKS nodes require IMDSv2 (launch template metadataOptions.httpTokens "required") and never open SSH to 0.0.0.0/0 (remoteAccess without source security groups).',
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: [
        forType(launchTemplateType, (props, _args, report) => {
            const md = asObject(props.metadataOptions);
            if (isUnknown(props, "metadataOptions") || isUnknown(md, "httpTokens") || isUnknown(md, "httpEndpoint")) {
                return;
            }
            if (md?.httpEndpoint === "disabled") {
                return; // no metadata service at all
            }
            if (md?.httpTokens !== "required") {
                report(
                    'Launch template allows IMDSv1: set `metadataOptions.httpTokens: "required"` (IMDSv2 session tokens), with `httpPutResponseHopLimit` 1 or 2.',
                );
            }
        }),
        forType(eksNodeGroupType, (props, _args, report) => {
            const remote = asObject(props.remoteAccess);
            if (remote && !isUnknown(remote, "ec2SshKey") && asString(remote.ec2SshKey) && !isUnknown(remote, "sourceSecurityGroupIds")) {
                const sources = asArray(remote.sourceSecurityGroupIds) ?? [];
                if (sources.length === 0) {
                    report(
                        "Node group `remoteAccess` sets an SSH key without `sourceSecurityGroupIds`, which opens port 22 to 0.0.0.0/0; remove remoteAccess (use SSM Session Manager) or restrict it to named security groups.",
                    );
                }
            }
            if (!isUnknown(props, "launchTemplate") && !asObject(props.launchTemplate)) {
                report(
                    'Node group has no `launchTemplate`, so nothing enforces IMDSv2 on its nodes; attach a launch template with `metadataOptions.httpTokens: "required"`.',
                );
            }
        }),
    ],
};

/**
 * E5 (the platform's addition, the EKS counterpart of A3 and G6): the managed VPC CNI runs its
 * network policy agent. Without `enableNetworkPolicy`, EKS accepts NetworkPolicies and enforces none.
 */
export const requireEksNetworkPolicy: ResourceValidationPolicy = {
    name: "require-eks-network-policy",
    description:
        'The EKS vpc-cni add-on enables its network policy agent (configurationValues enableNetworkPolicy "true"), so tenant NetworkPolicies are enforced.',
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(eksAddonType, (props, _args, report) => {
        if (isUnknown(props, "addonName") || props.addonName !== "vpc-cni" || isUnknown(props, "configurationValues")) {
            return;
        }
        const raw = asString(props.configurationValues);
        let values: Record<string, unknown> | undefined;
        try {
            values = raw ? asObject(JSON.parse(raw)) : undefined;
        } catch {
            report('The vpc-cni add-on\'s `configurationValues` is not valid JSON; set it to a JSON object with `"enableNetworkPolicy": "true"`.');
            return;
        }
        if (String(values?.enableNetworkPolicy) !== "true") {
            report(
                'The vpc-cni add-on does not enable its network policy agent, so NetworkPolicies are not enforced on EKS; set `configurationValues` to include `"enableNetworkPolicy": "true"`.',
            );
        }
    }),
};

/**
 * E6 (the platform's addition): EKS gives whoever creates the cluster no implicit cluster-admin
 * (`accessConfig.bootstrapClusterCreatorAdminPermissions: false`): every admin is a declared access
 * entry, and changing the identity that runs pulumi leaves no stale admin behind.
 */
export const disallowEksCreatorBootstrapAdmin: ResourceValidationPolicy = {
    name: "disallow-eks-creator-bootstrap-admin",
    description:
        "EKS clusters set accessConfig.bootstrapClusterCreatorAdminPermissions to false: the creator gets no implicit, undeclared cluster-admin access entry; admins (the deployer included) are declared access entries.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(eksClusterType, (props, _args, report) => {
        if (isUnknown(props, "accessConfig") || isUnknownAt(props, "accessConfig.bootstrapClusterCreatorAdminPermissions")) {
            return;
        }
        const access = asObject(props.accessConfig);
        if (access?.bootstrapClusterCreatorAdminPermissions !== false) {
            report(
                "EKS gives the cluster's creator an implicit cluster-admin access entry (accessConfig.bootstrapClusterCreatorAdminPermissions is not false); set it to false and declare the deployer's access entry (aws:eks/accessEntry:AccessEntry with the AmazonEKSClusterAdminPolicy association).",
            );
        }
    }),
};
