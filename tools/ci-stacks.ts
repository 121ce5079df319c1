/**
 * node tools/run.js tools/ci-stacks.ts [--dir <stacks folder>]
 *
 * Prints `all=[...]`, `dev=[...]`, `staging=[...]`, `prod=[...]` (JSON matrix entries
 * `{stack, environment, cloud, runner, deployEnvironment, previewEnvironment, privateEndpoint}` of
 * the deployable stacks on a managed cloud: stacks/ only, never examples/) for `$GITHUB_OUTPUT`.
 * Exits 2, printing nothing on stdout, when a stack cannot be run by CI as configured (a private
 * endpoint without a runner in its network), naming the file and the key to set.
 * Logic: modules/delivery/stacks.ts.
 */
import { parseArgs } from "util";
import { ciProblems, ciStacks, matrixOutputs } from "../modules/delivery/stacks";

let dir: string | undefined;
try {
    ({
        values: { dir },
    } = parseArgs({ options: { dir: { type: "string" } }, strict: true }));
} catch (e) {
    console.error(`${(e as Error).message}\nusage: node tools/run.js tools/ci-stacks.ts [--dir <stacks folder>]`);
    process.exit(2);
}
const stacks = ciStacks(dir);
const problems = ciProblems(stacks, dir);
if (problems.length > 0) {
    for (const p of problems) {
        console.error(`::error::${p}`);
    }
    process.exit(2);
}
process.stdout.write(matrixOutputs(stacks));
