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
