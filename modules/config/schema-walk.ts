/**
 * Finds the keys a schema accepts at a path, for "did you mean" suggestions. Walks zod's public
 * definitions (object shapes, wrappers, unions, arrays, records).
 */
import { z } from "zod";

type Def = { type: string; [k: string]: unknown };

function def(schema: unknown): Def {
    return (schema as { _zod: { def: Def } })._zod.def;
}

/** Strips optional/default/pipe/... wrappers; for a union, picks the option the input selects. */
function unwrap(schema: unknown, input: unknown): unknown[] {
    const d = def(schema);
    switch (d.type) {
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "catch":
        case "readonly":
        case "nonoptional":
            return unwrap(d.innerType, input);
        case "pipe":
            return unwrap(d.in, input);
        case "lazy":
            return unwrap((d.getter as () => unknown)(), input);
        case "union": {
            const options = d.options as unknown[];
            const discriminator = d.discriminator as string | undefined;
            if (discriminator && input !== null && typeof input === "object") {
                const wanted = (input as Record<string, unknown>)[discriminator];
                const match = options.filter((o) => {
                    const shape = objectShape(o);
                    const lit = shape?.[discriminator];
                    return lit !== undefined && (def(lit).values as unknown[] | undefined)?.includes(wanted);
                });
                if (match.length > 0) {
                    return match.flatMap((o) => unwrap(o, input));
                }
            }
            return options.flatMap((o) => unwrap(o, input));
        }
        default:
            return [schema];
    }
}

function objectShape(schema: unknown): Record<string, unknown> | undefined {
    const d = def(schema);
    return d.type === "object" ? (d.shape as Record<string, unknown>) : undefined;
}

/** The keys accepted at `path` inside `schema`, given the user's input (which picks union branches). */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[], input: unknown): string[] {
    let current: unknown[] = unwrap(schema, input);
    let value: unknown = input;
    for (const part of path) {
        value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part as string] : undefined;
        const next: unknown[] = [];
        for (const s of current) {
            const d = def(s);
            if (d.type === "object") {
                const child = (d.shape as Record<string, unknown>)[String(part)];
                if (child) {
                    next.push(...unwrap(child, value));
                }
            } else if (d.type === "array") {
                next.push(...unwrap(d.element, value));
            } else if (d.type === "record") {
                next.push(...unwrap(d.valueType, value));
            }
        }
        current = next;
    }
    const keys = new Set<string>();
    for (const s of current) {
        const shape = objectShape(s);
        if (shape) {
            Object.keys(shape).forEach((k) => keys.add(k));
        }
    }
    return [...keys];
}

/** The literal that selects an object variant (`provider: dex`), from its shape. */
function selectorOf(shape: Record<string, unknown>): string | undefined {
    for (const [field, schema] of Object.entries(shape)) {
        for (const s of unwrap(schema, undefined)) {
            const d = def(s);
            if (d.type === "literal") {
                return `${field}: ${String((d.values as unknown[])[0])}`;
            }
        }
    }
    return undefined;
}

/**
 * For a key unknown at `path`: the other variants of the union there that do have it, by their
 * selecting literal (`["provider: dex"]`), so the message can say the key belongs to another choice.
 */
export function variantsWithKey(schema: z.core.$ZodType, path: readonly PropertyKey[], input: unknown, key: string): string[] {
    let current: unknown[] = path.length === 0 ? unwrap(schema, undefined) : unwrap(schema, input);
    let value: unknown = input;
    path.forEach((part, i) => {
        value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part as string] : undefined;
        const last = i === path.length - 1;
        const next: unknown[] = [];
        for (const s of current) {
            const d = def(s);
            const child =
                d.type === "object"
                    ? (d.shape as Record<string, unknown>)[String(part)]
                    : d.type === "array"
                      ? d.element
                      : d.type === "record"
                        ? d.valueType
                        : undefined;
            if (child) {
                next.push(...unwrap(child, last ? undefined : value));
            }
        }
        current = next;
    });
    const out = new Set<string>();
    for (const s of current) {
        const shape = objectShape(s);
        if (shape && key in shape) {
            const selector = selectorOf(shape);
            if (selector) {
                out.add(selector);
            }
        }
    }
    return [...out];
}
