/**
 * The stack file a tool works on, from exactly one of `--stack NAME` (stacks/, then examples/stacks/)
 * or `--config-file PATH`: what `npm run plan` and `npm run bom` accept alike. A name found in both
 * folders is ambiguous, and an unknown name lists the stacks there are.
 */
import { deployableStacks, findStackFile, shippedStacks, stacksIn } from "../config";
import { exampleStacksDir } from "../config/stack-file";

/** The message for a `--stack` name with no stack file: where it looked, what there is, how to make one. */
export function unknownStack(stack: string): string {
    return [
        `--stack: no stack '${stack}' (looked for stacks/Pulumi.${stack}.yaml and examples/stacks/Pulumi.${stack}.yaml)`,
        `  stacks/:          ${deployableStacks().join(", ") || "(none)"}`,
        `  examples/stacks/: ${stacksIn(exampleStacksDir).join(", ") || "(none)"}`,
        "Create one with `npm run new-stack -- --cloud aws|azure|gcp|existing --env dev|staging|prod --name <name>`, or plan any file with --config-file.",
    ].join("\n");
}

/** The stack file `--stack` or `--config-file` names, or the error to print (exit 2). */
export function stackFileArgument(values: { stack?: string; "config-file"?: string }, usage: string): { file: string } | { error: string } {
    if (!values.stack === !values["config-file"]) {
        return { error: `give exactly one of --stack or --config-file\n${usage}` };
    }
    if (values.stack === undefined) {
        return { file: values["config-file"] as string };
    }
    try {
        shippedStacks(); // a name in both folders is ambiguous: say so before using either
    } catch (e) {
        return { error: (e as Error).message };
    }
    const file = findStackFile(values.stack);
    return file === undefined ? { error: unknownStack(values.stack) } : { file };
}
