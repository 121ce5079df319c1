/**
 * Rule groups for `policy check --rules`: the catalogue's groups (kubernetes, helm, cloud, storage, stack),
 * the sections of the kubernetes group (workloads, services, namespaces-rbac), and `pss-baseline` /
 * `pss-restricted`, whose members run with the parameters that make them exactly that PSS level.
 */
import { configOf, PackConfig, PlatformPolicy } from "../lib/engine";
import { policies, policyGroups } from "../policies";
import { assertValidConfig } from "../cel/params";
import { kubernetesRules, kubernetesSections, pssGroups } from "../policies/kubernetes";

/** Every group name the CLI accepts. */
export function groupNames(): string[] {
    return [...Object.keys(policyGroups), ...Object.keys(kubernetesSections), ...Object.keys(pssGroups)];
}

export interface Selection {
    policies: PlatformPolicy[];
    config: PackConfig;
}

/**
 * The policies of `groups` (all policies when none) and the config to run them with: the environment's
 * config, except that PSS group members take the rule defaults plus the group's parameters (the level set
 * by the environment still applies). A policy in several groups runs once; the last PSS group named wins.
 * Throws an Error naming unknown groups, or every invalid Kubernetes rule parameter in the config.
 */
export function selectRules(groups: readonly string[], envConfig: PackConfig): Selection {
    assertValidConfig(kubernetesRules, envConfig);
    if (groups.length === 0) {
        return { policies: [...policies], config: envConfig };
    }
    const unknown = groups.filter((g) => !groupNames().includes(g));
    if (unknown.length > 0) {
        throw new Error(`--rules: unknown group ${unknown.join(", ")} (known: ${groupNames().join(", ")})`);
    }
    const byName = new Map(policies.map((p) => [p.name, p]));
    const chosen = new Map<string, PlatformPolicy>();
    const config: PackConfig = { ...envConfig };
    for (const group of groups) {
        const pss = pssGroups[group as keyof typeof pssGroups];
        if (pss) {
            for (const member of pss) {
                const policy = byName.get(member.name);
                if (!policy) {
                    throw new Error(`${group}: member ${member.name} is not a policy of the pack`);
                }
                chosen.set(policy.name, policy);
                const env = envConfig[policy.name];
                const level = typeof env === "string" ? env : env?.enforcementLevel;
                config[policy.name] = { ...(level ? { enforcementLevel: level } : {}), ...configOf(policy, {}), ...(member.params ?? {}) };
            }
            continue;
        }
        for (const policy of policyGroups[group] ?? kubernetesSections[group] ?? []) {
            chosen.set(policy.name, policy);
        }
    }
    return { policies: [...chosen.values()], config };
}
