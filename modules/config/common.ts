/**
 * Reusable schema pieces: names, CIDRs, URLs, secrets, min/max bounds and the settings every add-on
 * shares. Every section of the stack schema is built from these, so a rule is written once.
 */
import { z } from "zod";
import { isCidr } from "../lib/cidr";
import { Secret } from "./secret";

export const tiers = ["dev", "staging", "prod"] as const;
/** The environment tier: drives defaults (HA replicas, protection, private endpoints). */
export type Tier = (typeof tiers)[number];

/** A DNS-1123 label: what Kubernetes accepts for namespace and most object names. */
export function dnsLabel(maxLength = 63) {
    return z
        .string()
        .max(maxLength, `must be at most ${maxLength} characters`)
        .regex(
            /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
            "must be a DNS-1123 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit",
        );
}

/** An IPv4 CIDR block. */
export function cidr() {
    return z.string().refine(isCidr, { message: "must be an IPv4 CIDR such as 10.0.0.0/16, with no host bits set" });
}

/** A CIDR that a public endpoint may be reached from: never the whole internet. */
export function restrictedCidr() {
    return cidr().refine((v) => !v.endsWith("/0"), { message: "0.0.0.0/0 opens the endpoint to the whole internet; name the networks that need access" });
}

/**
 * An identity-provider group name as Kubernetes RBAC subjects carry it (an Entra object id, a Google
 * group address, an OIDC `groups` claim value): never one of Kubernetes' own `system:` groups.
 */
export function groupName() {
    return z
        .string()
        .min(1, "must not be empty")
        .max(256, "must be at most 256 characters")
        .refine((g) => !/[\s\u0000-\u001f*]/.test(g), { message: "must not contain whitespace, control characters or '*'" })
        .refine((g) => !g.toLowerCase().startsWith("system:"), {
            message: "'system:' groups belong to Kubernetes itself (system:masters is cluster-admin); bind a group from your identity provider",
        });
}

/** A Helm chart source: an https:// repository or an oci:// registry path. */
export function chartSource() {
    return z.string().regex(/^(https|oci):\/\/[^\s/]+(\/[^\s]*)?$/, "must be an https:// or oci:// URL");
}

/** An exact chart version (no range, no `latest`, no devel build marker). */
export function exactVersion() {
    return z.string().regex(/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "must be an exact version such as 1.2.3 (no ranges, no 'latest')");
}

/**
 * A secret value. In a stack file it must be set with `pulumi config set --secret`, so it is stored
 * encrypted (`secure:`); a plain-text value is rejected by the loader. Parsed into a `Secret`.
 */
export function secret() {
    return z
        .string()
        .min(1, "must not be empty")
        .transform((v) => new Secret(v))
        .meta({ secret: true });
}

/** An integer range such as node-pool autoscaling bounds: `min` must not exceed `max`. */
export function bounds(what: string, limits: { min: number; max: number }) {
    return z
        .strictObject({
            min: z.number().int().min(limits.min).max(limits.max).describe(`Lowest ${what}.`),
            max: z.number().int().min(limits.min).max(limits.max).describe(`Highest ${what}.`),
        })
        .refine((b) => b.min <= b.max, { message: "min must not be greater than max", path: ["min"] });
}

/** A replica count: a whole number from 1 to `max` (callers add the tier's default and the description). */
export function replicaCount(max: number) {
    return z.number().int().min(1).max(max);
}

/** Helm values: a free-form object deep-merged over the platform's own values, last. */
export const helmValues = z.record(z.string(), z.unknown());

/**
 * The settings every Helm add-on shares, extended with its typed options.
 * - `enabled`: install it at all.
 * - `version`: override the pinned chart version from modules/addons/versions.ts (exact only).
 * - `values`: Helm values deep-merged last, over everything the platform sets.
 * - `timeoutSeconds`: how long Helm waits for the release to become ready.
 */
export function addon<T extends z.ZodRawShape>(description: string, enabledByDefault: boolean, options: T) {
    return z
        .strictObject({
            enabled: z.boolean().default(enabledByDefault).describe(`Install ${description}. Default: ${enabledByDefault}.`),
            version: exactVersion().optional().describe("Chart version override (exact). Default: the version pinned in modules/addons/versions.ts."),
            values: helmValues.default({}).describe("Helm values deep-merged last, over the platform's own. Default: {}."),
            timeoutSeconds: z.number().int().min(60).max(3600).optional().describe("Helm wait timeout in seconds. Default: the add-on's realistic figure."),
            ...options,
        })
        .describe(description);
}

/** Settings shared by every add-on, after parsing. */
export interface AddonSettings {
    enabled: boolean;
    version?: string;
    values: Record<string, unknown>;
    timeoutSeconds?: number;
}
