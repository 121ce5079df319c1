// The spec reporter, plus every skipped suite or test with its reason (tests/skip.ts), and one
// closing line `N passed, N failed` that CI systems read.
const Mocha = require("mocha");
class PlatformReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const s = runner.stats;
            const reasons = globalThis.__platformSkipReasons || [];
            if (reasons.length > 0) {
                console.log("\nSkipped, and why:");
                for (const r of reasons) {
                    console.log(`  - ${r}`);
                }
            }
            console.log(`\n${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
        });
    }
}
module.exports = PlatformReporter;
