/**
 * The platform's own Falco rules, appended to Falco's default rules: an interactive or scripted shell
 * in a tenant container, writes below /etc in any container, and reads of a mounted service-account
 * token by a shell. "Tenant" means any namespace that is not Kubernetes' own or the platform's. Pure.
 */

/** A Falco list literal: `(a, b, c)` with names quoted. */
function list(items: string[]): string {
    return `[${items.map((i) => `"${i}"`).join(", ")}]`;
}

export const platformRuleNames = ["Shell in a tenant container", "Write below /etc in a container", "Service account token read by a shell"] as const;

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
  priority: WARNING
  tags: [platform, container, shell, mitre_execution]

- rule: ${platformRuleNames[1]}
  desc: A file below /etc opened for writing inside a container; images are immutable, configuration comes from ConfigMaps.
  condition: evt.type in (open, openat, openat2) and evt.is_open_write=true and fd.typechar='f' and fd.name startswith /etc/ and container
  output: File below /etc opened for writing (file=%fd.name ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name process=%proc.name cmdline=%proc.cmdline image=%container.image.repository)
  priority: ERROR
  tags: [platform, container, filesystem, mitre_persistence]

- rule: ${platformRuleNames[2]}
  desc: A shell in a tenant container read the mounted Kubernetes service-account token (credential access).
  condition: evt.type in (open, openat, openat2) and evt.is_open_read=true and fd.name startswith /var/run/secrets/kubernetes.io/serviceaccount/ and platform_tenant_container and proc.name in (platform_shell_binaries)
  output: Service account token read by a shell (file=%fd.name ns=%k8s.ns.name pod=%k8s.pod.name process=%proc.name cmdline=%proc.cmdline)
  priority: WARNING
  tags: [platform, container, credentials, mitre_credential_access]
`;
}
