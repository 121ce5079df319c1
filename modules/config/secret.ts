import { inspect } from "util";

/**
 * A configuration value that must stay secret (a password, a token, a webhook URL with a key in it).
 * The config layer knows nothing of Pulumi: it wraps the value so that printing, logging or
 * serializing it never shows it. The platform turns it into a Pulumi secret with `secretOutput`
 * (modules/config/secret-output.ts, the one place a secret becomes a Pulumi output) at the one place it is used.
 */
export class Secret {
    readonly #value: string;

    constructor(value: string) {
        this.#value = value;
    }

    /** The plain value. Call only to hand it to `pulumi.secret(...)`. */
    reveal(): string {
        return this.#value;
    }

    toString(): string {
        return "[secret]";
    }

    toJSON(): string {
        return "[secret]";
    }

    [inspect.custom](): string {
        return "[secret]";
    }
}

/** Every Secret inside a parsed config value, with its key path (for the plain-text check). */
export function findSecrets(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (value instanceof Secret) {
        return [path];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => findSecrets(v, [...path, i]));
    }
    if (value !== null && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) => findSecrets(v, [...path, k]));
    }
    return [];
}
