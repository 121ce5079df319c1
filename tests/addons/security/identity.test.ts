import { expect } from "chai";
import { connectorSecretEnv, dexConnector, dexEnvSecret } from "../../../modules/addons/security/identity";
import { grafanaOidc } from "../../../modules/addons/security/identity/grafana";
import { parseStackConfig } from "../../../modules/config";
import { localConfig, planConfig, rawConfig } from "../../harness";
import { at } from "./fixtures";

const dex = {
    provider: "dex",
    issuer: "https://dex.example.com",
    connectors: [
        { type: "oidc", id: "entra", name: "Entra ID", issuer: "https://login.microsoftonline.com/t/v2.0", clientId: "c", clientSecret: "oidc-secret" },
        { type: "saml", id: "okta-saml", name: "Okta", ssoUrl: "https://acme.okta.com/sso", caData: "LS0tLS1CRUdJTg==" },
    ],
    grafana: { redirectUri: "https://grafana.example.com/login/generic_oauth", clientSecret: "grafana-secret" },
};

describe("identity", () => {
    it("provider none installs no identity service", async () => {
        const result = await planConfig(localConfig());
        expect(result.releases("dex")).to.have.length(0);
        expect(result.releases("pinniped")).to.have.length(0);
    });

    it("Dex reads every connector and client secret from its env Secret, never from values", async () => {
        const result = await planConfig(localConfig({ identity: dex }), { secretSections: ["identity"] });
        const values = result.releases("dex")[0].props.values as Record<string, unknown>;
        expect(at(values, "envFrom")).to.deep.equal([{ secretRef: { name: dexEnvSecret } }]);
        const connectors = at(values, "config.connectors") as { id: string; config: Record<string, unknown> }[];
        expect(connectors.find((c) => c.id === "entra")?.config.clientSecret).to.equal("$DEX_CONNECTOR_ENTRA_SECRET");
        const clients = at(values, "config.staticClients") as { id: string; secretEnv?: string; public?: boolean }[];
        expect(clients.find((c) => c.id === "grafana")?.secretEnv).to.equal("DEX_CLIENT_GRAFANA_SECRET");
        expect(clients.find((c) => c.id === "kubernetes")?.public).to.equal(true);
        const env = result.one("kubernetes:core/v1:Secret", "identity-env");
        expect(Object.keys(env.props.stringData as object).sort()).to.deep.equal(["DEX_CLIENT_GRAFANA_SECRET", "DEX_CONNECTOR_ENTRA_SECRET"]);
        expect(result.releases("dex")[0].dependencies).to.include(env.urn);
        expect(at(values, "ingress.hosts")).to.deep.equal([{ host: "dex.example.com", paths: [{ path: "/", pathType: "Prefix" }] }]);
    });

    it("every connector type maps to Dex's own format with its callback", () => {
        const parsed = parseStackConfig(
            rawConfig(
                localConfig({
                    identity: {
                        ...dex,
                        connectors: [
                            ...dex.connectors,
                            { type: "github", id: "gh", name: "GitHub", clientId: "g", clientSecret: "s", orgs: [{ name: "acme", teams: ["sre"] }] },
                            {
                                type: "ldap",
                                id: "ad",
                                name: "AD",
                                host: "ad.example.com:636",
                                bindDn: "cn=x",
                                bindPassword: "p",
                                userSearch: { baseDn: "ou=u" },
                                groupSearch: { baseDn: "ou=g" },
                            },
                        ],
                    },
                }),
                { secretSections: ["identity"] },
            ),
        );
        if (parsed.identity.provider !== "dex") {
            throw new Error("expected dex");
        }
        const byType = Object.fromEntries(parsed.identity.connectors.map((c) => [c.type, dexConnector(c, "https://dex.example.com/")]));
        expect(at(byType.oidc, "config.redirectURI")).to.equal("https://dex.example.com/callback");
        expect(at(byType.github, "config.orgs")).to.deep.equal([{ name: "acme", teams: ["sre"] }]);
        expect(at(byType.ldap, "config.bindPW")).to.equal(`$${connectorSecretEnv(parsed.identity.connectors[3])}`);
        expect(at(byType.ldap, "config.groupSearch.userMatchers")).to.deep.equal([{ userAttr: "DN", groupAttr: "member" }]);
        expect(at(byType.saml, "config.ssoURL")).to.equal("https://acme.okta.com/sso");
    });

    it("Grafana gets Dex's issuer and its client from config", () => {
        const parsed = parseStackConfig(rawConfig(localConfig({ identity: dex }), { secretSections: ["identity"] }));
        const g = grafanaOidc(parsed);
        expect(g?.issuerUrl).to.equal("https://dex.example.com");
        expect(g?.clientId).to.equal("grafana");
        expect(String(g?.clientSecret), "stays wrapped").to.equal("[secret]");
    });

    it("Pinniped federates the upstream provider; its custom resources wait for the release; the client secret is a typed Secret", async () => {
        const result = await planConfig(
            localConfig({
                identity: {
                    provider: "pinniped",
                    issuer: "https://login.example.com/platform",
                    upstream: { issuer: "https://accounts.google.com", clientId: "p", clientSecret: "upstream-secret" },
                },
            }),
            { secretSections: ["identity"] },
        );
        const release = result.releases("pinniped")[0];
        expect(at(release.props.values, "supervisor.service.public.type"), "no extra cloud load balancer").to.equal("ClusterIP");
        expect(String(at(release.props.values, "concierge.credentialIssuerConfig"))).to.match(/type: ClusterIP/);
        const client = result.one("kubernetes:core/v1:Secret", "identity-upstream-client");
        expect(client.props.type).to.equal("secrets.pinniped.dev/oidc-client");
        const fd = result.one("kubernetes:config.supervisor.pinniped.dev/v1alpha1:FederationDomain");
        expect(at(fd.props, "spec.issuer")).to.equal("https://login.example.com/platform");
        const jwt = result.one("kubernetes:authentication.concierge.pinniped.dev/v1alpha1:JWTAuthenticator");
        expect(at(jwt.props, "spec.issuer")).to.equal("https://login.example.com/platform");
        for (const cr of [fd, jwt]) {
            expect(result.transitiveDependencies(cr.urn).has(release.urn)).to.equal(true);
        }
    });
});
