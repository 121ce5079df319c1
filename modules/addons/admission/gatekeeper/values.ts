/** Gatekeeper chart values (chart 3.23.0): audit on, CEL engine on, HA and fail-closed in deny mode. Pure. */
import type { Values } from "../../values";

export interface GatekeeperValuesInput {
    replicas: number;
    auditIntervalSeconds: number;
    enforcement: "deny" | "warn" | "dryrun";
    /** Namespaces allowed to carry the `admission.gatekeeper.sh/ignore` label. */
    exemptNamespaces: string[];
    image: (ref: string) => string;
}

export function gatekeeperValues(o: GatekeeperValuesInput): Values {
    const hook = { image: { repository: o.image("openpolicyagent/gatekeeper-crds") } };
    return {
        replicas: o.replicas,
        auditInterval: o.auditIntervalSeconds,
        disableAudit: false,
        auditFromCache: false,
        constraintViolationsLimit: 50,
        enableK8sNativeValidation: true,
        logDenies: true,
        // Fail closed only when the platform denies: a webhook outage then blocks rather than admits.
        validatingWebhookFailurePolicy: o.enforcement === "deny" ? "Fail" : "Ignore",
        validatingWebhookTimeoutSeconds: 5,
        image: { repository: o.image("openpolicyagent/gatekeeper"), crdRepository: o.image("openpolicyagent/gatekeeper-crds") },
        postInstall: { labelNamespace: hook, probeWebhook: { image: { repository: o.image("curlimages/curl") } } },
        postUpgrade: { labelNamespace: hook },
        preUninstall: { deleteWebhookConfigurations: hook },
        controllerManager: { exemptNamespaces: o.exemptNamespaces, resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } } },
        audit: { resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } } },
        pdb: { controllerManager: { minAvailable: o.replicas > 1 ? 1 : 0 } },
    };
}
