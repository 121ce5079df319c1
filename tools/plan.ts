/**
 * npm run plan -- --stack <name> | --config-file <path> [--json [path]] [--graph [path]]
 *
 * The offline plan: no cloud credentials, no Pulumi CLI, no cluster. Exit 0 when clean, 1 on any
 * mandatory policy violation, 2 on invalid configuration or arguments.
 *
 * `--stack NAME` looks for stacks/Pulumi.NAME.yaml, then examples/stacks/Pulumi.NAME.yaml; an unknown
 * name lists the stacks there are. `--json` and `--graph` without a path write
 * out/plan/<stack>.json and out/plan/<stack>.mmd (out/ is gitignored). On a terminal a progress
 * line shows what the plan is doing; elsewhere only the summary is printed.
 */
import * as path from "path";
import { parseArgs } from "util";
import { ConfigError, parseStackConfig, readStackFile, stackNameOf } from "../modules/config";
import { defaultOutput, defaultOutputPath, withDefaultValues, writeOutput } from "../modules/delivery/output-files";
import { PlanProgress } from "../modules/plan/progress";
import { stackFileArgument } from "../modules/delivery/stack-argument";

const usage = "usage: npm run plan -- (--stack <name> | --config-file <path>) [--json [path]] [--graph [path]]";

async function main(): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            args: withDefaultValues(process.argv.slice(2), ["json", "graph"]),
            options: {
                stack: { type: "string" },
                "config-file": { type: "string" },
                json: { type: "string" },
                graph: { type: "string" },
                help: { type: "boolean" },
            },
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
    const chosen = stackFileArgument(values, usage);
    if ("error" in chosen) {
        console.error(chosen.error);
        return 2;
    }
    const file = chosen.file;
    const stackName = stackNameOf(file);
    const outputPath = (given: string | undefined, ext: string) => (given === defaultOutput ? defaultOutputPath("plan", `${stackName}.${ext}`) : given);
    const json = outputPath(values.json, "json");
    const graph = outputPath(values.graph, "mmd");
    const progress = new PlanProgress(stackName);
    // The program, the policy pack and the Pulumi SDK load only once the configuration is valid, so a
    // slip in the stack file is reported in a moment.
    let pulumi: typeof import("@pulumi/pulumi") | undefined;
    try {
        const raw = readStackFile(file);
        parseStackConfig(raw);
        pulumi = await import("@pulumi/pulumi");
        const { mandatoryViolations, planStack, summarize, toMermaid } = await import("../modules/plan");
        const { report, path: critical } = await planStack(raw, undefined, progress);
        progress.done();
        console.log(summarize(report, critical));
        if (json) {
            writeOutput(json, `${JSON.stringify(report, null, 2)}\n`);
            console.log(`\nwrote ${path.relative(process.cwd(), json) || json}`);
        }
        if (graph) {
            writeOutput(graph, toMermaid(report.resources));
            console.log(`wrote ${path.relative(process.cwd(), graph) || graph}`);
        }
        return mandatoryViolations(report).length > 0 ? 1 : 0;
    } catch (e) {
        progress.done();
        // A RunError is the program rejecting its configuration while it runs (index.ts turns a
        // ConfigError into one, e.g. a chart that does not support the cluster's Kubernetes version).
        if (e instanceof ConfigError || pulumi?.RunError.isInstance(e)) {
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
