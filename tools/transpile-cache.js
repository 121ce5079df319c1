// Loads TypeScript without type-checking (ts.transpileModule with tsconfig.json, as ts-node's transpile-only
// mode, which the Pulumi runtime uses, does) and keeps each file's JavaScript in a cache (node_modules/.cache/platform-ts,
// keyed by the source, tsconfig.json and the compiler version). Tools (tools/run.js) and the tests (.mocharc.json) load
// through it: a tool whose sources have not changed starts without loading the TypeScript compiler (`npm run policy --
// check` in a fraction of a second instead of 1.5 s), and the test processes share what one of them transpiled.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const cacheDir = path.join(root, "node_modules", ".cache", "platform-ts");
const tsconfigPath = process.env.TS_NODE_PROJECT || path.join(root, "tsconfig.json");
const compilerVersion = (() => {
    try {
        return JSON.parse(fs.readFileSync(require.resolve("typescript/package.json", { paths: [root] }), "utf8")).version;
    } catch {
        return "none";
    }
})();
const salt = crypto
    .createHash("sha256")
    .update(`${compilerVersion}\0${fs.readFileSync(tsconfigPath, "utf8")}`)
    .digest("hex");

let compiler;
/** The compiler and the tsconfig's options, loaded only when a file is not in the cache. */
function transpiler() {
    if (!compiler) {
        const ts = require(require.resolve("typescript", { paths: [root] }));
        const config = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
        const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(tsconfigPath));
        const options = { ...parsed.options, sourceMap: false, inlineSourceMap: true, inlineSources: false, declaration: false, noEmit: false };
        compiler = (source, filename) => ts.transpileModule(source, { compilerOptions: options, fileName: filename, reportDiagnostics: false }).outputText;
    }
    return compiler;
}

function load(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const key = crypto.createHash("sha256").update(`${salt}\0${filename}\0${source}`).digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    let output;
    try {
        output = fs.readFileSync(cached, "utf8");
    } catch {
        output = transpiler()(source, filename);
        try {
            fs.mkdirSync(cacheDir, { recursive: true });
            const tmp = `${cached}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, output);
            fs.renameSync(tmp, cached);
        } catch {
            // A read-only checkout still runs; it only transpiles every time.
        }
    }
    module._compile(output, filename);
}

process.setSourceMapsEnabled?.(true);
require.extensions[".ts"] = load;
