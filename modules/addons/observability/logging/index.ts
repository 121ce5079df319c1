/**
 * `platform:observability:Logging`: Fluent Bit on every node, optionally forwarding to a Fluentd
 * aggregator, shipping to the back end chosen in config. Back-end secrets become one Kubernetes
 * Secret; cloud back ends get a scoped identity through the cluster's binder.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObservabilityConfig } from "../../../config/sections/observability";
import type { PlatformContext } from "../../context";
import { HelmAddon } from "../../helm";
import { createNamespace } from "../../namespace";
import { withScraping } from "../metrics/scrape";
import { configSecret } from "../secrets";
import { backendEnv, backendPermissions, backendSecrets, checkBackendCloud, fluentBitOutputs, forwardOutput, LogSite, resolveBackend, ResolvedBackend } from "./backends";
import { fluentBitValues, fluentdForwardPort, fluentdValues } from "./values";

/** Inputs of the log pipeline. */
export interface LoggingArgs {
    platform: PlatformContext;
    config: ObservabilityConfig["logging"];
    namespace: string;
    storageClassName?: string;
    /** What must exist before the aggregator creates its PVCs (the StorageClass). */
    storageReady?: pulumi.Resource[];
    /** The release that installs the monitoring CRDs, when metrics are on (ServiceMonitors need them). */
    monitoringCrds?: pulumi.Resource;
}

/** Fluent Bit (and the optional Fluentd aggregator) with the back-end Secret and identity. */
export class Logging extends pulumi.ComponentResource {
    /** The resolved back end (undefined when none could be chosen and no agent was installed). */
    readonly backend?: ResolvedBackend;
    readonly fluentBit?: HelmAddon;
    readonly fluentd?: HelmAddon;

    constructor(name: string, args: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Logging", name, {}, { ...opts, providers: { kubernetes: args.platform.cluster.provider } });
        const { platform, config } = args;
        const cluster = platform.cluster;
        const backend = resolveBackend(config.backend, cluster.cloud);
        if (!backend) {
            pulumi.log.warn(
                `observability.logging.backend: 'auto' has no log service to use on this ${cluster.cloud} cluster; no log agent is installed. Choose elasticsearch, opensearch, splunk, loki${cluster.cloud === "azure" ? " or azureMonitor" : ""}.`,
                this,
            );
            this.registerOutputs({});
            return;
        }
        checkBackendCloud(backend, cluster.cloud);
        this.backend = backend;
        const site: LogSite = { cloud: cluster.cloud, clusterName: cluster.name, region: cluster.region };
        const child = { parent: this };
        const image = (ref: string) => platform.image(ref);
        const serviceMonitor = args.monitoringCrds !== undefined;
        const crdNeeds = args.monitoringCrds ? [args.monitoringCrds] : [];
        const aggregate = config.aggregator === "fluentd";

        const shipper = aggregate ? "fluentd" : "fluent-bit";
        const secretName = "log-backend";
        // One namespace for the node agent and the aggregator: the node agent needs the privileged level (hostPath /var/log).
        const permissions = backendPermissions(backend, site);
        const identity = permissions
            ? cluster.identity.bind({ name: `logs-${shipper}`, namespace: args.namespace, serviceAccount: shipper, permissions }, child)
            : undefined;

        const namespace = createNamespace(`${name}-namespace`, { name: args.namespace, podSecurity: "privileged", labels: { "platform.io/component": "logging" } }, child);
        const shared = { shared: namespace, name: args.namespace };
        const secret = configSecret(`${name}-backend-secret`, { name: secretName, namespace: namespace.metadata.name, data: backendSecrets(backend) }, child);
        const secretNeeds = secret ? [secret] : [];

        let fluentdForward: string | undefined;
        if (aggregate) {
            this.fluentd = new HelmAddon(
                "platform:observability:Fluentd",
                `${name}-fluentd`,
                {
                    platform,
                    settings: config.fluentd,
                    chart: "fluentd",
                    namespace: shared,
                    values: withScraping(
                        "fluentd",
                        fluentdValues({
                            site,
                            backend,
                            image,
                            replicas: config.fluentd.replicas,
                            bufferSize: config.fluentd.bufferSize,
                            storageClassName: args.storageClassName,
                            secretName,
                            serviceMonitor,
                            serviceAccountAnnotations: identity?.serviceAccountAnnotations,
                            podLabels: identity?.podLabels,
                        }),
                    ),
                    defaultTimeoutSeconds: 600,
                    crds: "none",
                    releaseName: "fluentd",
                    needs: [...crdNeeds, ...secretNeeds, ...(args.storageReady ?? []), ...(identity?.resources ?? [])],
                },
                child,
            );
            fluentdForward = `fluentd.${args.namespace}.svc.cluster.local`;
        }

        const outputs = fluentdForward ? forwardOutput(fluentdForward, fluentdForwardPort, config.bufferLimit) : fluentBitOutputs(backend, site, config.bufferLimit);
        this.fluentBit = new HelmAddon(
            "platform:observability:FluentBit",
            `${name}-fluent-bit`,
            {
                platform,
                settings: config,
                chart: "fluentBit",
                namespace: shared,
                values: withScraping(
                    "fluentBit",
                    fluentBitValues({
                        site,
                        image,
                        outputs,
                        env: fluentdForward ? [] : backendEnv(backend, secretName),
                        multilineParsers: config.multilineParsers,
                        serviceMonitor,
                        serviceAccountAnnotations: aggregate ? undefined : identity?.serviceAccountAnnotations,
                        podLabels: aggregate ? undefined : identity?.podLabels,
                    }),
                ),
                defaultTimeoutSeconds: 600,
                crds: "none",
                releaseName: "fluent-bit",
                needs: [...crdNeeds, ...(this.fluentd ? [this.fluentd.release] : [...secretNeeds, ...(identity?.resources ?? [])])],
            },
            child,
        );
        this.registerOutputs({ backend: backend.type });
    }
}
