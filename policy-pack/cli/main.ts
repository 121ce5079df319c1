#!/usr/bin/env node
/**
 * The `platform-policy` command (the pack's `bin`; `npm run policy --` in the platform repository):
 *   platform-policy check [--env dev|staging|prod] [--format text|json|ndjson] [--rules g1,g2] <file-or-dir>...
 *   platform-policy gatekeeper [--env dev|staging|prod]
 * Output is streamed with back-pressure, so a large report never sits in memory.
 */
import { policyCli } from "./check";

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
