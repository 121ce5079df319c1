import { expect } from "chai";
import { parseStackConfig } from "../../../modules/config";
import { localConfig, rawConfig, TestConfig, rejectionOf } from "../../harness";

const dex = (over: Record<string, unknown> = {}) => ({
    provider: "dex",
    issuer: "https://dex.example.com",
    connectors: [{ type: "github", id: "github", name: "GitHub", clientId: "x", clientSecret: "s", orgs: [{ name: "acme" }] }],
    ...over,
});

describe("security, identity and rbac configuration is validated naming the key path", () => {
    const bad: { why: string; config: TestConfig; path: string; says: RegExp }[] = [
        { why: "unknown identity provider", config: localConfig({ identity: { provider: "okta" } }), path: "identity.provider", says: /dex|pinniped|none/ },
        { why: "Dex issuer over http", config: localConfig({ identity: dex({ issuer: "http://dex.example.com" }) }), path: "identity.issuer", says: /https/ },
        {
            why: "Dex without connectors",
            config: localConfig({ identity: dex({ connectors: [] }) }),
            path: "identity.connectors",
            says: /at least one connector/,
        },
        {
            why: "duplicate connector ids",
            config: localConfig({ identity: dex({ connectors: [dex().connectors[0], dex().connectors[0]] }) }),
            path: "identity.connectors[1].id",
            says: /duplicate connector id 'github'/,
        },
        {
            why: "GitHub login not scoped to an org",
            config: localConfig({ identity: dex({ connectors: [{ ...dex().connectors[0], orgs: [] }] }) }),
            path: "identity.connectors[0].orgs",
            says: /organization/,
        },
        {
            why: "a system: group as platform admin",
            config: localConfig({ rbac: { platformAdminGroup: "system:masters" } }),
            path: "rbac.platformAdminGroup",
            says: /'system:' groups belong to Kubernetes itself/,
        },
        {
            why: "DNS-01 zones without a provider",
            config: localConfig({ security: { certManager: { acme: { email: "a@b.co", dns01Zones: ["example.com"] } } } }),
            path: "security.certManager.acme.dns01Provider",
            says: /required/,
        },
        {
            why: "DNS-01 zones without an ACME email",
            config: localConfig({ security: { certManager: { acme: { dns01Zones: ["example.com"], dns01Provider: { cloud: "gcp", project: "acme-dns" } } } } }),
            path: "security.certManager.acme.email",
            says: /required/,
        },
        {
            why: "Vault with 2 voters (no quorum benefit)",
            config: localConfig({ security: { vault: { replicas: 2 } } }),
            path: "security.vault.replicas",
            says: /./,
        },
        {
            why: "unknown admission enforcement",
            config: localConfig({ security: { admission: { enforcement: "block" } } }),
            path: "security.admission.enforcement",
            says: /deny|warn|dryrun/,
        },
        {
            why: "unknown key under falco, with a suggestion",
            config: localConfig({ security: { falco: { leastPriviledged: true } } }),
            path: "security.falco.leastPriviledged",
            says: /leastPrivileged/,
        },
    ];
    for (const c of bad) {
        it(`rejects ${c.why}`, () => {
            const issues = rejectionOf(c.config);
            const hit = issues.find((i) => i.startsWith(`${c.path}:`));
            expect(hit, issues.join("\n")).to.not.equal(undefined);
            expect(hit).to.match(c.says);
        });
    }

    it("a Slack webhook URL given in plain text is refused: it must be a secret", () => {
        const issues = rejectionOf(localConfig({ security: { falco: { slackWebhookUrl: "https://hooks.slack.com/services/a/b/c" } } }));
        expect(issues.join("\n")).to.match(/security\.falco\.slackWebhookUrl/);
    });

    it("tier defaults: prod denies with HA, dev warns with one replica", () => {
        const prod = parseStackConfig(rawConfig(localConfig({ environment: "prod" })));
        const dev = parseStackConfig(rawConfig(localConfig({ environment: "dev" })));
        expect(prod.security.admission.enforcement).to.equal("deny");
        expect(dev.security.admission.enforcement).to.equal("warn");
        expect(prod.security.admission.engine, "Gatekeeper unless the stack chooses native").to.equal("gatekeeper");
        expect(prod.security.vault.replicas).to.equal(3);
        expect(dev.security.vault.replicas).to.equal(1);
        expect(dev.identity.provider).to.equal("none");
    });

    it("the admission settings moved from security.gatekeeper to security.admission: the old keys are refused with the new path", () => {
        expect(rejectionOf(localConfig({ security: { gatekeeper: { enforcement: "deny", exemptNamespaces: ["x"] } } }))).to.deep.equal([
            "security.gatekeeper.enforcement: moved to security.admission.enforcement (it applies to both admission engines); set it there",
            "security.gatekeeper.exemptNamespaces: moved to security.admission.exemptNamespaces (it applies to both admission engines); set it there",
        ]);
        expect(rejectionOf(localConfig({ security: { admission: { engine: "kyverno" } } }))[0]).to.match(
            /^security\.admission\.engine: must be one of "gatekeeper", "native"/,
        );
    });
});
