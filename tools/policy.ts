/**
 * npm run policy -- check [--env dev|staging|prod] [--format text|json|ndjson] [--rules g1,g2] <file-or-dir>...
 *
 * Thin entry point; the logic lives in policy-pack/cli/. Output is streamed with back-pressure, so a large
 * report never sits in memory.
 */
import { policyCli } from "../policy-pack/cli/check";

const sink = (stream: NodeJS.WriteStream) => (text: string) =>
    text === "" || stream.write(text) ? undefined : new Promise<void>((resolve) => stream.once("drain", () => resolve()));

policyCli(process.argv.slice(2), sink(process.stdout), sink(process.stderr)).then(
    (code) => {
        process.exitCode = code;
    },
    (e: unknown) => {
        console.error(`policy: ${(e as Error).message}`);
        process.exitCode = 2;
    },
);
