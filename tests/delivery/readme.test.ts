import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..", "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);

describe("the README lists every command", () => {
    it("every npm script of package.json is in the README", () => {
        const missing = scripts.filter((s) => !readme.includes(`npm run ${s}`) && !readme.includes(`npm ${s}`));
        expect(missing).to.deep.equal([]);
    });

    it("the commands a team uses are in its Commands table: plan, new-stack, policy, compat, bom, conformance, bench", () => {
        const table = readme.slice(readme.indexOf("## Commands"), readme.indexOf("\n## ", readme.indexOf("## Commands") + 5));
        for (const command of ["plan", "new-stack", "policy", "compat", "bom", "conformance", "bench"]) {
            expect(table, command).to.include(`| \`npm run ${command}`);
        }
    });
});
