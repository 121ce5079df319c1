/**
 * Falco with the modern eBPF probe (least-privileged: capabilities instead of a privileged
 * container), Falcosidekick forwarding to Alertmanager (and Slack or a webhook, with their URLs in a
 * Kubernetes Secret, never in values), and the platform's own rules.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace, Secret as K8sSecret } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import { secretOutput } from "../../../config/secret-output";
import type { SecurityConfig } from "../../../config/sections/security";
import { defineAddon, uses } from "../../addon";
import type { AddonContext } from "../../context";
import { HelmAddon, Scraping } from "../../helm";
import { systemNamespaces } from "../../namespace";
import { observability } from "../../observability";
import { falcoPriorities, platformFalcoRules, platformRuleNames, platformRulePriority, priorityNumber } from "./rules";
import type { ConfigIssue, PlatformConfig } from "../../../config";
import { falcoValues } from "./values";

export * from "./rules";
export { falcoValues } from "./values";

export const falcoNamespace = "falco";
export const sidekickOutputsSecret = "falcosidekick-outputs";

export interface FalcoArgs {
    context: AddonContext;
    settings: SecurityConfig["falco"];
    /** Alertmanager's in-cluster URL from the observability area (config `alertmanagerUrl` wins). */
    alertmanagerUrl?: string;
    /** Every platform namespace (declared by the add-ons): not tenants', so the platform's own rules skip them. */
    platformNamespaces: readonly string[];
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
}

export class Falco extends pulumi.ComponentResource {
    readonly chart: HelmAddon;
    readonly release: Release;
    readonly namespace: Namespace;

    constructor(name: string, args: FalcoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:Falco", name, {}, opts);
        const { context, settings } = args;
        const child = { parent: this };
        // Falco's probe needs host access: a privileged namespace of its own.
        this.namespace = context.namespace(`${name}-namespace`, { name: falcoNamespace, podSecurity: "privileged" }, child);
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
        // `default` counts as a tenant namespace: workloads do not belong there, and a shell in one is worth an alert.
        const nonTenant = [...systemNamespaces.filter((n) => n !== "default"), ...args.platformNamespaces];
        this.chart = new HelmAddon(
            `${name}-chart`,
            {
                context,
                settings,
                chart: "falco",
                namespace: { shared: this.namespace, name: falcoNamespace },
                values: falcoValues({
                    leastPrivileged: settings.leastPrivileged,
                    registry: context.registry("docker.io"),
                    rules: platformFalcoRules(nonTenant),
                    alertmanagerUrl: settings.alertmanagerUrl ?? args.alertmanagerUrl,
                    minimumPriority: settings.minimumPriority,
                    outputsSecretName: Object.keys(outputs).length > 0 ? sidekickOutputsSecret : undefined,
                    slack: settings.slackWebhookUrl !== undefined,
                    webhook: settings.webhookUrl !== undefined,
                    sidekickReplicas: context.tier === "prod" ? 2 : 1,
                    airgap: context.config.airgap.imageRegistry !== undefined || context.config.airgap.chartMirror !== undefined,
                }),
                defaultTimeoutSeconds: 600,
                crds: "none",
                releaseName: "falco",
                needs,
                // The node agent (falco chart 9.1.0: pod-template.tpl) and Falcosidekick (subchart 0.13.1: deployment.yaml).
                priorityClassAt: ["podPriorityClassName", "falcosidekick.priorityClassName"],
                scraping: args.scraping,
                // Falcosidekick posts events to Alertmanager, when the stack runs one.
                traffic: { internetEgressPorts: [443], egress: [{ to: "chart", chart: "kubePrometheusStack", ports: [9093] }] },
            },
            child,
        );
        this.release = this.chart.release;
        this.registerOutputs({});
    }
}

/**
 * A minimum priority above one of the platform's own rules would keep that rule's events from
 * Alertmanager (and from the Prometheus alerts that match the same priorities).
 */
export function falcoIssues(config: PlatformConfig): ConfigIssue[] {
    const min = config.security.falco.minimumPriority;
    const dropped = platformRuleNames.filter((n) => priorityNumber(platformRulePriority[n]) > falcoPriorities.indexOf(min));
    if (dropped.length === 0) {
        return [];
    }
    const lowest = falcoPriorities[Math.max(...platformRuleNames.map((n) => priorityNumber(platformRulePriority[n])))];
    return [
        {
            path: "security.falco.minimumPriority",
            message: `'${min}' would keep the platform's own rules ${dropped.map((d) => `'${d}'`).join(", ")} (priority ${dropped.map((d) => platformRulePriority[d]).join(", ")}) from Alertmanager; use '${lowest}' or lower`,
        },
    ];
}

/** The Falco add-on: runtime detection with the platform's rules, events through Falcosidekick to Alertmanager. */
export const falco = defineAddon({
    id: "falco",
    area: "security",
    configPath: "security.falco.enabled",
    description: "Falco runtime security",
    enabled: (config) => config.security.enabled && config.security.falco.enabled,
    needs: { observability: uses(observability) },
    issues: (config) => falcoIssues(config),
    namespaces: () => [{ name: falcoNamespace, podSecurity: "privileged" }],
    install: (context, needs): Falco =>
        new Falco("falco", {
            context,
            settings: context.config.security.falco,
            alertmanagerUrl: needs.observability?.alertmanagerUrl,
            platformNamespaces: context.platformNamespaces,
            scraping: needs.observability?.scraping,
        }),
});
