/**
 * `platform:observability:Logging`: Fluent Bit on every node, optionally forwarding to a Fluentd
 * aggregator, shipping to the back end chosen in config. Back-end secrets become one Kubernetes
 * Secret; cloud back ends get a scoped identity through the cluster's binder.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { AddonContext } from "../../context";
import { ChartIdentityRequest, HelmAddon, Scraping } from "../../helm";
import { configSecret } from "../secrets";
import { backendEnv, backendPermissions, backendSecrets, fluentBitOutputs, forwardOutput, LogSite, resolveBackend, ResolvedBackend } from "./backends";
import { fluentBitValues, fluentdForwardPort, fluentdValues } from "./values";

/** Inputs of the log pipeline. */
export interface LoggingArgs {
    context: AddonContext;
    config: ObservabilityConfig["logging"];
    namespace: string;
    storageClassName?: string;
    /** What must exist before the aggregator creates its PVCs (the StorageClass). */
    storageReady?: pulumi.Resource[];
    /** Metrics scraping, when metrics are on (the charts' ServiceMonitors need the CRDs). */
    scraping?: Scraping;
}

/** Where the fluent-bit and fluentd charts read their service account's annotations and pods' labels. */
const identityPaths = { annotationsAt: "serviceAccount.annotations", podLabelsAt: "podLabels" };

/** Fluent Bit (and the optional Fluentd aggregator) with the back-end Secret and identity. */
export class Logging extends pulumi.ComponentResource {
    /** The resolved back end (undefined when none could be chosen and no agent was installed). */
    readonly backend?: ResolvedBackend;
    readonly fluentBit?: HelmAddon;
    readonly fluentd?: HelmAddon;

    constructor(name: string, args: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Logging", name, {}, { ...opts, providers: { kubernetes: args.context.cluster.provider } });
        const { context, config } = args;
        const cluster = context.cluster;
        const backend = resolveBackend(config.backend, cluster.logs);
        if (!backend) {
            pulumi.log.warn(
                `observability.logging.backend: 'auto' has no log service to use on this ${cluster.cloud} cluster; no log agent is installed. Choose elasticsearch, opensearch, splunk, loki or azureMonitor.`,
                this,
            );
            this.registerOutputs({});
            return;
        }
        this.backend = backend;
        const site: LogSite = { clusterName: cluster.name, region: cluster.region };
        const child = { parent: this };
        const image = (ref: string) => context.image(ref);
        const serviceMonitor = args.scraping !== undefined;
        const aggregate = config.aggregator === "fluentd";

        const shipper = aggregate ? "fluentd" : "fluent-bit";
        const secretName = "log-backend";
        // The cloud identity the shipper (the aggregator when there is one, else the node agent) writes with.
        const permissions = backendPermissions(backend, site, cluster.logs);
        const identity: ChartIdentityRequest[] = permissions ? [{ name: `logs-${shipper}`, serviceAccount: shipper, permissions, ...identityPaths }] : [];

        // One namespace for the node agent and the aggregator: the node agent needs the privileged level (hostPath /var/log).
        const namespace = context.namespace(`${name}-namespace`, { name: args.namespace, podSecurity: "privileged", labels: { "platform.io/component": "logging" } }, child);
        const shared = { shared: namespace, name: args.namespace };
        const secret = configSecret(`${name}-backend-secret`, { name: secretName, namespace: namespace.metadata.name, data: backendSecrets(backend) }, child);
        const secretNeeds = secret ? [secret] : [];

        let fluentdForward: string | undefined;
        if (aggregate) {
            this.fluentd = new HelmAddon(
                `${name}-fluentd`,
                {
                    context,
                    settings: config.fluentd,
                    chart: "fluentd",
                    namespace: shared,
                    values: fluentdValues({
                        site,
                        backend,
                        logs: cluster.logs,
                        image,
                        replicas: config.fluentd.replicas,
                        bufferSize: config.fluentd.bufferSize,
                        storageClassName: args.storageClassName,
                        secretName,
                        serviceMonitor,
                    }),
                    defaultTimeoutSeconds: 600,
                    crds: "none",
                    releaseName: "fluentd",
                    needs: [...secretNeeds, ...(args.storageReady ?? [])],
                    scraping: args.scraping,
                    identities: identity,
                    traffic: { clusterPorts: [fluentdForwardPort], internetEgressPorts: [443] },
                },
                child,
            );
            fluentdForward = `fluentd.${args.namespace}.svc.cluster.local`;
        }

        const outputs = fluentdForward ? forwardOutput(fluentdForward, fluentdForwardPort, config.bufferLimit) : fluentBitOutputs(backend, site, config.bufferLimit, cluster.logs);
        this.fluentBit = new HelmAddon(
            `${name}-fluent-bit`,
            {
                context,
                settings: config,
                chart: "fluentBit",
                namespace: shared,
                values: fluentBitValues({
                    site,
                    image,
                    outputs,
                    env: fluentdForward ? [] : backendEnv(backend, secretName),
                    multilineParsers: config.multilineParsers,
                    serviceMonitor,
                }),
                defaultTimeoutSeconds: 600,
                crds: "none",
                releaseName: "fluent-bit",
                needs: this.fluentd ? [this.fluentd.release] : secretNeeds,
                scraping: args.scraping,
                identities: aggregate ? [] : identity,
                // Fluentd runs in the same namespace; back ends are outside the cluster.
                traffic: { internetEgressPorts: [443, fluentdForwardPort] },
            },
            child,
        );
        this.registerOutputs({ backend: backend.type });
    }
}
