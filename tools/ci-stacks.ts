/**
 * node tools/run.js tools/ci-stacks.ts
 *
 * Prints `all=[...]`, `dev=[...]`, `staging=[...]`, `prod=[...]` (JSON matrix entries
 * `{stack, environment, cloud}` of the stacks on a managed cloud) for `$GITHUB_OUTPUT`.
 * Logic: modules/delivery/stacks.ts.
 */
import { ciStacks, matrixOutputs } from "../modules/delivery/stacks";

process.stdout.write(matrixOutputs(ciStacks()));
