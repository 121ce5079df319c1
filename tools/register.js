// Loads TypeScript without type-checking (types are checked once by `npm run typecheck`).
// Used by mocha and by tools/run.js, so tests and tools run exactly as the Pulumi runtime does.
process.env.TS_NODE_TRANSPILE_ONLY = "true";
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || require("path").join(__dirname, "..", "tsconfig.json");
require("ts-node").register({ transpileOnly: true, project: process.env.TS_NODE_PROJECT });
