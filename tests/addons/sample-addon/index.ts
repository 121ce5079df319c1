/**
 * A sample add-on, written as a new add-on is: one folder with one `defineAddon(...)`. It needs
 * cert-manager (required) and uses observability when installed; it installs one chart through the
 * Helm base with its traffic profile and a workload identity. Listing it after the catalogue is the
 * only other change (see sample.test.ts).
 */
import { defineAddon, requires, uses } from "../../../modules/addons/addon";
import { HelmAddon } from "../../../modules/addons/helm";
import { observability } from "../../../modules/addons/observability";
import { certManager } from "../../../modules/addons/security/cert-manager";

export const sampleNamespace = "sample-system";

export const sample = defineAddon({
    id: "sample",
    area: "security",
    configPath: "security.enabled",
    description: "a sample add-on",
    enabled: (config) => config.security.enabled,
    needs: { certManager: requires(certManager, "the sample's certificates come from cert-manager"), observability: uses(observability) },
    namespaces: () => [{ name: sampleNamespace, podSecurity: "restricted" }],
    install: (context, needs) =>
        new HelmAddon("sample", {
            context,
            settings: { enabled: true, values: {} },
            chart: "dex",
            releaseName: "sample",
            namespace: { name: sampleNamespace, podSecurity: "restricted" },
            values: { serviceAccount: { name: "sample" } },
            defaultTimeoutSeconds: 300,
            crds: "none",
            needs: [needs.certManager.release],
            scraping: needs.observability?.scraping,
            identities: [{ name: "sample", serviceAccount: "sample", permissions: {}, annotationsAt: "serviceAccount.annotations", podLabelsAt: "podLabels" }],
            traffic: { clusterPorts: [8080] },
        }),
});
