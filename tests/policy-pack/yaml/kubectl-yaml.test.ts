/**
 * YAML as Kubernetes reads it. kubectl and the API server turn YAML into JSON with sigs.k8s.io/yaml
 * (go-yaml v2, YAML 1.1 rules); the pack must see the same values, or `privileged: yes` or a privileged
 * securityContext pulled in with a merge key passes unchecked.
 *
 * cases.json is the table: each YAML document with what sigs.k8s.io/yaml v1.6.0 makes of it (`kubectl`:
 * the JSON, or the error). The table comes from the Go program in ./oracle, built from its go.mod/go.sum
 * into the gitignored .cache/ folder; when Go is installed this test runs it and fails if the table is
 * out of date. Regenerate with UPDATE_YAML_ORACLE=1 npx mocha tests/policy-pack/yaml/kubectl-yaml.test.ts.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { decodeDocument, DocumentError, MAX_DEPTH } from "../../../policy-pack/lib/yaml/decode";

interface Case {
    name: string;
    yaml: string;
    kubectl: { json: unknown } | { error: string };
}

const tablePath = path.join(__dirname, "cases.json");
const table = JSON.parse(fs.readFileSync(tablePath, "utf8")) as Case[];
const root = path.resolve(__dirname, "../../..");

function read(yaml: string, reader: "auto" | "fast" | "exact"): { json: unknown } | { error: string } {
    try {
        const v = decodeDocument(yaml, reader);
        return { json: v === undefined ? null : v };
    } catch (e) {
        if (!(e instanceof DocumentError)) throw e;
        return { error: e.message };
    }
}

/** What the go-yaml v2 oracle says for each document, or why it cannot run here. */
function oracle(docs: string[]): Case["kubectl"][] | string {
    const go = spawnSync("go", ["version"], { encoding: "utf8" });
    if (go.status !== 0) {
        return "Go is not installed";
    }
    const bin = path.join(root, ".cache", "yaml-oracle", "oracle");
    const build = spawnSync("go", ["build", "-o", bin, "."], { cwd: path.join(__dirname, "oracle"), encoding: "utf8", timeout: 240_000 });
    if (build.status !== 0) {
        return `the oracle does not build (no Go module proxy?): ${build.stderr.trim().split("\n").pop()}`;
    }
    const run = spawnSync(bin, [], { input: JSON.stringify(docs), encoding: "utf8", maxBuffer: 64 << 20 });
    if (run.status !== 0) {
        throw new Error(`yaml oracle failed: ${run.stderr}`);
    }
    return (JSON.parse(run.stdout) as { json?: unknown; error?: string }[]).map((r) => (r.error !== undefined ? { error: r.error } : { json: r.json }));
}

describe("YAML as kubectl and the API server read it (sigs.k8s.io/yaml, go-yaml v2)", function () {
    this.timeout(300_000);

    it("the table matches sigs.k8s.io/yaml today (run through the Go oracle)", function () {
        const answers = oracle(table.map((c) => c.yaml));
        if (typeof answers === "string") {
            this.skip(); // the oracle needs Go and its module proxy; the committed table still holds every case below
        }
        const fresh = table.map((c, i) => ({ ...c, kubectl: (answers as Case["kubectl"][])[i] }));
        if (process.env.UPDATE_YAML_ORACLE === "1") {
            fs.writeFileSync(tablePath, JSON.stringify(fresh, null, 2) + "\n");
        }
        expect(fresh.map((c) => [c.name, c.kubectl])).to.deep.equal(table.map((c) => [c.name, c.kubectl]));
    });

    for (const c of table) {
        it(`${c.name}: ${"json" in c.kubectl ? JSON.stringify(c.kubectl.json) : `refused (${c.kubectl.error})`}`, () => {
            for (const reader of ["auto", "exact"] as const) {
                const got = read(c.yaml, reader);
                if ("json" in c.kubectl) {
                    expect(got, `${reader} reader`).to.deep.equal({ json: c.kubectl.json });
                } else {
                    expect(got, `${reader} reader refuses it`).to.have.property("error");
                }
            }
        });
    }

    it("both readers agree on every case the fast reader is given", () => {
        // The fast reader (js-yaml) gets documents without merge keys, tags or unusual keys; on those it must
        // give exactly what the exact reader gives.
        for (const c of table) {
            if (/<<|!|^\s*\?|~\s*:|null\s*:|\.\d|e\d/m.test(c.yaml)) continue;
            const fast = read(c.yaml, "fast");
            const exact = read(c.yaml, "exact");
            if ("json" in exact) {
                expect(fast, c.name).to.deep.equal(exact);
            } else {
                expect(fast, c.name).to.have.property("error");
            }
        }
    });

    it(`refuses nesting deeper than ${MAX_DEPTH} levels at once, in either reader`, () => {
        const deepFlow = `a: ${"[".repeat(MAX_DEPTH + 5)}${"]".repeat(MAX_DEPTH + 5)}\n`;
        const deepBlock = "a:\n" + Array.from({ length: MAX_DEPTH + 5 }, (_, i) => `${" ".repeat(i + 1)}b:\n`).join("");
        for (const text of [deepFlow, deepBlock, `x: !t 1\n${deepFlow}`]) {
            const started = Date.now();
            expect(() => decodeDocument(text)).to.throw(DocumentError, /nested/);
            expect(Date.now() - started).to.be.below(2000);
        }
        expect(read(`a: ${"[".repeat(200)}${"]".repeat(200)}\n`, "auto")).to.have.property("json");
    });

    it("refuses an alias bomb without expanding it", () => {
        const levels = "abcdefghij".split("");
        let text = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
        for (let i = 1; i < levels.length; i++) {
            text += `${levels[i]}: &${levels[i]} [${Array(9)
                .fill(`*${levels[i - 1]}`)
                .join(",")}]\n`;
        }
        const started = Date.now();
        expect(() => decodeDocument(text)).to.throw(DocumentError, /excessive aliasing/);
        expect(Date.now() - started).to.be.below(2000);
    });

    it("refuses a second document hidden after `...` (kubectl would read only the first)", () => {
        expect(read("a: 1\n...\n---\nb: 2\n", "auto")).to.have.property("error");
    });
});
