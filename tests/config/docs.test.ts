import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { renderConfigReference } from "../../modules/config/docs";

describe("the config reference", () => {
    it("docs/config.md is generated from the current schema (run `npm run docs:config` after changing it)", () => {
        const committed = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "config.md"), "utf8");
        expect(committed === renderConfigReference(), "docs/config.md is stale: run `npm run docs:config`").to.equal(true);
    });

    it("documents every key with a description", () => {
        const rows = renderConfigReference()
            .split("\n")
            .filter((l) => l.startsWith("| `"));
        expect(rows.length).to.be.greaterThan(20);
        const undocumented = rows.filter((l) => /\|\s*\|$/.test(l.trim())).map((l) => l.split("|")[1].trim());
        expect(undocumented, "keys without a description").to.deep.equal([]);
    });
});

describe("the config reference shows the shapes a team has to write", () => {
    const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "config.md"), "utf8");

    it("lists every key inside list items and map values (identity connectors, registry credentials, Alertmanager receivers)", () => {
        for (const key of [
            "`identity (provider: dex).connectors[] (type: oidc).clientSecret`",
            "`identity (provider: dex).connectors[] (type: github).orgs[].teams`",
            "`identity (provider: dex).connectors[] (type: ldap).userSearch.baseDn`",
            "`tenancy.registryCredentials.<name>.server`",
            "`tenancy.registryCredentials.<name>.password`",
            "`observability.metrics.alertmanager.receivers[] (type: slack).webhookUrl`",
            "`observability.metrics.alertmanager.receivers[] (type: pagerduty).routingKey`",
        ]) {
            expect(doc, key).to.include(`| ${key} |`);
        }
    });

    it("shows a YAML example of each of those shapes, and how secure: values work offline", () => {
        expect(doc).to.include("## Shapes of lists and maps").and.include("connectors:").and.include("registryCredentials:").and.include("receivers:");
        expect(doc).to.include("## Secrets (`secure:` values) offline").and.include("offline-plan-placeholder");
    });
});
