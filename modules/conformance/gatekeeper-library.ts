/**
 * How the Gatekeeper library (shared/corpus/gatekeeper-library/<group>/<template>/samples/<case>/) maps
 * onto the pack: for every library template the pack covers, the pack's policies that together implement
 * it, with the sample constraint's parameters translated to the policies' parameter names where they
 * differ. Used by the pack's own corpus tests (tests/policy-pack/conformance) and by the conformance
 * suite's CEL parity (modules/conformance/corpora.ts).
 */
import * as fs from "fs";
import * as path from "path";

export type Params = Record<string, unknown>;
/** Policies (with their parameters) that together implement a template under a constraint's parameters. */
export type Mapping = (p: Params) => Record<string, Params>;

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
export function sampleFiles(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .sort()
        .flatMap((f) =>
            fs.statSync(path.join(dir, f)).isDirectory() ? fs.readdirSync(path.join(dir, f)).sort().map((g) => path.join(f, g)) : [f],
        );
}

