/**
 * Alerts reach a human in prod: a prod stack must route critical alerts to a declared receiver (the
 * plan fails naming the key otherwise); outside prod the null route is allowed, with one warning,
 * unless the stack says `none` on purpose.
 */
import { expect } from "chai";
import { alertmanagerConfig, receiverSecrets } from "../../../modules/addons/observability/metrics/alertmanager";
import { unroutedAlertsWarning } from "../../../modules/addons/observability/metrics";
import { parseStackConfig } from "../../../modules/config";
import { platformChecks } from "../../../modules/platform/checks";
import { clusterSection } from "../../fakes/cluster";
import { localConfig, planShippedStack, rawConfig, rejectionOf, TestConfig } from "../../harness";
import { planObservabilityOn, releaseValues } from "./on-cloud";
import { withWarnings } from "./warnings";

const encrypted = { secretSections: ["observability"] };

function prod(observability: Record<string, unknown> = {}): TestConfig {
    return { environment: "prod", cluster: clusterSection("aws"), observability };
}

function alertmanagerOf(config: TestConfig) {
    return parseStackConfig(rawConfig(localConfig(config), encrypted)).observability.metrics.alertmanager;
}

type Route = { receiver: string; matchers?: string[]; routes?: Route[] };

/** The receiver a severity=critical alert ends in, following the route tree as Alertmanager does (first match). */
function criticalReceiverOf(config: Record<string, unknown>): string {
    const route = config.route as Route;
    const match = (route.routes ?? []).find((r) => (r.matchers ?? []).some((m) => /^severity\s*=\s*"?critical"?$/.test(m)));
    return match ? match.receiver : route.receiver;
}

