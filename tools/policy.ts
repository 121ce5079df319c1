/**
 * npm run policy -- check [--env dev|staging|prod] [--format text|json] [--rules g1,g2] <file-or-dir>...
 *
 * Thin entry point; the logic lives in policy-pack/cli/.
 */
import { policyCli } from "../policy-pack/cli/check";

policyCli(process.argv.slice(2)).then(
    (result) => {
        process.stdout.write(result.stdout);
        process.stderr.write(result.stderr);
        process.exitCode = result.code;
    },
    (e: unknown) => {
        console.error(`policy: ${(e as Error).message}`);
        process.exitCode = 2;
    },
);
