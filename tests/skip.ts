/**
 * Skipping with a reason the run prints: `skipBecause(this, "no shared/corpus beside this checkout")`
 * in a test or a `before` hook. The reporter (tools/mocha-reporter.js) lists every skip and its
 * reason after the run, so a suite that did not run says why.
 */
import type { Context } from "mocha";

/** Where skip reasons are collected for the reporter. */
export const skipReasonsKey = "__platformSkipReasons";

export function skipBecause(ctx: Context, reason: string): never {
    const isHook = (ctx.test as { type?: string } | undefined)?.type === "hook";
    const title = isHook ? `${ctx.test?.parent?.fullTitle() ?? "(suite)"} (the whole suite)` : ((ctx.currentTest ?? ctx.test)?.fullTitle() ?? "(unknown)");
    const store = ((globalThis as Record<string, unknown>)[skipReasonsKey] ??= []) as string[];
    store.push(`${title}: ${reason}`);
    // A hook's skip() marks its suite's tests pending: say so right away as well.
    console.log(`  skipped: ${reason}`);
    return ctx.skip();
}
