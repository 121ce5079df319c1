/**
 * A fast evaluator for the CEL the rules are written in (see ./rule.ts for the subset), over plain JSON
 * values. It compiles each expression once into JavaScript closures, evaluates helper variables lazily and
 * shares a variable's value between every rule that defines it the same way (all pod rules start with the
 * same POD_VARIABLES), so checking an object costs a few microseconds per rule instead of the reference
 * interpreter's tens.
 *
 * It is an accelerator, never a second opinion: ./engine.ts uses it only for expressions it compiles, and
 * whenever an evaluation errors, meets a value it does not model exactly (a double that looks like an int,
 * a regular expression JavaScript would read differently from RE2) or yields a non-bool, the rule is
 * evaluated again by the reference interpreter (@bufbuild/cel) for that object. Tests compare both on every
 * fixture, the conformance corpora and generated objects.
 */

/** An evaluation error (CEL's error values: no such key, no matching overload, ...). */
export class CelEvalError extends Error {}

/** Thrown at compile time for syntax outside the subset this evaluator implements. */
export class Unsupported extends Error {}

const fail = (message: string): never => {
    throw new CelEvalError(message);
};

// ── values ───────────────────────────────────────────────────────────────────────────────────────

/** CEL type values (`int`, `string`, ... and what `type(x)` returns). */
class CelType {
    constructor(readonly name: string) {}
}
const TYPES: Record<string, CelType> = Object.fromEntries(
    ["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"].map((n) => [n, new CelType(n)]),
);

type Value = unknown;

function isMap(v: Value): v is Record<string, Value> {
    return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof CelType);
}

function typeOf(v: Value): CelType {
    if (v === null) return TYPES.null_type;
    switch (typeof v) {
        case "boolean":
            return TYPES.bool;
        case "number":
            return Number.isInteger(v) ? TYPES.int : TYPES.double;
        case "string":
            return TYPES.string;
    }
    if (Array.isArray(v)) return TYPES.list;
    if (v instanceof CelType) return TYPES.type;
    if (isMap(v)) return TYPES.map;
    return fail("unsupported value");
}

/** A key with a value (null included): what selection and indexing find. */
function present(o: Record<string, Value>, key: string): boolean {
    return o[key] !== undefined && Object.prototype.hasOwnProperty.call(o, key);
}

/** has() and `in`: a key whose value is null counts as absent, as in the typed object the API server stores. */
function has(o: Record<string, Value>, key: string): boolean {
    const v = o[key];
    return v !== undefined && v !== null && Object.prototype.hasOwnProperty.call(o, key);
}

/** A list as CEL sees it; a list holding undefined (an unknown value) is left to the reference. */
function list(v: Value[]): Value[] {
    if (v.includes(undefined)) throw new Defer("list with unknown items");
    return v;
}

function equals(a: Value, b: Value): boolean {
    if (typeof a === "number" && typeof b === "number") {
        if (!Number.isInteger(a) || !Number.isInteger(b)) throw new Defer("double comparison");
        return a === b;
    }
    if (a === b) return true;
    if (Array.isArray(a)) {
        if (!Array.isArray(b)) return false;
        list(a);
        list(b);
        if (a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i])) return false;
        return true;
    }
    if (isMap(a)) {
        if (!isMap(b)) return false;
        const ka = Object.keys(a).filter((k) => a[k] !== undefined);
        const kb = Object.keys(b).filter((k) => b[k] !== undefined);
        if (ka.length !== kb.length) return false;
        for (const k of ka) {
            if (a[k] === null) throw new Defer("map with null values");
            if (!present(b, k) || !equals(a[k], b[k])) return false;
        }
        return true;
    }
    return false;
}

function compare(a: Value, b: Value): number {
    if (typeof a === "number" && typeof b === "number") {
        if (!Number.isInteger(a) || !Number.isInteger(b)) throw new Defer("double comparison");
        return a < b ? -1 : a > b ? 1 : 0;
    }
    if (typeof a === "string" && typeof b === "string") {
        if (ASTRAL.test(a) || ASTRAL.test(b)) throw new Defer("string order by code points");
        return a < b ? -1 : a > b ? 1 : 0;
    }
    if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
    return fail("no such overload for ordering");
}

function str(v: Value, what: string): string {
    return typeof v === "string" ? v : fail(`no such overload: ${what} on ${typeOf(v).name}`);
}

