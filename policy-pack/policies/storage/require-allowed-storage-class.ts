import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asObject, asString, forType, isUnknown, Props } from "../../lib/inputs";

export const pvcType = "kubernetes:core/v1:PersistentVolumeClaim";
export const statefulSetType = "kubernetes:apps/v1:StatefulSet";

interface Params {
    allowedStorageClasses?: string[];
}

function check(where: string, spec: Props | undefined, allowed: readonly string[], report: (m: string) => void): void {
    if (!spec || isUnknown(spec, "storageClassName")) {
        return;
    }
    const name = spec.storageClassName;
    if (name === undefined || name === null) {
        return; // the cluster's default class, which the platform sets
    }
    const cls = asString(name) ?? "";
    if (!allowed.includes(cls)) {
        report(
            `${where} asks for StorageClass '${cls}', which is not allow-listed (${allowed.join(", ")}); use an allowed class, or omit storageClassName for the default.`,
        );
    }
}

/** ST2: claims use allow-listed StorageClasses (or the cluster default). */
export const requireAllowedStorageClass: ResourceValidationPolicy = {
    name: "require-allowed-storage-class",
    description: "PersistentVolumeClaims (and StatefulSet volume claim templates) use allow-listed StorageClasses or the cluster default.",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: {
        properties: {
            allowedStorageClasses: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "StorageClass names claims may use. Default: empty, which leaves the rule not applicable until an environment lists its classes.",
            },
        },
    },
    validateResource: forType([pvcType, statefulSetType], (props, args, report) => {
        const { allowedStorageClasses = [] } = args.getConfig<Params>();
        if (allowedStorageClasses.length === 0) {
            args.notApplicable("no allowedStorageClasses configured");
        }
        if (args.type === pvcType) {
            check("PersistentVolumeClaim", asObject(props.spec), allowedStorageClasses, report);
            return;
        }
        for (const t of asArray(asObject(props.spec)?.volumeClaimTemplates) ?? []) {
            const tpl = asObject(t);
            check(`Volume claim template '${asString(asObject(tpl?.metadata)?.name) ?? "?"}'`, asObject(tpl?.spec), allowedStorageClasses, report);
        }
    }),
};
