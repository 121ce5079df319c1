#!/usr/bin/env node
// Runs a TypeScript entry point (tools/*.ts) transpile-only, from a cache of transpiled files
// (tools/transpile-cache.js): `node tools/run.js tools/plan.ts --stack local`.
const path = require("path");
require("./transpile-cache.js");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
    console.error("usage: node tools/run.js <entry.ts> [args...]");
    process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));
