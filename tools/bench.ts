/**
 * npm run bench [-- --json [path]] [--series-stack <stack>] [--tenants 0,100,500,1000] [--policy-sizes 1,10,50] [--policy-only]
 * Prints a JSON report and a short table; writes the JSON to --json when given (without a path:
 * out/bench.json, in the gitignored out/ folder). Defaults: the scale
 * series on `local` with 0,100,500,1000 tenants. Exit 2 on invalid arguments.
 */
import { parseArgs } from "util";
import { benchTable, runBench } from "../modules/bench";
import { shippedStacks } from "../modules/config";
import { defaultOutput, defaultOutputPath, withDefaultValues, writeOutput } from "../modules/delivery/output-files";

const usage = "usage: npm run bench [-- --json [path]] [--series-stack <stack>] [--tenants <n>,<n>,...] [--policy-sizes <MB>,<MB>,...] [--policy-only]";

/** The arguments, or a message naming the one that is wrong. */
function parse(): { json?: string; seriesStack?: string; tenantCounts?: number[]; policySizes?: number[]; policyOnly?: boolean } | string {
    let values;
    try {
        ({ values } = parseArgs({
            args: withDefaultValues(process.argv.slice(2), ["json"]),
            options: {
                json: { type: "string" },
                "series-stack": { type: "string" },
                tenants: { type: "string" },
                "policy-sizes": { type: "string" },
                "policy-only": { type: "boolean" },
            },
            strict: true,
        }));
    } catch (e) {
        return (e as Error).message;
    }
    const stack = values["series-stack"];
    if (stack !== undefined && !shippedStacks().includes(stack)) {
        return `--series-stack: no stack '${stack}' in stacks/ or examples/stacks/ (have: ${shippedStacks().join(", ")})`;
    }
    const counts = values.tenants?.split(",");
    if (counts && !counts.every((c) => /^\d+$/.test(c.trim()))) {
        return `--tenants: '${values.tenants}' must be tenant counts separated by commas, such as 0,100,500,1000`;
    }
    const sizes = values["policy-sizes"]?.split(",");
    if (sizes && !sizes.every((c) => /^\d+(\.\d+)?$/.test(c.trim()) && Number(c) > 0)) {
        return `--policy-sizes: '${values["policy-sizes"]}' must be input sizes in MB separated by commas, such as 1,10,50`;
    }
    return {
        json: values.json === defaultOutput ? defaultOutputPath("bench.json") : values.json,
        seriesStack: stack,
        tenantCounts: counts?.map(Number),
        policySizes: sizes?.map(Number),
        policyOnly: values["policy-only"],
    };
}

const args = parse();
if (typeof args === "string") {
    console.error(`${args}\n${usage}`);
    process.exit(2);
}
const started = Date.now();
runBench({ ...args, log: (line) => process.stderr.write(`bench: ${line}\n`) }).then(
    (report) => {
        const json = JSON.stringify(report, (k, v) => (k === "urns" ? undefined : v), 2);
        console.log(json);
        console.log(`\n${benchTable(report)}\n\nbench took ${Math.round((Date.now() - started) / 1000)} s`);
        if (args.json) {
            writeOutput(args.json, `${json}\n`);
        }
    },
    (e: unknown) => {
        console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
    },
);
