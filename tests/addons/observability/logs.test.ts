/**
 * Logs on every cluster: the log agent where the cluster's log service wants one, nothing where the
 * cluster collects logs itself, the in-cluster Loki (with Fluent Bit and a Grafana data source) where
 * it has no log service; and a prod stack whose logs would go nowhere fails before anything is created.
 */
import { expect } from "chai";
import { logBackendName } from "../../../modules/addons/observability/logging";
import { logDestination } from "../../../modules/addons/observability/logging/backends";
import { lokiValues } from "../../../modules/addons/observability/loki/values";
import { clusterProfile } from "../../../modules/cluster/capabilities";
import type { LogBackend } from "../../../modules/config/sections/observability";
import { platformPriorityClass } from "../../../modules/addons/priority";
import { cloudWatchLogs } from "../../../modules/cluster/aws/logs";
import type { LogService } from "../../../modules/cluster/contract";
import { parseStackConfig } from "../../../modules/config";
import { at, planAddonsOn } from "../../fakes/cluster";
import { localConfig, PlanResult, planConfig, planShippedStack, rawConfig, rejectionOf } from "../../harness";
import { withWarnings } from "./warnings";

/** A log service whose `auto` is logs the cluster collects itself (the AKS contract: Azure Monitor Container Insights). */
const clusterCollected: LogService = { ...cloudWatchLogs, auto: { cluster: { name: "Azure Monitor Container Insights" } } };

function release(plan: PlanResult, name: string) {
    return plan.releases().find((r) => r.props.name === name);
}

/** The key/value lines of a Fluent Bit [OUTPUT] section. */
function outputProps(section: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of section.split("\n")) {
        const m = /^\s+(\S+)\s+(.*)$/.exec(line);
        if (m) {
            out[m[1].toLowerCase()] = m[2];
        }
    }
    return out;
}

/** The stack output `logBackend` for a back end on a cluster (the function the add-on reports it with). */
function logBackendOf(backend: LogBackend, logs: LogService | undefined, inClusterLoki: boolean): string {
    return logBackendName(logDestination(backend, logs, inClusterLoki));
}

