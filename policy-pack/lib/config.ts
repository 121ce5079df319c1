/** Reads the pack's per-environment config (policy-pack/config/<env>.json), as `--policy-pack-config` would. */
import * as fs from "fs";
import * as path from "path";
import type { PackConfig } from "./engine";

export const environments = ["dev", "staging", "prod"] as const;
export type PolicyEnvironment = (typeof environments)[number];

/** The pack's config folder: beside lib/ in the sources, one level further up from the compiled dist/lib/. */
function configDir(): string {
    const candidates = [path.join(__dirname, "..", "config"), path.join(__dirname, "..", "..", "config")];
    return candidates.find((d) => fs.existsSync(path.join(d, "dev.json"))) ?? candidates[0];
}

export function packConfigPath(env: PolicyEnvironment): string {
    return path.join(configDir(), `${env}.json`);
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
    // The rule's own entry, else the level `all` gives every rule (kept: adding an entry must not change the level).
    const all = pack.all;
    const entry = pack[clusterAdminRule] ?? (typeof all === "string" ? all : all?.enforcementLevel);
    const base: Record<string, unknown> = typeof entry === "string" ? { enforcementLevel: entry } : { ...(entry ?? {}) };
    if (base.enforcementLevel === "disabled") {
        return pack;
    }
    const listed = Array.isArray(base.allowedSubjects) ? (base.allowedSubjects as { kind?: string; name?: string }[]) : [];
    const already = listed.some((s) => s.kind === "Group" && s.name === adminGroup && !("namespace" in s));
    return { ...pack, [clusterAdminRule]: { ...base, allowedSubjects: already ? listed : [...listed, { kind: "Group", name: adminGroup }] } };
}
