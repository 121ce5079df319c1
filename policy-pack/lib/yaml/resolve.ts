/**
 * Scalar resolution exactly as Kubernetes reads YAML: kubectl and the API server convert YAML to JSON with
 * sigs.k8s.io/yaml, which decodes with go-yaml v2 (YAML 1.1 rules) into untyped values and then encodes
 * JSON. So a plain (unquoted) `yes`, `on` or `y` is the boolean true, `0777` is the integer 511, `1_000`
 * is 1000, `2001-12-14` stays a string, and `.inf` cannot be sent at all. A quoted scalar is always a
 * string. These rules follow go-yaml v2's resolve table (resolve.go); tests/policy-pack/yaml holds the
 * table of cases with the JSON that sigs.k8s.io/yaml produces for each.
 */

/** A resolved scalar: its YAML 1.1 tag (short form) and its value as JSON sees it. */
export type Resolved =
    | { tag: "str"; value: string }
    | { tag: "bool"; value: boolean }
    | { tag: "int" | "float"; value: number }
    | { tag: "null"; value: null }
    | { tag: "merge"; value: "<<" };

const WORDS: Record<string, Resolved> = {};
function words(list: string[], r: Resolved): void {
    for (const w of list) {
        WORDS[w] = r;
    }
}
words(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], { tag: "bool", value: true });
words(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], { tag: "bool", value: false });
words(["", "~", "null", "Null", "NULL"], { tag: "null", value: null });
words([".nan", ".NaN", ".NAN"], { tag: "float", value: NaN });
words([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"], { tag: "float", value: Infinity });
words(["-.inf", "-.Inf", "-.INF"], { tag: "float", value: -Infinity });
words(["<<"], { tag: "merge", value: "<<" });

/** go-yaml v2's hint for the first character: S(ign), D(igit), M(ap word), '.', or none (a string). */
function hint(c: string): string {
    if (c === "+" || c === "-") return "S";
    if (c >= "0" && c <= "9") return "D";
    if ("yYnNtTfFoO~".includes(c)) return "M";
    if (c === ".") return ".";
    return "";
}

const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Go's strconv.ParseInt(s, 0, 64) followed by ParseUint(s, 0, 64): a sign, then `0x`/`0o`/`0b` or a
 * leading `0` (octal) or decimal digits. Undefined when neither accepts it (syntax or range).
 */
export function goParseInt(s: string): number | undefined {
    let body = s;
    let negative = false;
    if (body.startsWith("+") || body.startsWith("-")) {
        negative = body.startsWith("-");
        body = body.slice(1);
    }
    let base = 10;
    if (/^0[xX]/.test(body)) {
        base = 16;
        body = body.slice(2);
    } else if (/^0[oO]/.test(body)) {
        base = 8;
        body = body.slice(2);
    } else if (/^0[bB]/.test(body)) {
        base = 2;
        body = body.slice(2);
    } else if (body.length > 1 && body.startsWith("0")) {
        base = 8;
        body = body.slice(1);
    }
    if (!DIGITS[base].test(body)) {
        return undefined;
    }
    const prefix = base === 16 ? "0x" : base === 8 ? "0o" : base === 2 ? "0b" : "";
    const magnitude = BigInt(prefix + body);
    // ParseInt takes [-2^63, 2^63-1]; ParseUint (no sign) takes up to 2^64-1.
    if (negative ? magnitude > INT64_MAX + 1n : magnitude > (s.startsWith("+") ? INT64_MAX : UINT64_MAX)) {
        return undefined;
    }
    return Number(negative ? -magnitude : magnitude);
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseFloat for the decimal forms go-yaml hands it; undefined on a syntax or range error. */
function goParseFloat(s: string): number | undefined {
    if (!YAML_STYLE_FLOAT.test(s)) {
        return undefined;
    }
    const v = Number(s);
    return Number.isFinite(v) ? v : undefined; // out of range: ParseFloat fails and the scalar stays a string
}

const STR: Resolved = { tag: "str", value: "" };

/**
 * True when a plain scalar is certainly a string: it starts with a letter other than those of the words
 * go-yaml resolves (y, n, t, f, o), or with a character no number starts with. The common case: keys.
 */
export function plainIsString(text: string): boolean {
    const c = text.charCodeAt(0);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
        // y Y n N t T f F o O
        return !(c === 121 || c === 89 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 111 || c === 79);
    }
    return !(c === 43 || c === 45 || c === 46 || c === 126 || c === 60 || (c >= 48 && c <= 57)) && text !== "";
}

/** A plain (unquoted, untagged) scalar as go-yaml v2 resolves it. */
export function resolvePlain(text: string): Resolved {
    if (plainIsString(text)) {
        return text === STR.value ? STR : { tag: "str", value: text };
    }
    const word = WORDS[text];
    if (word) {
        return word;
    }
    switch (hint(text.charAt(0))) {
        case ".": {
            const f = goParseFloat(text);
            return f === undefined ? { tag: "str", value: text } : { tag: "float", value: f };
        }
        case "D":
        case "S": {
            // A timestamp (2001-12-14) resolves to a time, which an untyped decode keeps as its text.
            const plain = text.replace(/_/g, "");
            const i = goParseInt(plain);
            if (i !== undefined) {
                return { tag: "int", value: i };
            }
            const f = goParseFloat(plain);
            if (f !== undefined) {
                return { tag: "float", value: f };
            }
            return { tag: "str", value: text };
        }
        default:
            return { tag: "str", value: text };
    }
}

const YAML_TAG = "tag:yaml.org,2002:";

/** The short name of a tag of the YAML type repository (`!!int` -> `int`), or undefined for other tags. */
export function yamlTagName(tag: string): string | undefined {
    if (tag.startsWith(YAML_TAG)) return tag.slice(YAML_TAG.length);
    if (tag.startsWith("!!")) return tag.slice(2);
    return undefined;
}

/** Why a tagged scalar cannot be decoded (go-yaml's "cannot decode !!str `abc` as a !!int"). */
export class TagError extends Error {}

/**
 * A scalar with an explicit tag, as go-yaml v2 decodes it: `!!str` keeps the text, `!!binary` decodes
 * base64, `!!int`/`!!float`/`!!bool`/`!!null` must resolve to that type (an int is accepted as a float),
 * and any other tag (`!foo`, `!!set` on a scalar, `!`) leaves the text as a string.
 */
export function resolveTagged(tag: string, text: string): Resolved {
    const name = yamlTagName(tag);
    switch (name) {
        case "str":
        case "timestamp":
            return { tag: "str", value: text };
        case "binary": {
            const clean = text.replace(/\s+/g, "");
            if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
                throw new TagError(`cannot decode !!binary \`${text}\`: not base64`);
            }
            return { tag: "str", value: Buffer.from(clean, "base64").toString("utf8") };
        }
        case "bool":
        case "int":
        case "float":
        case "null": {
            const r = resolvePlain(text);
            if (r.tag === name) {
                return r;
            }
            if (name === "float" && r.tag === "int") {
                return { tag: "float", value: r.value };
            }
            throw new TagError(`cannot decode !!${r.tag} \`${text}\` as a !!${name}`);
        }
        default:
            return { tag: "str", value: text };
    }
}

/** A map key as sigs.k8s.io/yaml writes it in JSON: strings as they are, numbers and booleans as text. */
export function jsonKey(key: unknown): string {
    if (typeof key === "string") return key;
    if (typeof key === "boolean") return key ? "true" : "false";
    if (typeof key === "number") {
        if (Number.isInteger(key) && Math.abs(key) < 2 ** 63) return BigInt(key).toString();
        if (Number.isNaN(key)) return ".nan";
        if (!Number.isFinite(key)) return key > 0 ? ".inf" : "-.inf";
        return goFloat32Key(key);
    }
    throw new TagError(
        `unsupported map key ${key === null ? "null" : (JSON.stringify(key) ?? String(key))} (kubectl accepts only strings, numbers and booleans as keys)`,
    );
}

/** strconv.FormatFloat(f, 'g', -1, 32): the shortest float32 text, exponent as e+NN when Go would use one. */
function goFloat32Key(f: number): string {
    const f32 = Math.fround(f);
    // Shortest decimal that rounds to the same float32.
    let digits = 1;
    let text = f32.toPrecision(digits);
    while (Math.fround(Number(text)) !== f32 && digits < 9) {
        text = f32.toPrecision(++digits);
    }
    const [mantissa, exp] = Number(text).toExponential().split("e");
    const e = Number(exp);
    if (e < -4 || e >= digits) {
        const m = mantissa.replace(/\.?0+$/, "");
        return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
    }
    return String(Number(text));
}