describe("observability: logs on every cluster", function () {
    this.timeout(300000);

    it("where the cluster collects logs itself: no Fluent Bit, no Loki, no warning; logBackend names the service", async () => {
        const { result: plan, warnings } = await withWarnings(() =>
            planAddonsOn("aws", { observability: { metrics: { alertmanager: { criticalReceiver: "none" } } } }, { logs: clusterCollected }),
        );
        expect(release(plan, "fluent-bit"), "no log agent of the platform's").to.equal(undefined);
        expect(release(plan, "fluentd")).to.equal(undefined);
        expect(release(plan, "loki"), "no in-cluster Loki").to.equal(undefined);
        expect(warnings.filter((w) => w.startsWith("observability.logging"))).to.deep.equal([]);
        expect(logBackendOf({ type: "auto" }, clusterCollected, false)).to.equal("Azure Monitor Container Insights");
    });

    it("a configured back end still gets the agent on such a cluster (auto is the only thing the cluster decides)", async () => {
        const plan = await planAddonsOn(
            "aws",
            { observability: { logging: { backend: { type: "elasticsearch", host: "es.example.com" } } } },
            { logs: clusterCollected },
        );
        expect(release(plan, "fluent-bit")).to.not.equal(undefined);
        expect(logBackendOf({ type: "elasticsearch", host: "es.example.com", port: 9200, tls: true, indexPrefix: "logs" }, clusterCollected, false)).to.equal(
            "elasticsearch",
        );
    });

    describe("the local stack (an existing cluster: no log service)", () => {
        let plan: PlanResult;
        let warnings: string[];
        before(async () => {
            ({ result: plan, warnings } = await withWarnings(() => planShippedStack("local")));
        });

        it("plans with no warning at all", () => {
            expect(warnings).to.deep.equal([]);
        });

        it("installs Loki single binary on a volume of the platform StorageClass, with retention, in a restricted namespace", () => {
            const loki = release(plan, "loki");
            expect(loki, "the loki release").to.not.equal(undefined);
            const v = loki!.props.values as Record<string, unknown>;
            expect(at(v, "deploymentMode")).to.equal("Monolithic");
            expect(at(v, "singleBinary.replicas")).to.equal(1);
            const storageClass = plan
                .ofType("kubernetes:storage.k8s.io/v1:StorageClass")
                .find(
                    (c) =>
                        (c.props.metadata as { annotations?: Record<string, string> }).annotations?.["storageclass.kubernetes.io/is-default-class"] === "true",
                );
            expect(storageClass, "the platform StorageClass").to.not.equal(undefined);
            expect(at(v, "singleBinary.persistence.storageClass")).to.equal((storageClass!.props.metadata as { name: string }).name);
            expect(at(v, "singleBinary.persistence.enabled")).to.equal(true);
            expect(at(v, "loki.limits_config.retention_period")).to.equal("7d");
            expect(at(v, "loki.compactor.retention_enabled")).to.equal(true);
            expect(at(v, "loki.storage.type")).to.equal("filesystem");
            expect(at(v, "singleBinary.priorityClassName")).to.equal(platformPriorityClass.name);
            expect(plan.transitiveDependencies(loki!.urn).has(storageClass!.urn), "waits for the StorageClass").to.equal(true);
            const ns = plan.ofType("kubernetes:core/v1:Namespace").find((n) => (n.props.metadata as { name: string }).name === loki!.props.namespace);
            expect((ns!.props.metadata as { labels: Record<string, string> }).labels["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
        });

        it("Fluent Bit ships to Loki (after it is installed) and Grafana has it as a data source", async () => {
            const fluentBit = release(plan, "fluent-bit")!;
            const loki = release(plan, "loki")!;
            const outputs = at(fluentBit.props.values, "config.outputs") as string;
            expect(outputProps(outputs)).to.include({ name: "loki", host: `loki.${String(loki.props.namespace)}.svc.cluster.local`, port: "3100", tls: "Off" });
            expect(plan.transitiveDependencies(fluentBit.urn).has(loki.urn)).to.equal(true);
            const kps = release(plan, "kube-prometheus-stack")!;
            const sources = at(kps.props.values, "grafana.additionalDataSources") as Record<string, unknown>[];
            expect(sources).to.deep.include({
                name: "Loki",
                type: "loki",
                uid: "loki",
                access: "proxy",
                url: `http://loki.${String(loki.props.namespace)}.svc.cluster.local:3100`,
                isDefault: false,
                jsonData: { maxLines: 1000 },
            });
            expect(logBackendOf({ type: "auto" }, undefined, true)).to.equal("loki (in-cluster)");
        });

        it("Prometheus scrapes Loki through a PodMonitor on its single binary's pods", () => {
            const monitors = plan
                .ofType("kubernetes:monitoring.coreos.com/v1:PodMonitor")
                .filter((m) => (m.props.metadata as { name: string }).name === "loki");
            expect(monitors).to.have.length(1);
            expect(at(monitors[0].props.spec, "selector.matchLabels")).to.deep.equal({
                "app.kubernetes.io/name": "loki",
                "app.kubernetes.io/component": "single-binary",
            });
        });
    });

    it("Loki's retention and volume size are settings", () => {
        const config = parseStackConfig(rawConfig(localConfig({ observability: { logging: { loki: { retention: "14d", storageSize: "20Gi" } } } })))
            .observability.logging.loki;
        const v = lokiValues({ config });
        expect(at(v, "loki.limits_config.retention_period")).to.equal("14d");
        expect(at(v, "singleBinary.persistence.size")).to.equal("20Gi");
        expect(rejectionOf(localConfig({ observability: { logging: { loki: { retention: "two weeks" } } } }))).to.include(
            "observability.logging.loki.retention: must be a duration such as 30s, 12h or 15d",
        );
    });

    it("in prod on an existing cluster, Loki and its namespace are protected", async () => {
        const plan = await planConfig(
            localConfig({
                environment: "prod",
                observability: {
                    longTerm: { enabled: false },
                    metrics: {
                        alertmanager: {
                            receivers: [{ type: "email", name: "oncall", to: "oncall@example.com", from: "am@example.com", smarthost: "smtp.example.com:587" }],
                        },
                    },
                },
            }),
        );
        const loki = release(plan, "loki")!;
        expect(loki.protect).to.equal(true);
        const ns = plan.ofType("kubernetes:core/v1:Namespace").find((n) => (n.props.metadata as { name: string }).name === loki.props.namespace);
        expect(ns!.protect).to.equal(true);
    });

    it("a prod stack with logging off fails, naming observability.logging.enabled", () => {
        const issues = rejectionOf(localConfig({ environment: "prod", observability: { logging: { enabled: false } } }));
        expect(
            issues.some((i) => i.startsWith("observability.logging.enabled: a prod stack needs a log destination")),
            issues.join("\n"),
        ).to.equal(true);
    });

    it("a prod stack with the whole observability area off fails, naming observability.enabled", () => {
        const issues = rejectionOf(localConfig({ environment: "prod", observability: { enabled: false } }));
        expect(
            issues.some((i) => i.startsWith("observability.enabled: a prod stack needs a log destination and alert routing")),
            issues.join("\n"),
        ).to.equal(true);
    });

    it("in air-gap mode every Loki image comes from the mirror registry", () => {
        const config = parseStackConfig(rawConfig(localConfig())).observability.logging.loki;
        expect(at(lokiValues({ config, imageRegistry: "mirror.example.com/platform" }), "global.imageRegistry")).to.equal("mirror.example.com/platform");
        expect(at(lokiValues({ config }), "global")).to.equal(undefined);
    });

    it("a prod stack whose auto resolves to nothing (no log service, Loki off) fails, naming observability.logging.loki.enabled", () => {
        const receivers = [{ type: "email", name: "oncall", to: "oncall@example.com", from: "am@example.com", smarthost: "smtp.example.com:587" }];
        const issues = rejectionOf(
            localConfig({
                environment: "prod",
                observability: { longTerm: { enabled: false }, logging: { loki: { enabled: false } }, metrics: { alertmanager: { receivers } } },
            }),
        );
        expect(issues).to.have.length(1);
        expect(issues[0]).to.match(
            /^observability\.logging\.loki\.enabled: backend 'auto' finds no log service on this existing cluster and the in-cluster Loki is off/,
        );
    });

    it("a dev stack whose auto resolves to nothing plans without an agent, warned once", async () => {
        const { result: plan, warnings } = await withWarnings(() =>
            planConfig(localConfig({ observability: { logging: { loki: { enabled: false } }, metrics: { alertmanager: { criticalReceiver: "none" } } } })),
        );
        expect(release(plan, "fluent-bit")).to.equal(undefined);
        expect(release(plan, "loki")).to.equal(undefined);
        expect(warnings.filter((w) => w.startsWith("observability.logging.backend"))).to.have.length(1);
    });

    for (const cloud of ["aws", "azure", "gcp"]) {
        it(`${cloud}-prod ships its logs somewhere: a log agent, or the cluster's own log service`, async () => {
            const plan = await planShippedStack(`${cloud}-prod`);
            const backend = logBackendOf(
                plan.plan.run.config.observability.logging.backend,
                clusterProfile(cloud as "aws").logs,
                release(plan, "loki") !== undefined,
            );
            expect(backend).to.not.equal("none");
            const agent = release(plan, "fluent-bit");
            expect(agent !== undefined || backend === "Azure Monitor Container Insights", `${backend}: an agent or the cluster's service`).to.equal(true);
        });
    }
});
