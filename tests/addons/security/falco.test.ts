import { expect } from "chai";
import { platformFalcoRules, platformRuleNames } from "../../../modules/addons/security/falco";
import { parse } from "yaml";
import { localConfig, planConfig } from "../../harness";
import { at } from "./fixtures";

describe("Falco", () => {
    it("runs the modern eBPF probe least-privileged and forwards to Alertmanager through Falcosidekick", async () => {
        const result = await planConfig(localConfig({ security: { falco: { alertmanagerUrl: "http://alertmanager-operated.monitoring:9093" } } }));
        const values = result.releases("falco")[0].props.values as Record<string, unknown>;
        expect(at(values, "driver.kind")).to.equal("modern_ebpf");
        expect(at(values, "driver.modernEbpf.leastPrivileged")).to.equal(true);
        expect(at(values, "falcosidekick.enabled")).to.equal(true);
        expect(at(values, "falcosidekick.config.alertmanager.hostport")).to.equal("http://alertmanager-operated.monitoring:9093");
        expect(at(values, "falcosidekick.config.alertmanager.endpoint")).to.equal("/api/v2/alerts");
        const ns = result.one("kubernetes:core/v1:Namespace", "falco-namespace");
        expect(at(ns.props, "metadata.labels")).to.have.property("pod-security.kubernetes.io/enforce", "privileged");
    });

    it("Slack and webhook URLs reach Falcosidekick through a Secret it reads, created before the release", async () => {
        const result = await planConfig(localConfig({ security: { falco: { slackWebhookUrl: "https://hooks.slack.com/services/a/b/c" } } }), {
            secretSections: ["security"],
        });
        const release = result.releases("falco")[0];
        const secret = result.one("kubernetes:core/v1:Secret", "falco-sidekick-outputs");
        expect(at(release.props.values, "falcosidekick.config.existingSecret")).to.equal(at(secret.props, "metadata.name"));
        expect(Object.keys(secret.props.stringData as object)).to.deep.equal(["SLACK_WEBHOOKURL"]);
        expect(release.dependencies).to.include(secret.urn);
    });

    it("ships the platform rules as valid Falco YAML: shell in a tenant container, writes below /etc", () => {
        const rules = parse(platformFalcoRules(["kube-system", "vault"])) as {
            rule?: string;
            list?: string;
            items?: string[];
            condition?: string;
            priority?: string;
        }[];
        const names = rules.filter((r) => r.rule).map((r) => r.rule);
        expect(names).to.deep.equal([...platformRuleNames]);
        expect(rules.find((r) => r.list === "platform_namespaces")?.items).to.deep.equal(["kube-system", "vault"]);
        const shell = rules.find((r) => r.rule === platformRuleNames[0]);
        expect(shell?.condition).to.include("platform_tenant_container");
        expect(rules.find((r) => r.rule === platformRuleNames[1])?.condition).to.include("fd.name startswith /etc/");
        for (const r of rules.filter((x) => x.rule)) {
            expect(r.priority, r.rule).to.match(/^(WARNING|ERROR|CRITICAL|NOTICE)$/);
        }
    });
});
