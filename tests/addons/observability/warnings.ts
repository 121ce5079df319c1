/** Captures what the program says through `pulumi.log.warn` while `run` plans (the offline plan prints these as `warning:` lines). */
import * as pulumi from "@pulumi/pulumi";

export async function withWarnings<T>(run: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
    const log = pulumi.log as unknown as { warn: (message: string) => Promise<void> };
    const original = log.warn;
    const warnings: string[] = [];
    log.warn = (message: string) => {
        warnings.push(message);
        return Promise.resolve();
    };
    try {
        return { result: await run(), warnings };
    } finally {
        log.warn = original;
    }
}