describe("observability: alert routing", function () {
    this.timeout(300000);

    it("a prod stack without a receiver fails, naming observability.metrics.alertmanager.receivers and the fix", () => {
        const issues = rejectionOf(prod());
        const line = issues.find((i) => i.startsWith("observability.metrics.alertmanager.receivers: "));
        expect(line, issues.join("\n")).to.match(/prod stack must route critical alerts to a receiver/);
        expect(line).to.match(/pagerduty/);
    });

    it("a prod stack may not send critical alerts to `none`, even with receivers declared", () => {
        const issues = rejectionOf(
            prod({
                metrics: {
                    alertmanager: {
                        receivers: [{ type: "slack", name: "team", channel: "#team", webhookUrl: "https://hooks.example.com/x" }],
                        criticalReceiver: "none",
                    },
                },
            }),
            encrypted,
        );
        expect(
            issues.some((i) => i.startsWith("observability.metrics.alertmanager.criticalReceiver: 'none' drops critical alerts")),
            issues.join("\n"),
        ).to.equal(true);
    });

    it("a prod stack with a receiver, or in vendor mode (the vendor alerts), passes the check", () => {
        const email = { type: "email", name: "oncall", to: "oncall@example.com", from: "alertmanager@example.com", smarthost: "smtp.example.com:587" };
        expect(() => parseStackConfig(rawConfig(prod({ metrics: { alertmanager: { receivers: [email] } } })), [platformChecks])).to.not.throw();
        const vendor = prod({ longTerm: { enabled: false }, metrics: { mode: "vendor", remoteWrite: { url: "https://metrics.example.com/push" } } });
        expect(() => parseStackConfig(rawConfig(vendor), [platformChecks])).to.not.throw();
    });

    it("receiver names null and none are reserved for the routes", () => {
        const issues = rejectionOf(
            localConfig({ observability: { metrics: { alertmanager: { receivers: [{ type: "webhook", name: "null", url: "https://x.example.com" }] } } } }),
            encrypted,
        );
        expect(issues).to.include("observability.metrics.alertmanager.receivers[0].name: is reserved (null, none): choose another name");
    });

    it("critical alerts go to criticalReceiver, the rest to defaultReceiver; secrets are files, never values", () => {
        const a = alertmanagerOf({
            observability: {
                metrics: {
                    alertmanager: {
                        receivers: [
                            { type: "slack", name: "team", channel: "#team", webhookUrl: "https://hooks.example.com/secret-path" },
                            {
                                type: "email",
                                name: "oncall",
                                to: "oncall@example.com",
                                from: "am@example.com",
                                smarthost: "smtp.example.com:587",
                                username: "am",
                                password: "smtp-secret",
                            },
                        ],
                        defaultReceiver: "team",
                        criticalReceiver: "oncall",
                    },
                },
            },
        });
        const config = alertmanagerConfig(a);
        expect(criticalReceiverOf(config)).to.equal("oncall");
        expect((config.route as Route).receiver).to.equal("team");
        const email = (config.receivers as Record<string, unknown>[]).find((r) => r.name === "oncall") as { email_configs: Record<string, unknown>[] };
        expect(email.email_configs[0]).to.include({ to: "oncall@example.com", smarthost: "smtp.example.com:587", auth_username: "am", require_tls: true });
        expect(email.email_configs[0].auth_password_file).to.equal("/etc/alertmanager/secrets/alertmanager-receivers/oncall-smtp-password");
        expect(JSON.stringify(config)).to.not.contain("smtp-secret").and.not.contain("secret-path");
        expect(Object.keys(receiverSecrets(a.receivers)).sort()).to.deep.equal(["oncall-smtp-password", "team-webhook-url"]);
    });

    it("an e-mail receiver without login mounts no receiver Secret (none is created)", async () => {
        const email = { type: "email", name: "oncall", to: "oncall@example.com", from: "am@example.com", smarthost: "relay.example.com:25", requireTls: false };
        const plan = await planObservabilityOn("gcp", { environment: "prod", observability: { metrics: { alertmanager: { receivers: [email] } } } });
        const spec = (releaseValues(plan, "kube-prometheus-stack").alertmanager as Record<string, Record<string, unknown>>).alertmanagerSpec;
        expect(spec.secrets).to.deep.equal([]);
        expect(plan.ofType("kubernetes:core/v1:Secret").filter((s) => (s.props.metadata as { name?: string }).name === "alertmanager-receivers")).to.deep.equal(
            [],
        );
    });

    it("a dev stack without a receiver plans, and is warned once that alerts reach no one", async () => {
        const { result: plan, warnings } = await withWarnings(() => planObservabilityOn("aws", {}));
        const alertmanager = releaseValues(plan, "kube-prometheus-stack").alertmanager as { config: Record<string, unknown> };
        expect(criticalReceiverOf(alertmanager.config)).to.equal("null");
        expect(warnings.filter((w) => w === unroutedAlertsWarning)).to.have.length(1);
    });

    it("a dev stack that names `none` on purpose is not warned", async () => {
        const { warnings } = await withWarnings(() =>
            planObservabilityOn("aws", { observability: { metrics: { alertmanager: { criticalReceiver: "none" } } } }),
        );
        expect(warnings.filter((w) => w.startsWith("observability.metrics.alertmanager"))).to.deep.equal([]);
    });

    for (const cloud of ["aws", "azure", "gcp"]) {
        it(`${cloud}-prod routes critical alerts to a declared, non-null receiver`, async () => {
            const plan = await planShippedStack(`${cloud}-prod`);
            const values = plan.releases("kube-prometheus-stack")[0].props.values as {
                alertmanager: { config: Record<string, unknown>; alertmanagerSpec: { secrets: string[] } };
            };
            const critical = criticalReceiverOf(values.alertmanager.config);
            expect(critical).to.not.equal("null");
            const declared = (values.alertmanager.config.receivers as { name: string }[]).map((r) => r.name);
            expect(declared).to.include(critical);
            expect(values.alertmanager.alertmanagerSpec.secrets).to.deep.equal(["alertmanager-receivers"]);
        });
    }
});