function int(v: Value, what: string): number {
    return typeof v === "number" && Number.isInteger(v) ? v : fail(`no such overload: ${what} on ${typeOf(v).name}`);
}

const ASTRAL = /[\uD800-\uDFFF]/;
function codePoints(s: string): number {
    return ASTRAL.test(s) ? [...s].length : s.length;
}

// ── regular expressions: RE2 read by JavaScript only where both agree ───────────────────────────────

const regexCache = new Map<string, RegExp | null>();
/** The JavaScript RegExp that matches exactly as RE2 would, or null when that cannot be guaranteed. */
function re2(pattern: string): RegExp | null {
    let cached = regexCache.get(pattern);
    if (cached !== undefined) return cached;
    cached = null;
    let body = pattern;
    let flags = "u";
    const lead = /^\(\?([ims]+)\)/.exec(body);
    if (lead) {
        flags += [...new Set(lead[1])].join("");
        body = body.slice(lead[0].length);
    }
    // Group syntax other than (?: and escapes whose meaning differs (or that RE2 lacks) go to RE2 itself.
    const risky = /\(\?(?!:)|\\[AzQECpPx1-9]|\[\[:|\\b|\\B/.test(body);
    if (!risky) {
        try {
            cached = new RegExp(body, flags);
        } catch {
            cached = null;
        }
    }
    regexCache.set(pattern, cached);
    return cached;
}

/** Thrown when a value is outside what this evaluator models exactly: the reference interpreter decides. */
class Defer extends CelEvalError {}

function matches(s: string, pattern: string): boolean {
    const re = re2(pattern);
    // `.` in JavaScript also stops at \r, \u2028 and \u2029, RE2's only at \n.
    if (!re || (/[\r\u2028\u2029]/.test(s) && pattern.includes("."))) {
        throw new Defer("regular expression evaluated by RE2");
    }
    return re.test(s);
}

// ── parsing ──────────────────────────────────────────────────────────────────────────────────────

type Node =
    | { t: "lit"; v: Value }
    | { t: "ident"; name: string }
    | { t: "select"; target: Node; field: string }
    | { t: "has"; target: Node; field: string }
    | { t: "index"; target: Node; index: Node }
    | { t: "call"; fn: string; target?: Node; args: Node[] }
    | { t: "macro"; fn: "all" | "exists" | "exists_one" | "map" | "filter"; target: Node; v: string; pred?: Node; body: Node }
    | { t: "list"; items: Node[] }
    | { t: "map"; entries: [Node, Node][] }
    | { t: "unary"; op: "!" | "-"; arg: Node }
    | { t: "binary"; op: string; left: Node; right: Node }
    | { t: "cond"; test: Node; then: Node; else: Node };

type Token = { k: "num" | "str" | "id" | "op" | "end"; v: string; val?: Value };

const OPS = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

function unescape(body: string, raw: boolean): string {
    if (raw) return body;
    return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-3][0-7]{2}|.)/gs, (_, e: string) => {
        switch (e[0]) {
            case "n":
                return "\n";
            case "r":
                return "\r";
            case "t":
                return "\t";
            case "a":
                return "\x07";
            case "b":
                return "\b";
            case "f":
                return "\f";
            case "v":
                return "\v";
            case "x":
            case "u":
            case "U":
                return String.fromCodePoint(parseInt(e.slice(1), 16));
            case "\\":
            case "'":
            case '"':
            case "`":
            case "?":
                return e;
            default:
                if (/^[0-3][0-7]{2}$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
                throw new Unsupported(`escape \\${e}`);
        }
    });
}

const NUMBER = /0[xX][0-9a-fA-F]+[uU]?|\d+\.\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|\d+[eE][-+]?\d+|\d+[uU]?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

function tokenize(src: string): Token[] {
    const out: Token[] = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        const strMatch = /^([rR]?)('''|"""|'|")/.exec(src.slice(i, i + 4));
        if (strMatch && (strMatch[1] === "" || /[rR]/.test(c))) {
            const raw = strMatch[1] !== "";
            const q = strMatch[2];
            let j = i + strMatch[0].length;
            let body = "";
            for (;;) {
                if (j >= src.length) throw new Unsupported("unterminated string");
                if (src.startsWith(q, j)) break;
                if (!raw && src[j] === "\\") {
                    body += src.slice(j, j + 2);
                    j += 2;
                    continue;
                }
                if (q.length === 1 && (src[j] === "\n" || src[j] === "\r")) throw new Unsupported("newline in string");
                body += src[j++];
            }
            out.push({ k: "str", v: body, val: unescape(body, raw) });
            i = j + q.length;
            continue;
        }
        if (/[bB]/.test(c) && /['"]/.test(src[i + 1] ?? "")) throw new Unsupported("bytes literals");
        NUMBER.lastIndex = i;
        const num = NUMBER.exec(src);
        if (num && /[\d.]/.test(c) && !(c === "." && !/\d/.test(src[i + 1] ?? ""))) {
            out.push({ k: "num", v: num[0] });
            i += num[0].length;
            continue;
        }
        IDENT.lastIndex = i;
        const id = IDENT.exec(src);
        if (id) {
            out.push({ k: "id", v: id[0] });
            i += id[0].length;
            continue;
        }
        const op = OPS.find((o) => src.startsWith(o, i));
        if (!op) throw new Unsupported(`character ${c}`);
        out.push({ k: "op", v: op });
        i += op.length;
    }
    out.push({ k: "end", v: "" });
    return out;
}

const RESERVED = new Set([
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
]);
const MACROS = new Set(["all", "exists", "exists_one", "map", "filter"]);

function parse(src: string): Node {
    const toks = tokenize(src);
    let p = 0;
    const peek = () => toks[p];
    const isOp = (v: string) => toks[p].k === "op" && toks[p].v === v;
    const eat = (v: string) => {
        if (!isOp(v)) throw new Unsupported(`expected ${v} at token ${p}`);
        p++;
    };

    const expr = (): Node => {
        const test = or();
        if (isOp("?")) {
            p++;
            const then = or();
            eat(":");
            const other = expr();
            return { t: "cond", test, then, else: other };
        }
        return test;
    };
    const or = (): Node => {
        let left = and();
        while (isOp("||")) {
            p++;
            left = { t: "binary", op: "||", left, right: and() };
        }
        return left;
    };
    const and = (): Node => {
        let left = rel();
        while (isOp("&&")) {
            p++;
            left = { t: "binary", op: "&&", left, right: rel() };
        }
        return left;
    };
    const rel = (): Node => {
        let left = add();
        for (;;) {
            const t = peek();
            if ((t.k === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(t.v)) || (t.k === "id" && t.v === "in")) {
                p++;
                left = { t: "binary", op: t.v, left, right: add() };
            } else {
                return left;
            }
        }
    };
    const add = (): Node => {
        let left = mul();
        while (isOp("+") || isOp("-")) {
            const op = toks[p++].v;
            left = { t: "binary", op, left, right: mul() };
        }
        return left;
    };
    const mul = (): Node => {
        let left = unary();
        while (isOp("*") || isOp("/") || isOp("%")) {
            const op = toks[p++].v;
            left = { t: "binary", op, left, right: unary() };
        }
        return left;
    };
    const unary = (): Node => {
        if (isOp("!")) {
            p++;
            return { t: "unary", op: "!", arg: unary() };
        }
        if (isOp("-")) {
            p++;
            const t = peek();
            if (t.k === "num" && !/[uU.eE]/.test(t.v) && !/^0[xX]/.test(t.v)) {
                p++;
                return member({ t: "lit", v: -Number(t.v) });
            }
            return { t: "unary", op: "-", arg: unary() };
        }
        return member(primary());
    };
    const args = (): Node[] => {
        const list: Node[] = [];
        eat("(");
        while (!isOp(")")) {
            list.push(expr());
            if (!isOp(")")) eat(",");
        }
        eat(")");
        return list;
    };
    const member = (start: Node): Node => {
        let node = start;
        for (;;) {
            if (isOp(".")) {
                p++;
                const name = peek();
                if (name.k !== "id") throw new Unsupported("field name expected");
                p++;
                if (isOp("(")) {
                    const a = args();
                    if (MACROS.has(name.v) && (a.length === 2 || (a.length === 3 && name.v === "map"))) {
                        const v = a[0];
                        if (v.t !== "ident") throw new Unsupported("macro variable must be an identifier");
                        node =
                            a.length === 3
                                ? { t: "macro", fn: "map", target: node, v: v.name, pred: a[1], body: a[2] }
                                : { t: "macro", fn: name.v as "all", target: node, v: v.name, body: a[1] };
                    } else {
                        node = { t: "call", fn: name.v, target: node, args: a };
                    }
                } else {
                    node = { t: "select", target: node, field: name.v };
                }
            } else if (isOp("[")) {
                p++;
                const index = expr();
                eat("]");
                node = { t: "index", target: node, index };
            } else {
                return node;
            }
        }
    };
    const primary = (): Node => {
        const t = peek();
        if (t.k === "num") {
            p++;
            if (/[uU]$/.test(t.v)) throw new Unsupported("uint literals");
            if (/[.eE]/.test(t.v) && !/^0[xX]/.test(t.v)) throw new Unsupported("double literals");
            return { t: "lit", v: Number(t.v) };
        }
        if (t.k === "str") {
            p++;
            return { t: "lit", v: t.val };
        }
        if (t.k === "id") {
            p++;
            if (t.v === "true" || t.v === "false") return { t: "lit", v: t.v === "true" };
            if (t.v === "null") return { t: "lit", v: null };
            if (RESERVED.has(t.v)) throw new Unsupported(`reserved word ${t.v}`);
            if (isOp("(")) {
                const a = args();
                if (t.v === "has") {
                    const sel = a[0];
                    if (a.length !== 1 || sel.t !== "select") throw new Unsupported("has() takes a field selection");
                    return { t: "has", target: sel.target, field: sel.field };
                }
                return { t: "call", fn: t.v, args: a };
            }
            return { t: "ident", name: t.v };
        }
        if (isOp("(")) {
            p++;
            const e = expr();
            eat(")");
            return e;
        }
        if (isOp("[")) {
            p++;
            const items: Node[] = [];
            while (!isOp("]")) {
                items.push(expr());
                if (!isOp("]")) eat(",");
            }
            eat("]");
            return { t: "list", items };
        }
        if (isOp("{")) {
            p++;
            const entries: [Node, Node][] = [];
            while (!isOp("}")) {
                const k = expr();
                eat(":");
                entries.push([k, expr()]);
                if (!isOp("}")) eat(",");
            }
            eat("}");
            return { t: "map", entries };
        }
        if (isOp(".")) throw new Unsupported("leading-dot identifiers");
        throw new Unsupported(`unexpected ${t.v || "end"}`);
    };

    const e = expr();
    if (peek().k !== "end") throw new Unsupported(`unexpected ${peek().v}`);
    return e;
}

// ── compiling to closures ─────────────────────────────────────────────────────────────────────────

/** What an expression runs against: the object, the parameters, the variables' slots, comprehension locals. */
export interface Env {
    object: Value;
    params: Value;
    /** The object's Namespace where the caller knows it (admission does), else null. */
    namespaceObject: Value;
    /** A variable's value by slot id, computed once per object (and per params for params-dependent ones). */
    variable(slot: number): Value;
    locals: Value[];
}

type Fn = (env: Env) => Value;

/** What compiling an expression needs to know: variable slots in scope and comprehension variables. */
interface Scope {
    variables: Map<string, { slot: number; params: ParamsRead }>;
    locals: string[];
    /** The parameters the expression reads (directly or through variables). */
    params: ParamsRead;
}

/** Parameters an expression reads: none (null), these names, or all of them ("all": `variables.params` itself). */
type ParamsRead = null | Set<string> | "all";

function readsParams(scope: Scope, more: ParamsRead): void {
    if (more === null || scope.params === "all") return;
    if (more === "all") {
        scope.params = "all";
        return;
    }
    scope.params ??= new Set();
    for (const p of more) scope.params.add(p);
}

function truth(v: Value, what: string): boolean {
    return typeof v === "boolean" ? v : fail(`no such overload: ${what} on ${typeOf(v).name}`);
}

function iterate(v: Value): Value[] {
    if (Array.isArray(v)) return list(v);
    if (isMap(v)) {
        const keys = Object.keys(v).filter((k) => v[k] !== undefined);
        if (keys.some((k) => v[k] === null)) throw new Defer("map with null values");
        return keys;
    }
    return fail(`no such overload: comprehension over ${typeOf(v).name}`);
}

function compile(node: Node, scope: Scope): Fn {
    switch (node.t) {
        case "lit": {
            const v = node.v;
            return () => v;
        }
        case "ident": {
            const local = scope.locals.lastIndexOf(node.name);
            if (local !== -1) return (env) => env.locals[local];
            if (node.name === "object") return (env) => env.object;
            if (node.name === "namespaceObject") return (env) => env.namespaceObject;
            if (TYPES[node.name]) {
                const t = TYPES[node.name];
                return () => t;
            }
            throw new Unsupported(`identifier ${node.name}`);
        }
        case "select": {
            const t = node.target;
            if (t.t === "select" && t.field === "params" && t.target.t === "ident" && t.target.name === "variables" && !scope.locals.includes("variables")) {
                readsParams(scope, new Set([node.field]));
                const field = node.field;
                return (env) => {
                    const params = env.params as Record<string, Value>;
                    return present(params, field) ? params[field] : fail(`no such key: ${field}`);
                };
            }
            if (node.target.t === "ident" && node.target.name === "variables" && !scope.locals.includes("variables")) {
                if (node.field === "params") {
                    readsParams(scope, "all");
                    return (env) => env.params;
                }
                const v = scope.variables.get(node.field);
                if (!v) throw new Unsupported(`variables.${node.field} is not defined before use`);
                readsParams(scope, v.params);
                const slot = v.slot;
                return (env) => env.variable(slot);
            }
            const target = compile(node.target, scope);
            const field = node.field;
            return (env) => {
                const o = target(env);
                if (!isMap(o)) return fail(`no such overload: field selection on ${typeOf(o).name}`);
                return present(o, field) ? o[field] : fail(`no such key: ${field}`);
            };
        }
        case "has": {
            const target = compile(node.target, scope);
            const field = node.field;
            return (env) => {
                const o = target(env);
                return isMap(o) ? has(o, field) : fail(`no such overload: has() on ${typeOf(o).name}`);
            };
        }
        case "index": {
            const target = compile(node.target, scope);
            const index = compile(node.index, scope);
            return (env) => {
                const o = target(env);
                const i = index(env);
                if (Array.isArray(o)) {
                    list(o);
                    if (typeof i !== "number" || !Number.isInteger(i)) throw new Defer("list index of another type");
                    return i >= 0 && i < o.length ? o[i] : fail(`index out of bounds: ${i}`);
                }
                if (isMap(o)) {
                    if (typeof i !== "string") throw new Defer("non-string map key");
                    return present(o, i) ? o[i] : fail(`no such key: ${i}`);
                }
                return fail(`no such overload: index on ${typeOf(o).name}`);
            };
        }
        case "list": {
            const items = node.items.map((n) => compile(n, scope));
            return (env) => items.map((f) => f(env));
        }
        case "map": {
            const entries = node.entries.map(([k, v]) => [compile(k, scope), compile(v, scope)] as const);
            return (env) => {
                const out: Record<string, Value> = {};
                for (const [k, v] of entries) {
                    const key = k(env);
                    if (typeof key !== "string") throw new Defer("non-string map literal key");
                    if (present(out, key)) return fail(`duplicate map key ${key}`);
                    out[key] = v(env);
                }
                return out;
            };
        }
        case "unary": {
            const arg = compile(node.arg, scope);
            if (node.op === "!") return (env) => !truth(arg(env), "!_");
            return (env) => {
                const v = arg(env);
                if (typeof v !== "number") return fail("no such overload: -_");
                if (!Number.isInteger(v)) throw new Defer("double arithmetic");
                return -v;
            };
        }
        case "cond": {
            const test = compile(node.test, scope);
            const then = compile(node.then, scope);
            const other = compile(node.else, scope);
            return (env) => (truth(test(env), "_?_:_") ? then(env) : other(env));
        }
        case "binary":
            return binary(node.op, compile(node.left, scope), compile(node.right, scope));
        case "macro":
            return macro(node, scope);
        case "call":
            return call(node, scope);
    }
}

function logical(op: "&&" | "||", left: Fn, right: Fn): Fn {
    const absorbing = op === "||"; // the value that decides alone
    return (env) => {
        let l: Value;
        let lErr: unknown;
        try {
            l = left(env);
        } catch (e) {
            if (!(e instanceof CelEvalError)) throw e;
            lErr = e;
        }
        if (l === absorbing) return absorbing;
        let r: Value;
        try {
            r = right(env);
        } catch (e) {
            if (!(e instanceof CelEvalError)) throw e;
            if (lErr !== undefined) throw lErr;
            throw e;
        }
        if (r === absorbing) return absorbing;
        if (lErr !== undefined) throw lErr;
        if (typeof l !== "boolean" || typeof r !== "boolean") return fail(`no such overload: ${op}`);
        return !absorbing;
    };
}

function binary(op: string, left: Fn, right: Fn): Fn {
    switch (op) {
        case "&&":
        case "||":
            return logical(op, left, right);
        case "==":
            return (env) => equals(left(env), right(env));
        case "!=":
            return (env) => !equals(left(env), right(env));
        case "<":
            return (env) => compare(left(env), right(env)) < 0;
        case "<=":
            return (env) => compare(left(env), right(env)) <= 0;
        case ">":
            return (env) => compare(left(env), right(env)) > 0;
        case ">=":
            return (env) => compare(left(env), right(env)) >= 0;
        case "in":
            return (env) => {
                const x = left(env);
                const c = right(env);
                if (Array.isArray(c)) {
                    for (const e of list(c)) if (equals(x, e)) return true;
                    return false;
                }
                if (isMap(c)) {
                    if (typeof x !== "string") throw new Defer("non-string map key");
                    return has(c, x);
                }
                return fail(`no such overload: in ${typeOf(c).name}`);
            };
        case "+":
            return (env) => {
                const a = left(env);
                const b = right(env);
                if (typeof a === "string" && typeof b === "string") return a + b;
                if (Array.isArray(a) && Array.isArray(b)) return list(a).length === 0 ? list(b) : list(b).length === 0 ? a : a.concat(b);
                if (typeof a === "number" && typeof b === "number") {
                    if (!Number.isInteger(a) || !Number.isInteger(b)) throw new Defer("double arithmetic");
                    return checkedInt(a + b);
                }
                return fail("no such overload: _+_");
            };
        case "-":
        case "*":
        case "/":
        case "%":
            return (env) => {
                const a = left(env);
                const b = right(env);
                if (typeof a !== "number" || typeof b !== "number") return fail(`no such overload: _${op}_`);
                if (!Number.isInteger(a) || !Number.isInteger(b)) throw new Defer("double arithmetic");
                if ((op === "/" || op === "%") && b === 0) return fail(op === "/" ? "division by zero" : "modulus by zero");
                return checkedInt(op === "-" ? a - b : op === "*" ? a * b : op === "/" ? Math.trunc(a / b) : a % b);
            };
    }
    throw new Unsupported(`operator ${op}`);
}

function checkedInt(v: number): number {
    if (!Number.isSafeInteger(v)) throw new Defer("integer beyond 2^53");
    return v;
}

function macro(node: Extract<Node, { t: "macro" }>, scope: Scope): Fn {
    const target = compile(node.target, scope);
    const inner: Scope = { ...scope, locals: [...scope.locals, node.v] };
    const body = compile(node.body, inner);
    const pred = node.pred ? compile(node.pred, inner) : undefined;
    readsParams(scope, inner.params);
    const slot = scope.locals.length;
    const items = (env: Env): Value[] => iterate(target(env));
    switch (node.fn) {
        case "all":
        case "exists": {
            const decisive = node.fn === "exists";
            return (env) => {
                const xs = items(env);
                const locals = env.locals;
                let err: unknown;
                for (let i = 0; i < xs.length; i++) {
                    locals[slot] = xs[i];
                    let v: Value;
                    try {
                        v = body(env);
                    } catch (e) {
                        if (!(e instanceof CelEvalError)) throw e;
                        err ??= e;
                        continue;
                    }
                    if (v === decisive) {
                        locals.length = slot;
                        return decisive;
                    }
                    if (typeof v !== "boolean") err ??= new CelEvalError(`no such overload: ${node.fn} predicate`);
                }
                locals.length = slot;
                if (err !== undefined) throw err;
                return !decisive;
            };
        }
        case "exists_one":
            return (env) => {
                const xs = items(env);
                let n = 0;
                for (let i = 0; i < xs.length; i++) {
                    env.locals[slot] = xs[i];
                    if (truth(body(env), "exists_one")) n++;
                }
                env.locals.length = slot;
                return n === 1;
            };
        case "filter":
            return (env) => {
                const xs = items(env);
                const out: Value[] = [];
                for (let i = 0; i < xs.length; i++) {
                    env.locals[slot] = xs[i];
                    if (truth(body(env), "filter")) out.push(xs[i]);
                }
                env.locals.length = slot;
                return out;
            };
        case "map":
            return (env) => {
                const xs = items(env);
                const out: Value[] = [];
                for (let i = 0; i < xs.length; i++) {
                    env.locals[slot] = xs[i];
                    if (!pred || truth(pred(env), "map")) out.push(body(env));
                }
                env.locals.length = slot;
                return out;
            };
    }
}

function call(node: Extract<Node, { t: "call" }>, scope: Scope): Fn {
    const args = node.args.map((a) => compile(a, scope));
    const target = node.target ? compile(node.target, scope) : undefined;
    const a0 = args[0];
    const a1 = args[1];
    const n = args.length;
    const sig = `${target ? "." : ""}${node.fn}/${n}`;
    switch (sig) {
        case "size/1":
        case ".size/0": {
            const of = (target ?? a0) as Fn;
            return (env) => {
                const v = of(env);
                if (typeof v === "string") return codePoints(v);
                if (Array.isArray(v)) return list(v).length;
                if (isMap(v)) return Object.keys(v).filter((k) => v[k] !== undefined).length;
                return fail(`no such overload: size on ${typeOf(v).name}`);
            };
        }
        case ".startsWith/1":
            return (env) => str(target!(env), "startsWith").startsWith(str(a0(env), "startsWith"));
        case ".endsWith/1":
            return (env) => str(target!(env), "endsWith").endsWith(str(a0(env), "endsWith"));
        case ".contains/1":
            return (env) => str(target!(env), "contains").includes(str(a0(env), "contains"));
        case ".matches/1":
            return (env) => matches(str(target!(env), "matches"), str(a0(env), "matches"));
        case "matches/2":
            return (env) => matches(str(a0(env), "matches"), str(a1(env), "matches"));
        case ".lowerAscii/0":
            return (env) => str(target!(env), "lowerAscii").replace(/[A-Z]+/g, (s) => s.toLowerCase());
        case ".upperAscii/0":
            return (env) => str(target!(env), "upperAscii").replace(/[a-z]+/g, (s) => s.toUpperCase());
        case ".trim/0":
            return () => {
                throw new Defer("trim");
            };
        case ".split/1":
            return (env) => {
                const s = str(target!(env), "split");
                const sep = str(a0(env), "split");
                if (sep === "" && ASTRAL.test(s)) throw new Defer("split into code points");
                return s.split(sep);
            };
        case ".join/0":
        case ".join/1":
            return (env) => {
                const items = target!(env);
                if (!Array.isArray(items)) return fail("no such overload: join");
                const sep = a0 ? str(a0(env), "join") : "";
                for (const x of list(items)) if (typeof x !== "string") return fail("join: list of non-strings");
                return items.join(sep);
            };
        case ".substring/1":
        case ".substring/2":
            return (env) => {
                const s = str(target!(env), "substring");
                if (ASTRAL.test(s)) throw new Defer("substring with code points");
                const start = int(a0(env), "substring");
                const end = a1 ? int(a1(env), "substring") : s.length;
                if (start < 0 || start > s.length || end < start || end > s.length) return fail(`substring out of range: ${start}, ${end}`);
                return s.slice(start, end);
            };
        case ".indexOf/1":
            return (env) => {
                const s = str(target!(env), "indexOf");
                if (ASTRAL.test(s)) throw new Defer("indexOf with code points");
                return s.indexOf(str(a0(env), "indexOf"));
            };
        case "string/1":
            return (env) => {
                const v = a0(env);
                if (typeof v === "string") return v;
                if (typeof v === "boolean") return String(v);
                if (typeof v === "number" && Number.isInteger(v)) return String(v);
                if (v instanceof CelType) return v.name;
                throw new Defer("string() of this value");
            };
        case "int/1":
            return (env) => {
                const v = a0(env);
                if (typeof v === "number" && Number.isInteger(v)) return v;
                if (typeof v === "string" && /^[-+]?\d+$/.test(v)) return checkedInt(Number(v));
                throw new Defer("int() of this value");
            };
        case "type/1":
            return (env) => typeOf(a0(env));
    }
    throw new Unsupported(`function ${sig}`);
}

// ── programs: a rule's variables and validations ─────────────────────────────────────────────────────

/** Variable definitions shared across rules: the same name, expression and dependencies get one slot. */
const slotKeys = new Map<string, number>();
const slotFns: { fn: Fn; params: ParamsRead }[] = [];

const ERROR = Symbol("error");
type Failed = { [ERROR]: unknown };

/**
 * Variable values of the object being checked: every rule evaluated on the same object in a row shares
 * them (the CLI and CrossGuard evaluate all rules of one object before the next). A variable that reads
 * parameters is keyed by the values of the parameters it reads, so rules with the same `exemptImages`
 * share their container lists.
 */
let memoObject: Value = undefined;
let memoNamespace: Value = undefined;
let memoPlain: Value[] = [];
let memoByParams = new Map<string, Value>();

/** Per params object, per slot: the memo key of that slot's value under those params. */
const paramKeys = new WeakMap<object, string[]>();
function paramKey(params: Value, slot: number, read: Set<string> | "all"): string {
    const p = (params ?? {}) as Record<string, Value>;
    let keys = paramKeys.get(p);
    if (!keys) {
        keys = [];
        paramKeys.set(p, keys);
    }
    let key = keys[slot];
    if (key === undefined) {
        key = `${slot}:${read === "all" ? JSON.stringify(p) : JSON.stringify([...read].map((name) => p[name]))}`;
        keys[slot] = key;
    }
    return key;
}

class RunEnv implements Env {
    locals: Value[] = [];
    constructor(
        readonly object: Value,
        readonly params: Value,
        readonly namespaceObject: Value,
    ) {
        if (object !== memoObject || namespaceObject !== memoNamespace) {
            memoObject = object;
            memoNamespace = namespaceObject;
            memoPlain = [];
            memoByParams = new Map();
        }
    }
    variable(slot: number): Value {
        const def = slotFns[slot];
        const key = def.params === null ? undefined : paramKey(this.params, slot, def.params);
        let v = key === undefined ? memoPlain[slot] : memoByParams.get(key);
        if (v === undefined) {
            // A variable sees no comprehension locals of its caller.
            const saved = this.locals;
            this.locals = [];
            try {
                v = def.fn(this);
            } catch (e) {
                if (!(e instanceof CelEvalError)) throw e;
                v = { [ERROR]: e } as Failed;
            } finally {
                this.locals = saved;
            }
            if (key === undefined) memoPlain[slot] = v;
            else memoByParams.set(key, v);
        }
        if (v !== null && typeof v === "object" && ERROR in (v as object)) {
            throw (v as Failed)[ERROR];
        }
        return v;
    }
}

export interface FastSource {
    variables: readonly { name: string; expression: string }[];
    validations: readonly { expression: string; messageExpression: string }[];
}

/** A compiled rule: the messages of the failed validations, or undefined when the reference must decide. */
export type FastProgram = (object: Value, params: Value, namespaceObject?: Value) => string[] | undefined;

/** Compiles a CEL source, or throws Unsupported when an expression is outside the implemented subset. */
export function compileFast(source: FastSource): FastProgram {
    const variables = new Map<string, { slot: number; params: ParamsRead }>();
    const keyOf = new Map<string, string>();
    for (const v of source.variables) {
        const scope: Scope = { variables, locals: [], params: null };
        const fn = compile(parse(v.expression), scope);
        // The slot key: the expression and what its variables mean (their own keys).
        const deps = [...v.expression.matchAll(/variables\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => keyOf.get(m[1]) ?? m[1]);
        const key = `${v.name}=${v.expression}|${deps.join("|")}`;
        keyOf.set(v.name, key);
        let slot = slotKeys.get(key);
        if (slot === undefined) {
            slot = slotFns.length;
            slotFns.push({ fn, params: scope.params });
            slotKeys.set(key, slot);
        }
        variables.set(v.name, { slot, params: scope.params });
    }
    const checks = source.validations.map((v) => {
        return {
            check: compile(parse(v.expression), { variables, locals: [], params: null }),
            message: compile(parse(v.messageExpression), { variables, locals: [], params: null }),
        };
    });
    return (object, params, namespaceObject = null) => {
        const env = new RunEnv(object, params, namespaceObject);
        const messages: string[] = [];
        try {
            for (const c of checks) {
                const ok = c.check(env);
                if (ok === true) continue;
                if (ok !== false) return undefined;
                const m = c.message(env);
                if (typeof m !== "string") return undefined;
                messages.push(m);
            }
        } catch (e) {
            if (e instanceof CelEvalError) return undefined;
            throw e;
        }
        return messages;
    };
}

/** Values the fast evaluator models exactly: JSON with no double that is integral (those read as ints). */
export function plainJson(value: Value): boolean {
    if (typeof value === "number") return Number.isFinite(value);
    if (value === null || typeof value !== "object") return typeof value !== "bigint";
    if (Array.isArray(value)) return value.every(plainJson);
    return Object.values(value).every((v) => v === undefined || plainJson(v));
}
