/**
 * Small readers for resource inputs as policies see them: plain JSON-like data (never SDK classes,
 * so the pack loads no cloud SDK), where a value the cloud computes at apply time is unknown.
 *
 * Unknowns: under `pulumi preview` the real engine throws when a policy reads an unknown value and
 * reports "can't run policy during preview" as advisory; the offline engine (lib/engine.ts) passes
 * unknowns as a key that is present with the value `undefined`. `isUnknown` recognises the latter so
 * that a rule never turns "not known yet" into a mandatory violation.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

export type Props = Record<string, unknown>;

/**
 * A resource validation that runs only for resources of the given type token(s), handing the
 * inputs over as plain data. With a single token the validation carries the token the way
 * `validateResourceOfType` does, so the engine skips other types without calling it.
 */
export function forType(
    types: string | readonly string[],
    validate: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
    const tokens = typeof types === "string" ? [types] : types;
    const fn: ResourceValidation = (args, report) => {
        if (tokens.includes(args.type)) {
            validate(args.props, args, report);
        }
    };
    if (tokens.length === 1) {
        (fn as { __pulumiType?: string }).__pulumiType = tokens[0];
    }
    return fn;
}

/** `value` as a plain object, or undefined. */
export function asObject(value: unknown): Props | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : undefined;
}

/** `value` as an array, or undefined. */
export function asArray(value: unknown): unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
}

/** `value` as a non-empty string, or undefined. */
export function asString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** Reads a dotted path (`vpcConfig.publicAccessCidrs`) through nested objects. */
export function at(value: unknown, path: string): unknown {
    let current: unknown = value;
    for (const key of path.split(".")) {
        const o = asObject(current);
        if (!o) {
            return undefined;
        }
        current = o[key];
    }
    return current;
}

/** True when `key` is set on `o` but its value is not known yet (computed at apply time). */
export function isUnknown(o: Props | undefined, key: string): boolean {
    return o !== undefined && key in o && o[key] === undefined;
}

/** True when the value at `path` is unknown: some object on the way holds the next key with no value yet. */
export function isUnknownAt(value: unknown, path: string): boolean {
    let current: unknown = value;
    for (const key of path.split(".")) {
        const o = asObject(current);
        if (!o) {
            return false;
        }
        if (isUnknown(o, key)) {
            return true;
        }
        current = o[key];
    }
    return false;
}

/** True for `true` and the string "true" (StorageClass parameters and ConfigMap values are strings). */
export function isTrue(value: unknown): boolean {
    return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

// ── CIDR ranges ───────────────────────────────────────────────────────────────────────────────────

interface Cidr {
    family: 4 | 6;
    /** The address as a number, masked to the prefix. */
    network: bigint;
    prefix: number;
}

function parseIPv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
        return undefined;
    }
    return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIPv6(text: string): bigint | undefined {
    const halves = text.split("::");
    if (halves.length > 2) {
        return undefined;
    }
    const groups = (s: string) => (s === "" ? [] : s.split(":"));
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    const missing = 8 - head.length - tail.length;
    if ((halves.length === 1 && missing !== 0) || missing < 0) {
        return undefined;
    }
    const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
    if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
        return undefined;
    }
    return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Parses `a.b.c.d/n`, an IPv6 `x::y/n`, or a bare address (a single host). */
export function parseCidr(text: string): Cidr | undefined {
    const [address, prefixText, extra] = text.trim().split("/");
    if (extra !== undefined) {
        return undefined;
    }
    const family: 4 | 6 = address.includes(":") ? 6 : 4;
    const bits = family === 4 ? 32 : 128;
    const value = family === 4 ? parseIPv4(address) : parseIPv6(address);
    const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (value === undefined || !(prefix >= 0 && prefix <= bits)) {
        return undefined;
    }
    const shift = BigInt(bits - prefix);
    return { family, network: (value >> shift) << shift, prefix };
}

/** True for a range that admits every address (0.0.0.0/0, ::/0). */
export function isOpenCidr(text: string): boolean {
    const c = parseCidr(text);
    return c !== undefined && c.prefix === 0;
}

/** True when every address of `inner` lies in `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
    const a = parseCidr(inner);
    const b = parseCidr(outer);
    if (!a || !b || a.family !== b.family || a.prefix < b.prefix) {
        return false;
    }
    const bits = a.family === 4 ? 32 : 128;
    const shift = BigInt(bits - b.prefix);
    return a.network >> shift === b.network >> shift;
}

/**
 * Problems with the CIDR ranges allowed to reach a public control-plane endpoint, each a sentence:
 * none given (the cloud then admits every address), a range open to all, an unparsable range, or a
 * range outside the configured allow-list (when the list is not empty).
 */
export function publicCidrProblems(cidrs: readonly unknown[] | undefined, allowed: readonly string[]): string[] {
    if (!cidrs || cidrs.length === 0) {
        return ["no CIDR ranges restrict it (the cloud then admits every address)"];
    }
    const problems: string[] = [];
    for (const c of cidrs) {
        if (c === undefined) {
            continue; // not known until apply
        }
        if (typeof c !== "string" || !parseCidr(c)) {
            problems.push(`'${String(c)}' is not a CIDR range`);
        } else if (isOpenCidr(c)) {
            problems.push(`'${c}' admits every address`);
        } else if (allowed.length > 0 && !allowed.some((a) => cidrWithin(c, a))) {
            problems.push(`'${c}' is outside the allowed ranges (${allowed.join(", ")})`);
        }
    }
    return problems;
}

// ── versions ──────────────────────────────────────────────────────────────────────────────────────

/** The numeric core of an exact version (`v1.2.3-rc.1` -> [1, 2, 3]), or undefined. */
export function versionCore(text: string): [number, number, number] | undefined {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(text.trim());
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Compares two version cores: negative, zero or positive. */
export function compareCores(a: readonly number[], b: readonly number[]): number {
    for (let i = 0; i < 3; i++) {
        if (a[i] !== b[i]) {
            return a[i] - b[i];
        }
    }
    return 0;
}
