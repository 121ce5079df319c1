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

/**
 * An image, or an image pattern ending in `*`, as a stack pulls it through its air-gap registry
 * (`platform:airgap.imageRegistry`): the registry host dropped, the path kept, Docker Hub's official
 * images under `library/` (`hashicorp/vault:*` -> `registry.corp/mirror/hashicorp/vault:*`,
 * `quay.io/org/tool:1` -> `registry.corp/mirror/org/tool:1`). The program maps every image it
 * deploys through this too (modules/addons/image-sources.ts `mirrorRepository`), so an exemption and
 * the image it exempts always agree. An image already under the registry is returned as it is.
 */
export function underImageRegistry(image: string, registry: string): string {
    const base = registry.replace(/\/+$/, "");
    if (image.startsWith(`${base}/`)) {
        return image;
    }
    const parts = image.split("/");
    const first = parts[0];
    const hasHost = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
    const path = hasHost ? parts.slice(1).join("/") : parts.length > 1 ? image : `library/${image}`;
    return `${base}/${path}`;
}

/**
 * The pack config for a stack that pulls its images through `platform:airgap.imageRegistry`: each
 * rule's `exemptImages` entries gain their form under that registry (underImageRegistry), so an image
 * the environment exempts stays exempt when the stack pulls it from its mirror (prod's W11 exempts
 * the Vault snapshot CronJob's `hashicorp/vault:*` and `rclone/rclone:*`; air-gapped, the program runs
 * `<registry>/hashicorp/vault:2.0.4`). Nothing else is exempted and no registry is approved: the
 * mirror is approved for tenants' images only where the environment lists it in `approvedRegistries`.
 */
export function withImageRegistry(pack: PackConfig, registry: string | undefined): PackConfig {
    if (!registry) {
        return pack;
    }
    const out: PackConfig = { ...pack };
    for (const [name, entry] of Object.entries(pack)) {
        if (typeof entry !== "object" || entry === null || !Array.isArray(entry.exemptImages)) {
            continue;
        }
        const listed = (entry.exemptImages as unknown[]).filter((e): e is string => typeof e === "string");
        const mirrored = listed.map((e) => underImageRegistry(e, registry)).filter((e) => !listed.includes(e));
        out[name] = { ...entry, exemptImages: [...listed, ...new Set(mirrored)] };
    }
    return out;
}

/**
 * The pack config a stack's own platform is judged by, wherever the pack runs for that stack (the
 * offline plan's CrossGuard run, the admission rules the program installs): the environment's file
 * with the stack's platform admin group allowed cluster-admin (withPlatformAdminGroup) and its
 * exempt images followed through its air-gap registry (withImageRegistry). `pulumi preview` with
 * `--policy-pack-config` reads the environment's file as it is: add the same entries there
 * (policy-pack/config/README.md).
 */
export function stackPackConfig(pack: PackConfig, stack: { platformAdminGroup?: string; imageRegistry?: string }): PackConfig {
    return withImageRegistry(withPlatformAdminGroup(pack, stack.platformAdminGroup), stack.imageRegistry);
}
