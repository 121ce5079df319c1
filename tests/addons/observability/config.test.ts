import { expect } from "chai";
import { parseStackConfig } from "../../../modules/config";
import { localConfig, rawConfig, rejectionOf } from "../../harness";
import { clusterSection as cloudCluster } from "../../fakes/cluster";

/** The observability section as a stack file with it encrypted gives it (secrets accepted). */
const encrypted = { secretSections: ["observability"] };

describe("observability: configuration", () => {
    it("defaults: on in prod Thanos is on with HA Prometheus, Alertmanager and persistence; in dev Thanos is off and nothing persists", () => {
        const prod = parseStackConfig(rawConfig({ environment: "prod", cluster: cloudCluster("aws") })).observability;
        expect(prod.longTerm.enabled).to.equal(true);
        expect(prod.metrics.prometheus.replicas).to.be.greaterThan(1);
        expect(prod.metrics.alertmanager.replicas).to.be.greaterThan(1);
        expect(prod.metrics.persistence).to.equal(true);
        const dev = parseStackConfig(rawConfig(localConfig())).observability;
        expect(dev.longTerm.enabled).to.equal(false);
        expect(dev.metrics.persistence).to.equal(false);
        expect(dev.logging.backend).to.deep.equal({ type: "auto" });
    });

    it("on an existing cluster (no cloud account for a bucket) long-term metrics default to off, even in prod", () => {
        expect(parseStackConfig(rawConfig(localConfig({ environment: "prod" }))).observability.longTerm.enabled).to.equal(false);
        const explicit = parseStackConfig(rawConfig(localConfig({ environment: "prod", observability: { longTerm: { enabled: true } } }))).observability;
        expect(explicit.longTerm.enabled, "an explicit request is kept (and refused with a clear error where no bucket can be made)").to.equal(true);
    });

    it("a Fluentd aggregator with a back end it has no image for is refused at observability.logging.aggregator", () => {
        const issues = rejectionOf(
            localConfig({ observability: { logging: { aggregator: "fluentd", backend: { type: "splunk", host: "hec.example.com", token: "t" } } } }),
            encrypted,
        );
        expect(issues.join("\n")).to.match(/observability\.logging\.aggregator: fluentd has no maintained image for back end 'splunk'/);
    });

    it("vendor mode needs a remote-write endpoint and conflicts with Thanos", () => {
        const issues = rejectionOf({ environment: "prod", cluster: cloudCluster("aws"), observability: { metrics: { mode: "vendor" } } }, encrypted);
        expect(issues).to.include("observability.metrics.remoteWrite: required when mode is vendor");
        expect(issues.some((i) => i.startsWith("observability.longTerm.enabled: conflicts with metrics.mode: vendor"))).to.equal(true);
    });

    it("Grafana OIDC needs the public URL; routes must name existing receivers", () => {
        const issues = rejectionOf(
            localConfig({
                observability: {
                    metrics: {
                        grafana: { oidc: { issuerUrl: "https://dex.example.com", clientId: "grafana", clientSecret: "s" } },
                        alertmanager: { receivers: [{ type: "slack", name: "ops", channel: "#ops", webhookUrl: "https://hooks" }], criticalReceiver: "pager" },
                    },
                },
            }),
            encrypted,
        );
        expect(issues).to.include("observability.metrics.grafana.url: required when grafana.oidc is set (it is the OAuth redirect base)");
        expect(issues.some((i) => i.startsWith("observability.metrics.alertmanager.criticalReceiver: no receiver named 'pager'"))).to.equal(true);
    });

    it("a secret given in plain text in the stack file is refused", () => {
        const issues = rejectionOf(localConfig({ observability: { logging: { backend: { type: "splunk", host: "hec.example.com", token: "plain" } } } }));
        expect(issues.join("\n")).to.match(/observability\.logging\.backend\.token/);
    });

    it("a back end's basic-auth user without a password is refused at the password key", () => {
        const issues = rejectionOf(
            localConfig({ observability: { logging: { backend: { type: "loki", host: "loki.example.com", username: "u" } } } }),
            encrypted,
        );
        expect(issues).to.include("observability.logging.backend.password: username and password go together");
    });
});
