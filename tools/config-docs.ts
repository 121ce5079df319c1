/** npm run docs:config [-- --check]: writes docs/config.md from the schema (or, with --check, fails when it is stale). */
import * as fs from "fs";
import * as path from "path";
import { renderConfigReference } from "../modules/config/docs";

const file = path.join(__dirname, "..", "docs", "config.md");
const text = renderConfigReference();
if (process.argv.includes("--check")) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (current !== text) {
        console.error("docs/config.md is stale: run `npm run docs:config`");
        process.exit(1);
    }
    console.log("docs/config.md is current");
} else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
