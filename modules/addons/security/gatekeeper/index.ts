/**
 * OPA Gatekeeper, installed after every other add-on (its release depends on every release recorded
 * before it, so its webhook never judges the platform's own installation), with the policy pack's
 * rules as ConstraintTemplates and Constraints: audit on, system and platform namespaces excluded,
 * `warn` in dev and `deny` in prod.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { SecurityConfig } from "../../../config/sections/security";
import type { PlatformContext } from "../../context";
import { HelmAddon } from "../../helm";
import { systemNamespaces } from "../common";
import { AdmissionPolicy, gatekeeperConfig, platformConstraint, platformTemplate } from "./constraints";
import { gatekeeperValues } from "./values";

export * from "./constraints";
export { gatekeeperValues } from "./values";

export const gatekeeperNamespace = "gatekeeper-system";

export interface GatekeeperArgs {
    platform: PlatformContext;
    settings: SecurityConfig["gatekeeper"];
    /** The policy pack's admission rules, rendered. */
    policies: readonly AdmissionPolicy[];
}

/** Namespaces no constraint applies to: Kubernetes' own, Gatekeeper's, the platform's services' and the configured ones. */
export function excludedNamespaces(platformNamespaces: string[], extra: string[]): string[] {
    return [...new Set([...systemNamespaces, gatekeeperNamespace, ...platformNamespaces, ...extra])].sort();
}

export class Gatekeeper extends pulumi.ComponentResource {
    readonly chart: HelmAddon;
    readonly release: Release;
    readonly templates: CustomResource[] = [];
    readonly constraints: CustomResource[] = [];
    /** The releases this one waits for: every add-on installed before it. */
    readonly after: Release[];

    constructor(name: string, args: GatekeeperArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:Gatekeeper", name, {}, opts);
        const { platform, settings } = args;
        // Snapshot before creating our own release: everything installed so far goes first.
        this.after = platform.installed.map((a) => a.release);
        const excluded = excludedNamespaces(
            [...platform.installed, ...platform.extraNamespaces].map((a) => a.namespace),
            settings.exemptNamespaces,
        );
        this.chart = new HelmAddon(
            "platform:security:Chart",
            `${name}-chart`,
            {
                platform,
                settings,
                chart: "gatekeeper",
                namespace: { name: gatekeeperNamespace, podSecurity: "restricted", labels: { "admission.gatekeeper.sh/ignore": "no-self-managing" } },
                values: gatekeeperValues({
                    replicas: settings.replicas,
                    auditIntervalSeconds: settings.auditIntervalSeconds,
                    enforcement: settings.enforcement,
                    exemptNamespaces: excluded.filter((n) => n !== gatekeeperNamespace),
                    image: (ref) => platform.image(ref),
                }),
                defaultTimeoutSeconds: 600,
                crds: "upgrade-job",
                releaseName: "gatekeeper",
                needs: this.after,
            },
            { parent: this },
        );
        this.release = this.chart.release;
        new CustomResource(`${name}-config`, gatekeeperConfig(gatekeeperNamespace, excluded), { parent: this, dependsOn: [this.release] });
        for (const policy of args.policies) {
            const template = new CustomResource(`${name}-${policy.template.metadata.name}`, platformTemplate(policy), { parent: this, dependsOn: [this.release] });
            const constraint = new CustomResource(
                `${name}-${policy.constraint.metadata.name}`,
                platformConstraint(policy, { enforcement: settings.enforcement, excludedNamespaces: excluded }),
                { parent: this, dependsOn: [template] },
            );
            this.templates.push(template);
            this.constraints.push(constraint);
        }
        this.registerOutputs({ constraints: this.constraints.length, enforcement: settings.enforcement });
    }
}
