/**
 * The platform's own Falco rules, appended to Falco's default rules: an interactive or scripted shell
 * in a tenant container, writes below /etc in any container, and reads of a mounted service-account
 * token by a shell. "Tenant" means any namespace that is not Kubernetes' own or the platform's. Pure.
 */

/** Falco's priorities, highest first; the index is the number Falco's metrics label them with (`priority="3"` is error). */
export const falcoPriorities = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"] as const;
export type FalcoPriority = (typeof falcoPriorities)[number];

/** The Alertmanager severity an event of each priority raises, through Falcosidekick and through the Prometheus rules alike. */
export type AlertSeverity = "critical" | "warning" | "info";

/**
 * Priority -> severity. Error and above page (critical): the platform's own ERROR rule (a write below
 * /etc in a container) is a compromise indicator. Warning is a warning. Notice and below are
 * informational (Falcosidekick's default says `information`; the platform's Alertmanager inhibits
 * and routes `info`).
 */
export const falcoSeverity: Record<FalcoPriority, AlertSeverity> = {
    emergency: "critical",
    alert: "critical",
    critical: "critical",
    error: "critical",
    warning: "warning",
    notice: "info",
    informational: "info",
    debug: "info",
};

/** The number Falco's metrics label a priority with. */
export function priorityNumber(p: FalcoPriority): number {
    return falcoPriorities.indexOf(p);
}

/** Falcosidekick's `alertmanager.customseveritymap`: every priority with the platform's severity. */
export function sidekickSeverityMap(): string {
    return falcoPriorities.map((p) => `${p}:${falcoSeverity[p]}`).join(",");
}

/**
 * The Prometheus alert levels for Falco's rule counters: for each severity the platform's own rules
 * raise, the priorities (as Falco's metrics number them) that raise it. Derived from the rules'
 * priorities and `falcoSeverity`, so the thresholds cannot drift from the rules.
 */
export function falcoAlertLevels(): { severity: AlertSeverity; priorities: number[] }[] {
    const used = new Set(platformRulePriorities().map((p) => falcoSeverity[p]));
    const lowest = Math.max(...platformRulePriorities().map(priorityNumber));
    return (["critical", "warning", "info"] as const)
        .filter((severity) => used.has(severity))
        .map((severity) => ({
            severity,
            priorities: falcoPriorities
                .map((p, i) => [p, i] as const)
                .filter(([p, i]) => falcoSeverity[p] === severity && i <= lowest)
                .map(([, i]) => i),
        }));
}

/** A Falco list literal: `(a, b, c)` with names quoted. */
function list(items: string[]): string {
    return `[${items.map((i) => `"${i}"`).join(", ")}]`;
}

export const platformRuleNames = ["Shell in a tenant container", "Write below /etc in a container", "Service account token read by a shell"] as const;

/** Each platform rule's priority (the rules file below uses exactly these). */
export const platformRulePriority: Record<(typeof platformRuleNames)[number], FalcoPriority> = {
    "Shell in a tenant container": "warning",
    "Write below /etc in a container": "error",
    "Service account token read by a shell": "warning",
};

/** The priorities the platform's own rules use. */
export function platformRulePriorities(): FalcoPriority[] {
    return platformRuleNames.map((n) => platformRulePriority[n]);
}

/** The rules file (YAML) mounted into /etc/falco/rules.d. Uses only the default ruleset's `spawned_process` and `container` macros. */
export function platformFalcoRules(nonTenantNamespaces: string[]): string {
    const namespaces = [...new Set(nonTenantNamespaces)].sort();
    return `# Platform rules (modules/addons/security/falco/rules.ts). Generated: do not edit in the cluster.
- list: platform_namespaces
  items: ${list(namespaces)}

- list: platform_shell_binaries
  items: [ash, bash, csh, dash, fish, ksh, sh, tcsh, zsh]

- macro: platform_tenant_container
  condition: (container and k8s.ns.name exists and not k8s.ns.name in (platform_namespaces))

- rule: ${platformRuleNames[0]}
  desc: A shell started inside a container of a tenant namespace (kubectl exec, a reverse shell, an injected script).
  condition: spawned_process and platform_tenant_container and proc.name in (platform_shell_binaries)
  output: Shell in tenant container (user=%user.name ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name shell=%proc.name parent=%proc.pname cmdline=%proc.cmdline image=%container.image.repository)
  priority: ${platformRulePriority[platformRuleNames[0]].toUpperCase()}
  tags: [platform, container, shell, mitre_execution]

- rule: ${platformRuleNames[1]}
  desc: A file below /etc opened for writing inside a container; images are immutable, configuration comes from ConfigMaps.
  condition: evt.type in (open, openat, openat2) and evt.is_open_write=true and fd.typechar='f' and fd.name startswith /etc/ and container
  output: File below /etc opened for writing (file=%fd.name ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name process=%proc.name cmdline=%proc.cmdline image=%container.image.repository)
  priority: ${platformRulePriority[platformRuleNames[1]].toUpperCase()}
  tags: [platform, container, filesystem, mitre_persistence]

- rule: ${platformRuleNames[2]}
  desc: A shell in a tenant container read the mounted Kubernetes service-account token (credential access).
  condition: evt.type in (open, openat, openat2) and evt.is_open_read=true and fd.name startswith /var/run/secrets/kubernetes.io/serviceaccount/ and platform_tenant_container and proc.name in (platform_shell_binaries)
  output: Service account token read by a shell (file=%fd.name ns=%k8s.ns.name pod=%k8s.pod.name process=%proc.name cmdline=%proc.cmdline)
  priority: ${platformRulePriority[platformRuleNames[2]].toUpperCase()}
  tags: [platform, container, credentials, mitre_credential_access]
`;
}
