/**
 * What the pull-request workflow leaves after planning every stack, read back for the PR comment.
 * For each stack `<s>` the plan job writes, into one folder:
 *   <s>.exit  the exit code of `npm run plan -- --stack <s> --json <s>.json --graph <s>.mmd`
 *   <s>.log   its output (summary, or the configuration errors)
 *   <s>.json  the plan report (absent when the configuration was rejected)
 *   <s>.mmd   the full resource graph (artifact only; the comment shows a component graph)
 */
import * as fs from "fs";
import * as path from "path";
import type { PlanReport } from "../plan/report";

/** One stack's outcome. */
export interface StackPlanResult {
    stack: string;
    /** 0 clean, 1 mandatory policy violation, 2 invalid configuration, 3 crash (tools/plan.ts). */
    exitCode: number;
    /** The output of the plan command. */
    log: string;
    /** The plan report, when the plan got that far. */
    report?: PlanReport;
}

/** What each exit code of `npm run plan` means, for the comment. */
export function outcome(exitCode: number): string {
    switch (exitCode) {
        case 0:
            return "planned";
        case 1:
            return "mandatory policy violation";
        case 2:
            return "invalid configuration";
        default:
            return `plan crashed (exit ${exitCode})`;
    }
}

/** Reads every `<stack>.exit` in `dir` with its log and report. Throws naming the file on a malformed one. */
export function readPlanResults(dir: string): StackPlanResult[] {
    const stacks = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".exit"))
        .map((f) => f.slice(0, -".exit".length))
        .sort();
    return stacks.map((stack) => {
        const exitText = fs.readFileSync(path.join(dir, `${stack}.exit`), "utf8").trim();
        if (!/^\d+$/.test(exitText)) {
            throw new Error(`${path.join(dir, `${stack}.exit`)}: expected an exit code, found '${exitText}'`);
        }
        const logFile = path.join(dir, `${stack}.log`);
        const jsonFile = path.join(dir, `${stack}.json`);
        let report: PlanReport | undefined;
        if (fs.existsSync(jsonFile)) {
            try {
                report = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as PlanReport;
            } catch (e) {
                throw new Error(`${jsonFile}: not a plan report: ${(e as Error).message}`);
            }
        }
        return {
            stack,
            exitCode: Number(exitText),
            log: fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "",
            report,
        };
    });
}
