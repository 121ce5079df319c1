/**
 * Runs the Gatekeeper library samples (gatekeeper-library/<group>/<template>/samples/<case>/) through the
 * pack: for every template the pack covers, the corresponding policy runs with the constraint's parameters
 * (translated to the policy's parameter names where they differ); `example_allowed*` must pass and
 * `example_disallowed*` must be flagged. `example_inventory*` objects are the cluster's existing objects
 * for referential templates.
 */
import * as fs from "fs";
import * as path from "path";
import { EngineResource, runPolicies } from "../../../policy-pack/lib/engine";
import { policies } from "../../../policy-pack/policies";
import { pulumiType } from "../../../policy-pack/cli/load";
import { readObjects, Score } from "./corpus";

type Params = Record<string, unknown>;
/** Policies (with their parameters) that together implement a template under a constraint's parameters. */
type Mapping = (p: Params) => Record<string, Params>;

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const exempt = (p: Params) => ({ exemptImages: list(p.exemptImages) });

/** Gatekeeper library template (`<group>/<template>`) -> the pack's policies with translated parameters. */
export const TEMPLATE_MAP: Record<string, Mapping> = {
    "pod-security-policy/privileged-containers": (p) => ({ "disallow-privileged-containers": exempt(p) }),
    "pod-security-policy/host-namespaces": () => ({ "disallow-host-namespaces": {} }),
    "pod-security-policy/host-network-ports": (p) => ({
        "disallow-host-network-and-ports": { hostNetwork: p.hostNetwork === true, min: p.min ?? 0, max: p.max ?? 0, ...exempt(p) },
    }),
    "pod-security-policy/host-filesystem": (p) => ({ "disallow-host-path-volumes": { allowedHostPaths: p.allowedHostPaths ?? [] } }),
    "pod-security-policy/capabilities": (p) => ({
        "require-drop-all-capabilities": {
            allowedCapabilities: list(p.allowedCapabilities),
            requiredDropCapabilities: list(p.requiredDropCapabilities),
            ...exempt(p),
        },
    }),
    "pod-security-policy/allow-privilege-escalation": (p) => ({ "disallow-privilege-escalation": exempt(p) }),
    "pod-security-policy/users": () => ({ "require-run-as-non-root": {} }),
    "pod-security-policy/seccompv2": (p) => ({
        "require-seccomp-profile": {
            allowedProfiles: list(p.allowedProfiles),
            allowedLocalhostFiles: p.allowedLocalhostFiles ? list(p.allowedLocalhostFiles) : ["*"],
            ...exempt(p),
        },
    }),
    "pod-security-policy/apparmor": () => ({ "restrict-apparmor-profile": {} }),
    "pod-security-policy/selinux": (p) => ({
        "restrict-selinux-options": {
            allowedTypes: (Array.isArray(p.allowedSELinuxOptions) ? p.allowedSELinuxOptions : []).flatMap((o: { type?: string }) =>
                o.type ? [o.type] : [],
            ),
        },
    }),
    "pod-security-policy/proc-mount": (p) => ({ "require-default-proc-mount": exempt(p) }),
    "pod-security-policy/forbidden-sysctls": (p) => ({ "restrict-sysctls": { allowedSysctls: list(p.allowedSysctls) } }),
    "pod-security-policy/host-process": () => ({ "disallow-host-process": {} }),
    "pod-security-policy/host-probes-lifecycle": () => ({ "disallow-probe-host": {} }),
    "pod-security-policy/volumes": (p) => ({ "restrict-volume-types": { volumes: list(p.volumes) } }),
    "pod-security-policy/read-only-root-filesystem": (p) => ({ "require-read-only-root-filesystem": exempt(p) }),
    "general/disallowedtags": (p) => ({ "require-pinned-image-tag": { tags: list(p.tags), ...exempt(p) } }),
    "general/imagedigests": (p) => ({ "require-image-digest": exempt(p) }),
    // allowedrepos matches plain prefixes; allowedreposv2 matches `prefix*` globs or exact images.
    "general/allowedrepos": (p) => ({ "require-approved-registries": { approvedRegistries: list(p.repos).map((r) => `${r}*`) } }),
    "general/allowedreposv2": (p) => ({ "require-approved-registries": { approvedRegistries: list(p.allowedImages) } }),
    "general/containerrequests": () => ({ "require-resource-requests": { requests: ["cpu", "memory"] } }),
    "general/containerlimits": (p) => ({
        "require-memory-limit": { limits: String(p.cpu) === "-1" ? ["memory"] : ["cpu", "memory"] },
    }),
    "general/containerresources": (p) => ({
        "require-resource-requests": { requests: list(p.requests) },
        "require-memory-limit": { limits: list(p.limits) },
    }),
    "general/requiredprobes": (p) => ({ "require-probes": { probes: list(p.probes), probeTypes: list(p.probeTypes) } }),
    "general/automount-serviceaccount-token": () => ({ "disallow-service-account-token-automount": {} }),
    "general/poddisruptionbudget": () => ({ "require-pdb-allows-eviction": {} }),
    "general/replicalimits": (p) => ({
        "require-min-replicas": { minReplicas: (p.ranges as { min_replicas?: number }[] | undefined)?.[0]?.min_replicas ?? 1 },
    }),
    "general/block-nodeport-services": () => ({ "disallow-nodeport-services": {} }),
    "general/block-loadbalancer-services": () => ({ "restrict-loadbalancer-services": {} }),
    "general/externalip": (p) => ({ "disallow-external-ips": { allowedIPs: list(p.allowedIPs) } }),
    "general/httpsonly": (p) => ({ "require-https-ingress": { tlsOptional: p.tlsOptional === true } }),
    "general/block-wildcard-ingress": () => ({ "disallow-wildcard-ingress-hosts": {} }),
    "general/uniqueingresshost": () => ({ "require-unique-ingress-hosts": {} }),
    "general/disallowanonymous": (p) => ({
        "disallow-anonymous-bindings": { allowedRoles: list(p.allowedRoles), disallowAuthenticated: p.disallowAuthenticated === true },
    }),
};

