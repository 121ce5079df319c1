/**
 * Falco with the modern eBPF probe (least-privileged: capabilities instead of a privileged
 * container), Falcosidekick forwarding to Alertmanager (and Slack or a webhook, with their URLs in a
 * Kubernetes Secret, never in values), and the platform's own rules.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace, Secret as K8sSecret } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { SecurityConfig } from "../../../config/sections/security";
import { secretOutput } from "../../../platform/secrets";
import type { PlatformContext } from "../../context";
import { HelmAddon } from "../../helm";
import { createNamespace } from "../../namespace";
import { systemNamespaces } from "../common";
import { platformFalcoRules } from "./rules";
import { falcoValues } from "./values";

export { platformFalcoRules, platformRuleNames } from "./rules";
export { falcoValues } from "./values";

export const falcoNamespace = "falco";
export const sidekickOutputsSecret = "falcosidekick-outputs";

export interface FalcoArgs {
    platform: PlatformContext;
    settings: SecurityConfig["falco"];
    /** Alertmanager's in-cluster URL from the observability area (config `alertmanagerUrl` wins). */
    alertmanagerUrl?: string;
}

export class Falco extends pulumi.ComponentResource {
    readonly chart: HelmAddon;
    readonly release: Release;
    readonly namespace: Namespace;

    constructor(name: string, args: FalcoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:Falco", name, {}, opts);
        const { platform, settings } = args;
        const child = { parent: this };
        // Falco's probe needs host access: the one platform namespace that is not `restricted`.
        this.namespace = createNamespace(`${name}-namespace`, { name: falcoNamespace, podSecurity: "privileged" }, child);
        const outputs: Record<string, pulumi.Output<string>> = {};
        if (settings.slackWebhookUrl) {
            outputs.SLACK_WEBHOOKURL = secretOutput(settings.slackWebhookUrl);
        }
        if (settings.webhookUrl) {
            outputs.WEBHOOK_ADDRESS = secretOutput(settings.webhookUrl);
        }
        const needs: pulumi.Resource[] = [];
        if (Object.keys(outputs).length > 0) {
            needs.push(
                new K8sSecret(
                    `${name}-sidekick-outputs`,
                    { metadata: { name: sidekickOutputsSecret, namespace: this.namespace.metadata.name }, type: "Opaque", stringData: outputs },
                    child,
                ),
            );
        }
        const nonTenant = [...systemNamespaces, ...[...platform.installed, ...platform.extraNamespaces].map((a) => a.namespace), falcoNamespace];
        this.chart = new HelmAddon(
            "platform:security:Chart",
            `${name}-chart`,
            {
                platform,
                settings,
                chart: "falco",
                namespace: { shared: this.namespace, name: falcoNamespace },
                values: falcoValues({
                    leastPrivileged: settings.leastPrivileged,
                    registry: platform.registry("docker.io"),
                    rules: platformFalcoRules(nonTenant),
                    alertmanagerUrl: settings.alertmanagerUrl ?? args.alertmanagerUrl,
                    minimumPriority: settings.minimumPriority,
                    outputsSecretName: Object.keys(outputs).length > 0 ? sidekickOutputsSecret : undefined,
                    slack: settings.slackWebhookUrl !== undefined,
                    webhook: settings.webhookUrl !== undefined,
                    sidekickReplicas: platform.tier === "prod" ? 2 : 1,
                }),
                defaultTimeoutSeconds: 600,
                crds: "none",
                releaseName: "falco",
                needs,
            },
            child,
        );
        this.release = this.chart.release;
        this.registerOutputs({});
    }
}
