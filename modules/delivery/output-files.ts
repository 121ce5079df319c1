/**
 * Where the tools write files nobody asked a path for: `out/` at the repository root, which
 * .gitignore keeps out of commits (`npm run plan -- --stack aws-prod --json` writes
 * out/plan/aws-prod.json). A path given on the command line is used as given.
 */
import * as fs from "fs";
import * as path from "path";

/** The gitignored output folder. */
export const outDir = path.join(__dirname, "..", "..", "out");

/** A default output path under out/, its folder created. */
export function defaultOutputPath(...parts: string[]): string {
    const file = path.join(outDir, ...parts);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return file;
}

/** What a flag given without a value holds after `withDefaultValues`: "use the default path". */
export const defaultOutput = "\u0000default";

/**
 * Lets the named string flags be given without a value: `--json` followed by nothing or by another
 * flag becomes `--json=<defaultOutput>`, which the tool replaces with its default path. Other
 * arguments pass through unchanged, so `util.parseArgs` (strict) still judges them.
 */
export function withDefaultValues(argv: readonly string[], flags: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : undefined;
        const next = argv[i + 1];
        if (name !== undefined && flags.includes(name) && (next === undefined || next.startsWith("--"))) {
            out.push(`--${name}=${defaultOutput}`);
            continue;
        }
        out.push(arg);
    }
    return out;
}

/** Writes a file, creating its folder. */
export function writeOutput(file: string, text: string): void {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
}