function toResources(objects: Record<string, unknown>[], prefix: string): EngineResource[] {
    return objects.map((o, i) => {
        const type = pulumiType(String(o.apiVersion), String(o.kind));
        const name = (o.metadata as { name?: string } | undefined)?.name ?? `${prefix}-${i}`;
        return { urn: `urn:pulumi:gk::conformance::${type}::${prefix}-${i}`, type, name, props: o };
    });
}

/**
 * What a sample file expects: "flag", "pass", or undefined when it is not a case. The required cases are
 * `example_disallowed*` / `example_allowed*`; with `extended`, also upstream's other clearly named cases
 * (`disallowed_*`, `*-disallowed`, `*-allowed`, files in a `disallowed/` folder).
 */
export function expectation(relative: string, extended: boolean): "flag" | "pass" | undefined {
    const base = path.basename(relative, ".yaml");
    if (base.startsWith("example_disallowed")) return "flag";
    if (base.startsWith("example_allowed")) return "pass";
    if (!extended || base.startsWith("example_") || base === "constraint" || base === "update") return undefined;
    if (relative.split(path.sep).includes("disallowed") || base.startsWith("disallowed_") || base.endsWith("-disallowed")) return "flag";
    if (base.endsWith("-allowed")) return "pass";
    return undefined;
}

/** Sample files of a case folder, relative to it (one level of subfolders). */
function sampleFiles(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .sort()
        .flatMap((f) =>
            fs.statSync(path.join(dir, f)).isDirectory() ? fs.readdirSync(path.join(dir, f)).sort().map((g) => path.join(f, g)) : [f],
        );
}

/** The score of one template's samples (every case folder under samples/). */
export async function templateScore(corpus: string, template: string, extended = false): Promise<Score> {
    const score: Score = { corpus: `gatekeeper-library/${template}`, passed: 0, total: 0, misses: [] };
    const mapping = TEMPLATE_MAP[template];
    const samples = path.join(corpus, "gatekeeper-library", template, "samples");
    for (const sample of fs.readdirSync(samples).sort()) {
        const dir = path.join(samples, sample);
        const constraintFile = path.join(dir, "constraint.yaml");
        const constraintObj = fs.existsSync(constraintFile) ? readObjects(constraintFile)[0] : undefined;
        const params = ((constraintObj?.spec as { parameters?: Params } | undefined)?.parameters ?? {}) as Params;
        const wanted = mapping(params);
        const selected = policies.filter((p) => p.name in wanted);
        const files = sampleFiles(dir);
        const inventory = files.filter((f) => f.startsWith("example_inventory")).flatMap((f) => readObjects(path.join(dir, f)));
        for (const file of files) {
            const expected = expectation(file, extended);
            if (!expected) continue;
            const resources = [...toResources(inventory, "inventory"), ...toResources(readObjects(path.join(dir, file)), "case")];
            const caseUrns = new Set(resources.filter((r) => r.urn.includes("::case-")).map((r) => r.urn));
            const violations = await runPolicies(selected, resources, { config: wanted as never });
            const flagged = violations.some((v) => caseUrns.has(v.urn));
            score.total++;
            if (flagged === (expected === "flag")) {
                score.passed++;
            } else {
                score.misses.push(`${sample}/${file}: ${expected === "flag" ? "not flagged" : `flagged: ${violations.map((v) => v.message).join(" | ")}`}`);
            }
        }
    }
    return score;
}
