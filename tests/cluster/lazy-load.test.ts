import { expect } from "chai";
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";

const root = path.join(__dirname, "..", "..");
const run = promisify(execFile);

/** The @pulumi packages a fresh process loads to plan `stack`. */
async function loadedPackages(stack: string): Promise<string[]> {
    const { stdout } = await run(process.execPath, [path.join(root, "tools", "run.js"), path.join(__dirname, "fixtures", "loaded-sdks.ts"), stack], {
        cwd: root,
        maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout.trim().split("\n").pop() as string) as string[];
}

const clouds = ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"];

describe("cloud SDKs load lazily", () => {
    for (const [stack, own] of [
        ["azure-dev", "@pulumi/azure-native"],
        ["gcp-prod", "@pulumi/gcp"],
    ] as const) {
        it(`planning ${stack} loads ${own} and no other cloud's SDK`, async () => {
            const loaded = await loadedPackages(stack);
            expect(loaded).to.include(own);
            expect(loaded.filter((p) => clouds.includes(p) && p !== own)).to.deep.equal([]);
        });
    }

    it("planning the local stack (an existing cluster) loads no cloud SDK", async () => {
        expect(await loadedPackages("local")).to.deep.equal([]);
    });
});
