import { expect } from "chai";
import { localConfig, planConfig } from "../../harness";

const dex = {
    provider: "dex",
    issuer: "https://dex.acme.io",
    connectors: [{ type: "github", id: "github", name: "GitHub", clientId: "gh", clientSecret: "gh-secret-never-in-values", orgs: [{ name: "acme" }] }],
    grafana: { redirectUri: "https://grafana.acme.io/login/generic_oauth", clientSecret: "grafana-client-never-in-values" },
};

describe("observability: Grafana login through the platform's OIDC provider", function () {
    this.timeout(120000);

    it("when identity registers a Grafana client at Dex, Grafana logs in through it with the secret from a Secret", async () => {
        const plan = await planConfig(localConfig({ identity: dex }), { secretSections: ["identity"] });
        const kps = plan.releases("kube-prometheus-stack")[0];
        const grafana = (kps.props.values as Record<string, Record<string, unknown>>).grafana;
        const ini = grafana["grafana.ini"] as Record<string, Record<string, unknown>>;
        expect(ini.server).to.deep.equal({ root_url: "https://grafana.acme.io" });
        expect(ini["auth.generic_oauth"]).to.include({
            enabled: true,
            auth_url: "https://dex.acme.io/auth",
            token_url: "https://dex.acme.io/token",
            api_url: "https://dex.acme.io/userinfo",
        });
        expect((grafana.envValueFrom as Record<string, unknown>).GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET).to.deep.equal({
            secretKeyRef: { name: "grafana-oidc", key: "client-secret" },
        });
        expect(JSON.stringify(kps.props.values)).to.not.contain("grafana-client-never-in-values");
        const secret = plan.ofType("kubernetes:core/v1:Secret").find((s) => (s.props.metadata as { name: string }).name === "grafana-oidc");
        expect((secret!.props.stringData as Record<string, string>)["client-secret"]).to.equal("grafana-client-never-in-values");
        expect(secret!.inputs.stringData, "stored as a Pulumi secret").to.equal("[secret]");
    });

    it("without an identity client, Grafana keeps its local admin login only", async () => {
        const plan = await planConfig(localConfig());
        const grafana = (plan.releases("kube-prometheus-stack")[0].props.values as Record<string, Record<string, unknown>>).grafana;
        expect(grafana["grafana.ini"]).to.not.have.property("auth.generic_oauth");
        expect(plan.ofType("kubernetes:core/v1:Secret").map((s) => (s.props.metadata as { name: string }).name)).to.not.include("grafana-oidc");
    });
});
