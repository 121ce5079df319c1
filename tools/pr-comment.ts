/**
 * node tools/run.js tools/pr-comment.ts --dir <plan-out> [--out <file>] [--commit <sha>] [--run-url <url>] [--artifact <name>]
 *
 * Renders the one pull-request comment for the offline plan of every stack, from what
 * tools/plan-stacks.sh left in --dir. Prints the body (or writes --out). Logic: modules/delivery.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { readPlanResults } from "../modules/delivery/plan-results";
import { renderPlanComment } from "../modules/delivery/pr-comment";

const usage = "usage: node tools/run.js tools/pr-comment.ts --dir <plan-out> [--out <file>] [--commit <sha>] [--run-url <url>] [--artifact <name>]";

function main(): number {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                dir: { type: "string" },
                out: { type: "string" },
                commit: { type: "string" },
                "run-url": { type: "string" },
                artifact: { type: "string" },
            },
            strict: true,
        }));
    } catch (e) {
        console.error(`${(e as Error).message}\n${usage}`);
        return 2;
    }
    if (!values.dir) {
        console.error(`--dir is required\n${usage}`);
        return 2;
    }
    const body = renderPlanComment(readPlanResults(values.dir), { commit: values.commit, runUrl: values["run-url"], artifact: values.artifact });
    if (values.out) {
        fs.writeFileSync(values.out, body);
    } else {
        process.stdout.write(body);
    }
    return 0;
}

try {
    process.exit(main());
} catch (e) {
    console.error(`pr-comment: ${(e as Error).message}`);
    process.exit(2);
}
