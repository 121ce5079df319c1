/** Reads the pack's per-environment config (policy-pack/config/<env>.json), as `--policy-pack-config` would. */
import * as fs from "fs";
import * as path from "path";
import type { PackConfig } from "./engine";

export const environments = ["dev", "staging", "prod"] as const;
export type PolicyEnvironment = (typeof environments)[number];

export function packConfigPath(env: PolicyEnvironment): string {
    return path.join(__dirname, "..", "config", `${env}.json`);
}

export function loadPackConfig(env: PolicyEnvironment): PackConfig {
    return JSON.parse(fs.readFileSync(packConfigPath(env), "utf8")) as PackConfig;
}

/** The rule that allow-lists cluster-admin subjects (N4). */
export const clusterAdminRule = "restrict-cluster-admin-bindings";

/**
 * The pack config for a stack whose platform binds `adminGroup` to cluster-admin (`rbac.platformAdminGroup`):
 * the environment's config with that group added to N4's `allowedSubjects`, so the program's own
 * binding passes wherever the rule runs (the offline plan, Gatekeeper) and any other subject still
 * fails. The environment's level for the rule is kept; a disabled rule stays disabled.
 */
export function withPlatformAdminGroup(pack: PackConfig, adminGroup: string | undefined): PackConfig {
    if (!adminGroup) {
        return pack;
    }
    const entry = pack[clusterAdminRule] ?? (typeof pack.all === "string" ? pack.all : undefined);
    const base: Record<string, unknown> = typeof entry === "string" ? { enforcementLevel: entry } : { ...(entry ?? {}) };
    if (base.enforcementLevel === "disabled") {
        return pack;
    }
    const listed = Array.isArray(base.allowedSubjects) ? (base.allowedSubjects as { kind?: string; name?: string }[]) : [];
    const already = listed.some((s) => s.kind === "Group" && s.name === adminGroup && !("namespace" in s));
    return { ...pack, [clusterAdminRule]: { ...base, allowedSubjects: already ? listed : [...listed, { kind: "Group", name: adminGroup }] } };
}
