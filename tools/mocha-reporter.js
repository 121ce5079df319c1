// The spec reporter, plus one closing line `N passed, N failed` that CI systems read.
const Mocha = require("mocha");
class PlatformReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const s = runner.stats;
            console.log(`\n${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
        });
    }
}
module.exports = PlatformReporter;
