/** npm run docs:architecture [-- --check]: redraws the add-on graph in docs/architecture.md from the declarations (or, with --check, fails when it is stale). */
import * as fs from "fs";
import * as path from "path";
import { catalogue } from "../modules/addons/catalogue";
import { withAddonGraph } from "../modules/delivery/architecture";

const file = path.join(__dirname, "..", "docs", "architecture.md");
const current = fs.readFileSync(file, "utf8");
const text = withAddonGraph(current, catalogue);
if (process.argv.includes("--check")) {
    if (current !== text) {
        console.error("docs/architecture.md is stale: run `npm run docs:architecture`");
        process.exit(1);
    }
    console.log("docs/architecture.md is current");
} else {
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
