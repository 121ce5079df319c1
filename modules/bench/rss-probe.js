// Preloaded into a measured command (`node -r modules/bench/rss-probe.js ...`): on exit, writes the
// process's peak resident set size in KB to the file named by BENCH_RSS_FILE.
const fs = require("fs");
process.on("exit", () => {
    if (process.env.BENCH_RSS_FILE) {
        fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
    }
});
