/** `npm run bench` refuses bad arguments up front: exit 2, the flag named, no stack trace, nothing run. */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.join(__dirname, "..", "..");

function bench(args: string[]) {
    const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), path.join(root, "tools", "bench.ts"), ...args], {
        cwd: root,
        encoding: "utf8",
        timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the bench command", function () {
    this.timeout(60_000);

    const cases: [string[], RegExp][] = [
        [["--tenants", "0,abc"], /^--tenants: '0,abc' must be tenant counts/],
        [["--tenants=-5"], /^--tenants: '-5' must be tenant counts/],
        [["--series-stack", "nope"], /^--series-stack: no stack 'nope' in stacks\/ or examples\/stacks\/ \(have: .*local/],
        [["--bogus"], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
        it(`${args.join(" ")}: exit 2 with a message naming the argument, before any measurement`, () => {
            const r = bench(args);
            expect(r.code).to.equal(2);
            expect(r.stderr).to.match(message).and.to.contain("usage: npm run bench");
            expect(r.stderr).to.not.match(/\n\s+at /);
            expect(r.stderr).to.not.contain("bench: stack");
            expect(r.stdout).to.equal("");
        });
    }
});
