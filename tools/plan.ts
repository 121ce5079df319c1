/**
 * npm run plan -- --stack <name> | --config-file <path> [--json <path>] [--graph <path>]
 *
 * The offline plan: no cloud credentials, no Pulumi CLI, no cluster. Exit 0 when clean, 1 on any
 * mandatory policy violation, 2 on invalid configuration or arguments.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, readStackFile, stackFilePath } from "../modules/config";
import { mandatoryViolations, planStack, summarize, toMermaid } from "../modules/plan";

const usage = "usage: npm run plan -- (--stack <name> | --config-file <path>) [--json <path>] [--graph <path>]";

async function main(): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            options: { stack: { type: "string" }, "config-file": { type: "string" }, json: { type: "string" }, graph: { type: "string" }, help: { type: "boolean" } },
            strict: true,
        }));
    } catch (e) {
        console.error(`${(e as Error).message}\n${usage}`);
        return 2;
    }
    if (values.help) {
        console.log(usage);
        return 0;
    }
    if (!values.stack === !values["config-file"]) {
        console.error(`give exactly one of --stack or --config-file\n${usage}`);
        return 2;
    }
    const file = values["config-file"] ?? stackFilePath(values.stack as string);
    try {
        const raw = readStackFile(file);
        const { report, path } = await planStack(raw);
        console.log(summarize(report, path));
        if (values.json) {
            fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
            console.log(`\nwrote ${values.json}`);
        }
        if (values.graph) {
            fs.writeFileSync(values.graph, toMermaid(report.resources));
            console.log(`wrote ${values.graph}`);
        }
        return mandatoryViolations(report).length > 0 ? 1 : 0;
    } catch (e) {
        // A RunError is the program rejecting its configuration while it runs (index.ts turns a
        // ConfigError into one, e.g. a chart that does not support the cluster's Kubernetes version).
        if (e instanceof ConfigError || pulumi.RunError.isInstance(e)) {
            console.error((e as Error).message);
            return 2;
        }
        throw e;
    }
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(`plan failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(3);
    },
);
