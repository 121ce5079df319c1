import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ESLint } from "eslint";

const root = path.join(__dirname, "..", "..");

/** The project's lint configuration without the typed parser (the layering needs no type information). */
const untyped = { languageOptions: { parserOptions: { project: false, projectService: false } } };
const layeringOnly = ({ ruleId }: { ruleId: string }) => ruleId === "platform/layers";

/**
 * Lints `text` as if it were the file at `file` (repository-relative), with the project's real lint
 * configuration and only its layering rule. The layering needs no type information, and the typed
 * parser must not run: in CI (CI=true) typescript-eslint builds one program from the files on disk
 * and would lint the committed file instead of `text`.
 */
async function lintAs(file: string, text: string): Promise<string[]> {
    const eslint = new ESLint({ cwd: root, overrideConfig: untyped, ruleFilter: layeringOnly });
    const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
    const fatal = result.messages.filter((m) => m.fatal).map((m) => m.message);
    expect(fatal, "the planted file parses").to.deep.equal([]);
    return result.messages.filter((m) => m.ruleId === "platform/layers").map((m) => m.message);
}

describe("the layering is enforced by the lint step", () => {
    it("a runtime module importing the offline plan (tooling) fails the lint, naming both layers", async () => {
        const file = "modules/config/common.ts";
        const planted = `import { planStack } from "../plan";\nvoid planStack;\n${fs.readFileSync(path.join(root, file), "utf8")}`;
        const messages = await lintAs(file, planted);
        expect(messages).to.have.length(1);
        expect(messages[0]).to.match(/modules\/config\/common\.ts \(config\) must not import modules\/plan \(tooling\): runtime code must not load tooling/);
    });

    it("a lower runtime layer importing a higher one fails (the cluster modules never import an add-on)", async () => {
        const file = "modules/cluster/naming.ts";
        const planted = `import { catalogue } from "../addons/catalogue";\nvoid catalogue;\n${fs.readFileSync(path.join(root, file), "utf8")}`;
        expect(await lintAs(file, planted)).to.deep.equal([
            "modules/cluster/naming.ts (cluster) must not import modules/addons/catalogue (addons): cluster is below addons",
        ]);
    });

    it("the policy pack never imports the program", async () => {
        const file = "policy-pack/lib/config.ts";
        const planted = `import { createPlatform } from "../../modules/platform";\nvoid createPlatform;\n${fs.readFileSync(path.join(root, file), "utf8")}`;
        expect(await lintAs(file, planted)).to.have.length(1);
    });

    it("the tree as committed has no wrong-way import", async () => {
        const eslint = new ESLint({ cwd: root, overrideConfig: untyped, ruleFilter: layeringOnly });
        const results = await eslint.lintFiles(["modules/addons/runner.ts", "modules/platform/index.ts", "modules/tenancy/index.ts"]);
        expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === "platform/layers").map((m) => m.message))).to.deep.equal([]);
    });
});
