import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, parseStackConfig } from "../../modules/config";
import { platformChecks } from "../../modules/platform/checks";
import { localConfig, rawConfig, TestConfig } from "../harness";

/** The issues a config is rejected with (fails the test when it is accepted). */
function rejection(config: TestConfig, secretSections: string[] = []): { path: string; message: string }[] {
    try {
        parseStackConfig(rawConfig(localConfig(config), { secretSections }), [platformChecks]);
    } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return (e as ConfigError).issues;
    }
    throw new Error("the configuration was accepted");
}

function pathsOf(config: TestConfig, secretSections: string[] = []): string[] {
    return rejection(config, secretSections).map((i) => i.path);
}

function tenantDir(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenants-"));
    for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

describe("tenants config", () => {
    it("accepts a tenant with only a name and applies the defaults (small, one namespace, deploy account, protected)", () => {
        const config = parseStackConfig(rawConfig(localConfig({ tenants: [{ name: "payments" }] })));
        const t = config.tenants[0];
        expect(t.size).to.equal("small");
        expect(t.namespaces).to.equal(undefined);
        expect(t.deploy.enabled).to.equal(true);
        expect(t.allowDeletion).to.equal(false);
    });

    it("rejects a duplicate tenant name, naming the second entry and the first", () => {
        const issues = rejection({ tenants: [{ name: "payments" }, { name: "shop" }, { name: "payments" }] });
        expect(issues.map((i) => i.path)).to.deep.equal(["tenants[2].name"]);
        expect(issues[0].message).to.contain("tenants[0]");
    });

    for (const reserved of ["kube-system", "default", "kube-anything", "cert-manager", "gke-managed-x"]) {
        it(`rejects the reserved tenant name '${reserved}' naming the entry`, () => {
            const issues = rejection({ tenants: [{ name: "ok" }, { name: reserved }] });
            expect(issues.map((i) => i.path)).to.deep.equal(["tenants[1].name"]);
            expect(issues[0].message).to.match(/reserved/);
        });
    }

    it("rejects names reserved by the stack (tenancy.reservedNames)", () => {
        expect(pathsOf({ tenancy: { reservedNames: ["legacy"] }, tenants: [{ name: "legacy" }] })).to.deep.equal(["tenants[0].name"]);
    });

    it("rejects a namespace that collides with another tenant's namespace, naming the entry", () => {
        const issues = rejection({ tenants: [{ name: "shop", namespaces: ["shop", "shop-api"] }, { name: "shop-api" }] });
        expect(issues.map((i) => i.path)).to.deep.equal(["tenants[1].name"]);
        expect(issues[0].message).to.contain("'shop-api' is already a namespace of tenants[0]");
    });

    it("rejects a namespace that is not the tenant's name or prefixed by it", () => {
        expect(pathsOf({ tenants: [{ name: "shop", namespaces: ["shop", "billing"] }] })).to.deep.equal(["tenants[0].namespaces[1]"]);
    });

    it("rejects bad group names: system groups, whitespace, wildcards, empty", () => {
        const paths = pathsOf({ tenants: [{ name: "shop", groups: { admin: ["system:masters"], edit: ["two words"], view: ["*", ""] } }] });
        expect(paths).to.have.members(["tenants[0].groups.admin[0]", "tenants[0].groups.edit[0]", "tenants[0].groups.view[0]", "tenants[0].groups.view[1]"]);
    });

    it("refuses to let a tenant override the LoadBalancer and NodePort quota", () => {
        const paths = pathsOf({ tenants: [{ name: "shop", quota: { "services.loadbalancers": "1", "services.nodeports": "2" } }] });
        expect(paths).to.have.members(["tenants[0].quota.services.loadbalancers", "tenants[0].quota.services.nodeports"]);
    });

    it("rejects unknown quota keys and malformed quantities", () => {
        const paths = pathsOf({ tenants: [{ name: "shop", quota: { "limits.cpus": "4", pods: "many", "requests.memory": "4 GB" } }] });
        expect(paths).to.have.members(["tenants[0].quota.limits.cpus", "tenants[0].quota.pods", "tenants[0].quota.requests.memory"]);
    });

    it("rejects limit overrides where the default request exceeds the default limit once the class is applied", () => {
        const issues = rejection({ tenants: [{ name: "shop", size: "small", limits: { defaultRequest: { cpu: "1" } } }] });
        expect(issues.map((i) => i.path)).to.deep.equal(["tenants[0].limits.defaultRequest.cpu"]);
        expect(issues[0].message).to.contain("500m");
    });

    it("rejects a pull secret that names no registry credential", () => {
        const issues = rejection({ tenants: [{ name: "shop", imagePullSecrets: ["ghcr"] }] });
        expect(issues.map((i) => i.path)).to.deep.equal(["tenants[0].imagePullSecrets[0]"]);
    });

    it("requires registry passwords to be stored as secrets", () => {
        const tenancy = { registryCredentials: { ghcr: { server: "ghcr.io", username: "bot", password: "plain" } } };
        expect(pathsOf({ tenancy, tenants: [{ name: "shop", imagePullSecrets: ["ghcr"] }] })).to.deep.equal(["tenancy.registryCredentials.ghcr.password"]);
        expect(() =>
            parseStackConfig(rawConfig(localConfig({ tenancy, tenants: [{ name: "shop", imagePullSecrets: ["ghcr"] }] }), { secretSections: ["tenancy"] })),
        ).not.to.throw();
    });

    it("rejects a workload service account in a namespace the tenant does not own", () => {
        expect(pathsOf({ tenants: [{ name: "shop", serviceAccounts: [{ name: "api", namespace: "other" }] }] })).to.deep.equal([
            "tenants[0].serviceAccounts[0].namespace",
        ]);
    });

    describe("tenant files (tenancy.directory)", () => {
        it("loads one tenant per file, after the stack file's tenants, taking the name from the file", () => {
            const dir = tenantDir({ "billing.yaml": "size: large\n", "search.yaml": "name: search\nteam: discovery\n" });
            const config = parseStackConfig(rawConfig(localConfig({ tenancy: { directory: dir }, tenants: [{ name: "shop" }] })));
            expect(config.tenants.map((t) => [t.name, t.size])).to.deep.equal([
                ["shop", "small"],
                ["billing", "large"],
                ["search", "small"],
            ]);
        });

        it("names the file of an entry the schema rejects", () => {
            const dir = tenantDir({ "shop.yaml": "groups: { admin: ['system:masters'] }\n" });
            expect(pathsOf({ tenancy: { directory: dir } })).to.deep.equal(["tenancy.directory[shop.yaml].groups.admin[0]"]);
        });

        it("names the file of a tenant that takes a platform add-on's namespace", () => {
            const dir = tenantDir({ "vault.yaml": "size: small\n" });
            const issues = rejection({ tenancy: { directory: dir } });
            expect(issues.map((i) => `${i.path}: ${i.message}`)).to.deep.equal([
                "tenancy.directory[vault.yaml].name: 'vault' is reserved for the platform: the vault add-on's namespace; choose another name",
            ]);
        });

        it("names the file of a reserved tenant and of a namespace collision", () => {
            const dir = tenantDir({ "kube-system.yaml": "size: small\n", "shop-api.yaml": "size: small\n" });
            const issues = rejection({ tenancy: { directory: dir }, tenants: [{ name: "shop", namespaces: ["shop", "shop-api"] }] });
            expect(issues.map((i) => i.path)).to.have.members(["tenancy.directory[kube-system.yaml].name", "tenancy.directory[shop-api.yaml].name"]);
        });

        it("reports duplicates across the stack file and a tenant file by file name", () => {
            const dir = tenantDir({ "shop.yaml": "size: medium\n" });
            const issues = rejection({ tenancy: { directory: dir }, tenants: [{ name: "shop" }] });
            expect(issues.map((i) => i.path)).to.deep.equal(["tenancy.directory[shop.yaml].name"]);
            expect(issues[0].message).to.contain("tenants[0]");
        });

        it("rejects a file whose tenant name differs from its file name", () => {
            const dir = tenantDir({ "shop.yaml": "name: store\n" });
            expect(pathsOf({ tenancy: { directory: dir } })).to.deep.equal(["tenancy.directory[shop.yaml].name"]);
        });

        it("rejects secrets in tenant files (they are plain text)", () => {
            const dir = tenantDir({ "shop.yaml": "team: { secure: AAAA }\n" });
            const issues = rejection({ tenancy: { directory: dir } });
            expect(issues.map((i) => i.path)).to.deep.equal(["tenancy.directory[shop.yaml]"]);
            expect(issues[0].message).to.contain("registryCredentials");
        });

        it("rejects a folder that does not exist and malformed YAML, naming where", () => {
            expect(pathsOf({ tenancy: { directory: "/nonexistent/tenants" } })).to.deep.equal(["tenancy.directory"]);
            const dir = tenantDir({ "bad.yaml": "size: [unclosed\n" });
            expect(pathsOf({ tenancy: { directory: dir } })[0]).to.equal("tenancy.directory[bad.yaml]");
        });
    });
});
