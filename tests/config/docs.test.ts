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
