/** Image tables (see ./index.ts): Gatekeeper. */
import { full, overriddenBy, whole } from "../image-sources";
import type { ImageTables } from "./types";

export const admissionImages: ImageTables = {
    gatekeeper: {
        "3.23.0": {
            checked:
                "open-policy-agent/gatekeeper tag v3.23.0: charts/gatekeeper/values.yaml, templates/gatekeeper-controller-manager-deployment.yaml and gatekeeper-audit-deployment.yaml, upgrade-crds-hook.yaml, namespace-post-install.yaml, namespace-post-upgrade.yaml, probe-webhook-post-install.yaml, webhook-configs-pre-delete.yaml, _helpers.tpl",
            images: [
                {
                    name: "gatekeeper",
                    role: "container",
                    what: "the controller manager and the audit",
                    source: full({
                        repository: "image.repository",
                        tag: "image.release",
                        defaults: { repository: "openpolicyagent/gatekeeper", tag: "v3.23.0" },
                    }),
                },
                {
                    name: "crds-upgrade",
                    role: "hook",
                    what: "the CRD upgrade hook job (image.crdRepository, unless preInstall.crdRepository.image.repository is set)",
                    when: (v) => v.on("upgradeCRDs.enabled", true),
                    source: overriddenBy(
                        "preInstall.crdRepository.image.repository",
                        full({
                            repository: "image.crdRepository",
                            tag: "image.release",
                            defaults: { repository: "openpolicyagent/gatekeeper-crds", tag: "v3.23.0" },
                        }),
                    ),
                },
                {
                    name: "label-namespace",
                    role: "hook",
                    what: "the post-install job that labels the Gatekeeper namespace",
                    when: (v) => v.on("postInstall.labelNamespace.enabled", true),
                    source: full({
                        repository: "postInstall.labelNamespace.image.repository",
                        tag: "postInstall.labelNamespace.image.tag",
                        defaults: { repository: "openpolicyagent/gatekeeper-crds", tag: "v3.23.0" },
                    }),
                },
                {
                    name: "probe-webhook",
                    role: "hook",
                    what: "the post-install webhook probe (an init container of the label job, or its own job)",
                    when: (v) => v.on("postInstall.probeWebhook.enabled", true),
                    source: full({
                        repository: "postInstall.probeWebhook.image.repository",
                        tag: "postInstall.probeWebhook.image.tag",
                        defaults: { repository: "curlimages/curl", tag: "8.20.0" },
                    }),
                },
                {
                    name: "label-namespace-upgrade",
                    role: "hook",
                    what: "the post-upgrade namespace label job",
                    when: (v) => v.on("postUpgrade.labelNamespace.enabled", false),
                    source: full({
                        repository: "postUpgrade.labelNamespace.image.repository",
                        tag: "postUpgrade.labelNamespace.image.tag",
                        defaults: { repository: "openpolicyagent/gatekeeper-crds", tag: "v3.23.0" },
                    }),
                },
                {
                    name: "delete-webhook-configs",
                    role: "hook",
                    what: "the pre-delete job that removes the webhook configurations",
                    when: (v) => v.on("preUninstall.deleteWebhookConfigurations.enabled", false),
                    source: full({
                        repository: "preUninstall.deleteWebhookConfigurations.image.repository",
                        tag: "preUninstall.deleteWebhookConfigurations.image.tag",
                        defaults: { repository: "openpolicyagent/gatekeeper-crds", tag: "v3.23.0" },
                    }),
                },
                {
                    name: "export-reader",
                    role: "sidecar",
                    what: "the audit's violation-export reader (enableViolationExport with the disk backend)",
                    when: (v) =>
                        v.on("enableViolationExport", false) &&
                        (v.str("exportBackend") ?? "").toLowerCase() === "disk" &&
                        !v.on("audit.disableAuditSidecar", false),
                    source: whole("audit.exportSidecar.image", "ghcr.io/open-policy-agent/fake-reader:latest"),
                },
            ],
        },
    },
};
