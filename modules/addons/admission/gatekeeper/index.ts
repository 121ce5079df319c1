/**
 * OPA Gatekeeper, installed after every other add-on (its release depends on every add-on's release,
 * so its webhook never judges the platform's own installation), with the policy pack's rules as
 * ConstraintTemplates and Constraints: audit on, system and platform namespaces excluded, `warn` in
 * dev and `deny` in prod.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { SecurityConfig } from "../../../config/sections/security";
import type { AddonContext } from "../../context";
import { HelmAddon, Scraping } from "../../helm";
import { podSecurityLabels, systemNamespaces } from "../../namespace";
import { AdmissionPolicy, gatekeeperConfig, platformConstraint, platformTemplate, syncedKinds } from "./constraints";
import { gatekeeperValues } from "./values";

export * from "./constraints";
export { gatekeeperValues } from "./values";

export const gatekeeperNamespace = "gatekeeper-system";

export interface GatekeeperArgs {
    context: AddonContext;
    settings: SecurityConfig["gatekeeper"];
    /** What a request violating a mandatory rule gets (`security.admission.enforcement`). */
    enforcement: SecurityConfig["admission"]["enforcement"];
    /** Namespaces exempt besides the system and platform ones (`security.admission.exemptNamespaces`). */
    exemptNamespaces: readonly string[];
    /** The policy pack's admission rules, rendered. */
    policies: readonly AdmissionPolicy[];
    /** Every other add-on's release: Gatekeeper installs after all of them. */
    after: readonly Release[];
    /** The platform's namespaces: excluded from every constraint. */
    platformNamespaces: readonly string[];
    /** Metrics scraping, when the observability add-on provides it. */
    scraping?: Scraping;
}

/**
 * Kubernetes' namespaces admission never judges: kube-system, kube-public and kube-node-lease.
 * `default` is not among them: workloads do not belong there, and it enforces the restricted Pod
 * Security level like a tenant namespace (installAdmission labels it).
 */
export const admissionExemptSystemNamespaces: readonly string[] = systemNamespaces.filter((n) => n !== "default");

/** Namespaces no constraint applies to, and the webhook is never called for: Kubernetes' own (not `default`), Gatekeeper's (where it runs), the platform's services' and the configured ones. */
export function excludedNamespaces(platformNamespaces: readonly string[], extra: readonly string[], withGatekeeper = true): string[] {
    return [...new Set([...admissionExemptSystemNamespaces, ...(withGatekeeper ? [gatekeeperNamespace] : []), ...platformNamespaces, ...extra])].sort();
}

export class Gatekeeper extends pulumi.ComponentResource {
    readonly chart: HelmAddon;
    readonly release: Release;
    readonly templates: CustomResource[] = [];
    readonly constraints: CustomResource[] = [];
    constructor(name: string, args: GatekeeperArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:Gatekeeper", name, {}, opts);
        const { context, settings } = args;
        const excluded = excludedNamespaces(args.platformNamespaces, args.exemptNamespaces);
        // The labels the post-install hook writes must be these, or every refresh shows drift.
        const namespaceLabels = { ...podSecurityLabels("restricted"), "admission.gatekeeper.sh/ignore": "no-self-managing" };
        this.chart = new HelmAddon(
            `${name}-chart`,
            {
                context,
                settings,
                chart: "gatekeeper",
                namespace: { name: gatekeeperNamespace, podSecurity: "restricted", labels: { "admission.gatekeeper.sh/ignore": "no-self-managing" } },
                values: gatekeeperValues({
                    tier: context.tier,
                    webhookExemptNamespaces: excluded,
                    namespaceLabels,
                    replicas: settings.replicas,
                    auditIntervalSeconds: settings.auditIntervalSeconds,
                    enforcement: args.enforcement,
                    exemptNamespaces: excluded.filter((n) => n !== gatekeeperNamespace),
                    image: (ref) => context.image(ref),
                }),
                defaultTimeoutSeconds: 600,
                crds: "upgrade-job",
                releaseName: "gatekeeper",
                needs: [...args.after],
                scraping: args.scraping,
                traffic: { webhookPorts: [8443] },
            },
            { parent: this },
        );
        this.release = this.chart.release;
        new CustomResource(`${name}-config`, gatekeeperConfig(gatekeeperNamespace, excluded, syncedKinds(args.policies)), {
            parent: this,
            dependsOn: [this.release],
        });
        for (const policy of args.policies) {
            const template = new CustomResource(`${name}-${policy.template.metadata.name}`, platformTemplate(policy), {
                parent: this,
                dependsOn: [this.release],
            });
            const constraint = new CustomResource(
                `${name}-${policy.constraint.metadata.name}`,
                platformConstraint(policy, { enforcement: args.enforcement, excludedNamespaces: excluded }),
                { parent: this, dependsOn: [template] },
            );
            this.templates.push(template);
            this.constraints.push(constraint);
        }
        this.registerOutputs({ constraints: this.constraints.length, enforcement: args.enforcement });
    }
}
