// Preloaded into a measured command (`node -r modules/bench/rss-probe.js ...`): on exit, writes the
// process's peak resident set size (KB) and CPU time (ms) as JSON to the file named by BENCH_RSS_FILE.
const fs = require("fs");
process.on("exit", () => {
    if (process.env.BENCH_RSS_FILE) {
        const u = process.resourceUsage();
        fs.writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000) }));
    }
});
