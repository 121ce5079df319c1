/**
 * npm run bom -- --stack <name> | --config-file <path> [--format text|json] [--image-registry <host/path>] [--chart-mirror <https://...|oci://...>]
 *
 * The bill of materials of a stack: every chart (repository, name, version, bundled subcharts) and
 * every container image (registry, repository, tag or digest) it deploys, init containers, hooks,
 * jobs and the pods operators start included, before and after the air-gap mirror mapping, the
 * start-up downloads its charts would make, and a script that fills the mirrors (helm pull/push,
 * crane copy). Built from the stack's offline plan and the chart image tables
 * (modules/addons/images/). `--image-registry` and `--chart-mirror` replace the stack's
 * `platform:airgap` settings for this list (what to mirror before switching a stack over).
 *
 * Exit 0: the list is complete and, with an image registry, every image goes through it and no
 * start-up download is left on; 1: a problem is listed; 2: bad arguments or configuration.
 */
import { parseArgs } from "util";
import { ConfigError, parseStackConfig, readStackFile, stackNameOf } from "../modules/config";
import { stackFileArgument } from "../modules/delivery/stack-argument";

const usage =
    "usage: npm run bom -- (--stack <name> | --config-file <path>) [--format text|json] [--image-registry <host/path>] [--chart-mirror <https://...|oci://...>]";

async function main(): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            args: process.argv.slice(2),
            options: {
                stack: { type: "string" },
                "config-file": { type: "string" },
                format: { type: "string" },
                "image-registry": { type: "string" },
                "chart-mirror": { type: "string" },
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
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json") {
        console.error(`--format: '${format}' is not text or json\n${usage}`);
        return 2;
    }
    let pulumi: typeof import("@pulumi/pulumi") | undefined;
    try {
        const raw = readStackFile(file);
        const airgapKey = Object.keys(raw.values).find((k) => k.endsWith(":airgap")) ?? "platform:airgap";
        const given = { chartMirror: values["chart-mirror"], imageRegistry: values["image-registry"] };
        if (given.chartMirror !== undefined || given.imageRegistry !== undefined) {
            const current = (raw.values[airgapKey] ?? {}) as Record<string, unknown>;
            raw.values[airgapKey] = { ...current, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
        }
        let config;
        try {
            config = parseStackConfig(raw);
        } catch (e) {
            if (e instanceof ConfigError) {
                // Name the flag when the value came from one.
                const flagOf = (path: string) =>
                    path === "airgap.chartMirror" && given.chartMirror !== undefined
                        ? "--chart-mirror"
                        : path === "airgap.imageRegistry" && given.imageRegistry !== undefined
                          ? "--image-registry"
                          : undefined;
                const flagged = e.issues.filter((i) => flagOf(i.path) !== undefined);
                if (flagged.length > 0) {
                    console.error(flagged.map((i) => `${flagOf(i.path)}: ${i.message}`).join("\n"));
                    return 2;
                }
            }
            throw e;
        }
        pulumi = await import("@pulumi/pulumi");
        const { planStack } = await import("../modules/plan");
        const { buildBom, formatBom } = await import("../modules/delivery/bom");
        const { run } = await planStack(raw);
        // The upstream images of the workloads the program creates itself: the same stack without air gap.
        const hasWorkloads = run.resources.some((r) =>
            /^kubernetes:(apps|batch|core)\/v1:(Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob)$/.test(r.type),
        );
        let upstream;
        if (hasWorkloads && config.airgap.imageRegistry) {
            const plain = { ...raw, values: { ...raw.values } };
            delete plain.values[airgapKey];
            upstream = (await planStack(plain)).run.resources;
        }
        const bom = buildBom(stackNameOf(file), config, run.resources, upstream);
        process.stdout.write(format === "json" ? `${JSON.stringify(bom, null, 2)}\n` : formatBom(bom));
        return bom.problems.length > 0 ? 1 : 0;
    } catch (e) {
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
        console.error(`bom failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(3);
    },
);
