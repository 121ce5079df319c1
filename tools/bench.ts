/**
 * npm run bench [-- --json <path>] [--series-stack <stack>] [--tenants 0,100,500,1000]
 * Prints a JSON report and a short table; writes the JSON to --json when given.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { benchTable, runBench } from "../modules/bench";

const { values } = parseArgs({ options: { json: { type: "string" }, "series-stack": { type: "string" }, tenants: { type: "string" } }, strict: true });
const started = Date.now();
runBench({
    seriesStack: values["series-stack"],
    tenantCounts: values.tenants ? values.tenants.split(",").map(Number) : undefined,
    log: (line) => process.stderr.write(`bench: ${line}\n`),
}).then(
    (report) => {
        const json = JSON.stringify(report, (k, v) => (k === "urns" ? undefined : v), 2);
        console.log(json);
        console.log(`\n${benchTable(report)}\n\nbench took ${Math.round((Date.now() - started) / 1000)} s`);
        if (values.json) {
            fs.writeFileSync(values.json, `${json}\n`);
        }
    },
    (e: unknown) => {
        console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
    },
);
