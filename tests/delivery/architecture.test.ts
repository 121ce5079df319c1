import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { catalogue } from "../../modules/addons/catalogue";
import { addonGraph, withAddonGraph } from "../../modules/delivery/architecture";

describe("docs/architecture.md", () => {
    it("shows the add-on graph as the declarations state it (run `npm run docs:architecture` after changing an add-on's needs)", () => {
        const committed = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "architecture.md"), "utf8");
        expect(committed === withAddonGraph(committed, catalogue), "docs/architecture.md is stale: run `npm run docs:architecture`").to.equal(true);
    });

    it("draws every add-on and every need: solid for requires, dashed for uses", () => {
        const graph = addonGraph(catalogue);
        for (const addon of catalogue) {
            expect(graph, addon.id).to.contain(`addon_${addon.id}[`);
            for (const need of Object.values(addon.needs)) {
                expect(graph).to.contain(`addon_${need.addon.id} ${need.required ? "-->" : "-.->"} addon_${addon.id}`);
            }
        }
        expect(graph).to.contain("addon_certManager --> addon_vault");
    });
});
