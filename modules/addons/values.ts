/** Helm values helpers: pure functions, tested without a Pulumi graph. */

/** Helm values. Leaves may be Pulumi inputs (an IRSA role ARN, a secret name from an output). */
export type Values = Record<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        return false;
    }
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}

/**
 * Deep-merges `override` over `base`, the way Helm merges values files: objects merge key by key,
 * arrays and scalars (and Pulumi outputs) are replaced, `null` is kept (Helm then drops the key).
 */
export function deepMerge(base: Values, override: Values): Values {
    const out: Values = { ...base };
    for (const [key, value] of Object.entries(override)) {
        const current = out[key];
        out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
    }
    return out;
}

/** `values` with `value` at the dotted `path` (`serviceAccount.annotations`), merged like a values file. */
export function setPath(values: Values, path: string, value: unknown): Values {
    const keys = path.split(".");
    const overlay = keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Values;
    return deepMerge(values, overlay);
}
