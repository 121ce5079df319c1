import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asObject, asString, forType, isTrue, isUnknown, Props } from "../../lib/inputs";

export const storageClassType = "kubernetes:storage.k8s.io/v1:StorageClass";

const ebs = "ebs.csi.aws.com";
const azureDisk = "disk.csi.azure.com";
const gcePd = "pd.csi.storage.gke.io";

/** In-tree volume plugins: migrated to CSI and removed from Kubernetes; their parameters cannot express CMEK. */
const inTree: Record<string, string> = {
    "kubernetes.io/aws-ebs": ebs,
    "kubernetes.io/azure-disk": azureDisk,
    "kubernetes.io/gce-pd": gcePd,
};

/** A parameter by name, ignoring case (the Azure Disk driver lower-cases parameter keys). */
function param(parameters: Props, name: string): unknown {
    const key = Object.keys(parameters).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : parameters[key];
}

/** True when the parameter is set but not known until apply (a key created in the same run). */
function unknownParam(parameters: Props, name: string): boolean {
    const key = Object.keys(parameters).find((k) => k.toLowerCase() === name.toLowerCase());
    return key !== undefined && isUnknown(parameters, key);
}

interface Params {
    customerManagedKeyProvisioners?: string[];
}

/** ST1: StorageClasses of cloud block storage encrypt, with the customer's key where required. */
export const requireEncryptedStorageClass: ResourceValidationPolicy = {
    name: "require-encrypted-storage-class",
    description:
        'StorageClasses encrypt volumes: EBS `encrypted: "true"` (with kmsKeyId where a customer key is required), GCE PD `disk-encryption-kms-key` (CMEK), Azure Disk `diskEncryptionSetID`.',
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            customerManagedKeyProvisioners: {
                type: "array",
                items: { type: "string", enum: [ebs, azureDisk, gcePd] },
                default: [gcePd, azureDisk],
                description:
                    "CSI provisioners whose classes must name a customer-managed key (EBS kmsKeyId, PD disk-encryption-kms-key, Azure diskEncryptionSetID). Default: GCE PD and Azure Disk (EBS must set encrypted in any case).",
            },
        },
    },
    validateResource: forType(storageClassType, (props, args, report) => {
        if (isUnknown(props, "provisioner") || isUnknown(props, "parameters")) {
            return;
        }
        const provisioner = asString(props.provisioner) ?? "";
        const parameters = asObject(props.parameters) ?? {};
        const { customerManagedKeyProvisioners = [gcePd, azureDisk] } = args.getConfig<Params>();
        const cmek = customerManagedKeyProvisioners.includes(provisioner);
        const csi = inTree[provisioner];
        if (csi) {
            report(`StorageClass uses the removed in-tree provisioner ${provisioner}; use the CSI driver ${csi} with its encryption parameters.`);
            return;
        }
        const needKey = (name: string, what: string) => {
            if (cmek && !unknownParam(parameters, name) && !asString(param(parameters, name))) {
                report(`StorageClass (${provisioner}) does not name a customer-managed key; set parameters.${name} to ${what}.`);
            }
        };
        switch (provisioner) {
            case ebs:
                if (!unknownParam(parameters, "encrypted") && !isTrue(param(parameters, "encrypted"))) {
                    report(
                        'EBS StorageClass creates unencrypted volumes; set parameters.encrypted: "true" (and parameters.kmsKeyId to a customer-managed KMS key ARN).',
                    );
                }
                needKey("kmsKeyId", "the ARN of a customer-managed KMS key");
                break;
            case gcePd:
                needKey("disk-encryption-kms-key", "a Cloud KMS key (projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)");
                break;
            case azureDisk:
                needKey("diskEncryptionSetID", "the resource ID of a disk encryption set backed by your Key Vault key");
                break;
            default:
                args.notApplicable(`provisioner ${provisioner} is not a cloud block-storage driver this rule knows`);
        }
    }),
};
