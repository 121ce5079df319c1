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
