/**
 * `platform:observability:Logging`: Fluent Bit on every node, optionally forwarding to a Fluentd
 * aggregator, shipping to the back end chosen in config (or, for `auto`, the cluster's log service's,
 * or the in-cluster Loki). Where the cluster collects logs itself, nothing is installed. Back-end
 * secrets become one Kubernetes Secret; cloud back ends get a scoped identity through the cluster's binder.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { AddonContext } from "../../context";
import { ChartIdentityRequest, HelmAddon, Scraping } from "../../helm";
import { configSecret } from "../secrets";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import {
    backendEnv,
    backendPermissions,
    backendSecrets,
    fluentBitOutputs,
    forwardOutput,
    inClusterLokiBackend,
    logDestination,
    LogDestination,
    LogSite,
    ResolvedBackend,
} from "./backends";
import { fluentBitPriorityPaths, fluentBitValues, fluentdForwardPort, fluentdPriorityPaths, fluentdValues } from "./values";

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
    /** The in-cluster Loki, when the stack installs it (`auto` on a cluster without a log service). */
    loki?: { host: string; port: number; release: Release };
}

/** What the stack output `logBackend` says for a destination. */
export function logBackendName(destination: LogDestination): string {
    switch (destination.kind) {
        case "agent":
            return destination.backend.type;
        case "cluster":
            return destination.name;
        case "inClusterLoki":
            return "loki (in-cluster)";
        case "none":
            return "none";
    }
}

/** The back end the agent ships to: the configured or cloud one, or the in-cluster Loki (chosen only when the Loki add-on installed it). */
function agentBackend(destination: Extract<LogDestination, { kind: "agent" | "inClusterLoki" }>, loki: LoggingArgs["loki"]): ResolvedBackend {
    if (destination.kind === "agent") {
        return destination.backend;
    }
    if (!loki) {
        throw new Error("the in-cluster Loki was chosen as the log destination but is not installed");
    }
    return inClusterLokiBackend(loki.host, loki.port);
}

/** Where the fluent-bit and fluentd charts read their service account's annotations and pods' labels. */
const identityPaths = { annotationsAt: "serviceAccount.annotations", podLabelsAt: "podLabels" };

/** Fluent Bit (and the optional Fluentd aggregator) with the back-end Secret and identity. */
export class Logging extends pulumi.ComponentResource {
    /** Where the logs go. */
    readonly destination: LogDestination;
    /** The back end the agent ships to (undefined when no agent is installed). */
    readonly backend?: ResolvedBackend;
    readonly fluentBit?: HelmAddon;
    readonly fluentd?: HelmAddon;

    constructor(name: string, args: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Logging", name, {}, { ...opts, providers: { kubernetes: args.context.cluster.provider } });
        const { context, config } = args;
        const cluster = context.cluster;
        this.destination = logDestination(config.backend, cluster.logs, args.loki !== undefined);
        const destination = this.destination;
        if (destination.kind === "cluster") {
            // The cluster collects container logs itself (its log service's contract): no agent of ours.
            this.registerOutputs({ backend: destination.name });
            return;
        }
        if (destination.kind === "none") {
            // Prod refuses this before anything is created (the add-on's issues); elsewhere it is allowed, once said.
            void pulumi.log.warn(
                `observability.logging.backend: 'auto' has no log service to use on this ${cluster.cloud} cluster and logging.loki.enabled is false; no log agent is installed. Enable logging.loki, or choose elasticsearch, opensearch, splunk, loki or azureMonitor.`,
                this,
            );
            this.registerOutputs({});
            return;
        }
        const backend = agentBackend(destination, args.loki);
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
        const namespace = context.namespace(
            `${name}-namespace`,
            { name: args.namespace, podSecurity: "privileged", labels: { "platform.io/component": "logging" } },
            child,
        );
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
                    priorityClassAt: fluentdPriorityPaths,
                    identities: identity,
                    traffic: { clusterPorts: [fluentdForwardPort], internetEgressPorts: [443] },
                },
                child,
            );
            fluentdForward = `fluentd.${args.namespace}.svc.cluster.local`;
        }

        const outputs = fluentdForward
            ? forwardOutput(fluentdForward, fluentdForwardPort, config.bufferLimit)
            : fluentBitOutputs(backend, site, config.bufferLimit, cluster.logs);
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
                needs: this.fluentd ? [this.fluentd.release] : [...secretNeeds, ...(args.loki ? [args.loki.release] : [])],
                scraping: args.scraping,
                priorityClassAt: fluentBitPriorityPaths,
                identities: aggregate ? [] : identity,
                // Fluentd runs in the same namespace; back ends are outside the cluster.
                traffic: { internetEgressPorts: [443, fluentdForwardPort] },
            },
            child,
        );
        this.registerOutputs({ backend: backend.type });
    }
}
