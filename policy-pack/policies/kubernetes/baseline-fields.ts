/**
 * Catalogue W7: the other Pod Security Standards baseline fields (HostProcess, AppArmor, SELinux, /proc
 * mount, sysctls, probe and lifecycle hosts).
 */
import { CelRule, stringList } from "../../cel/rule";
import { EXEMPT_IMAGES, POD_VARIABLES, WORKLOAD_KINDS, containerCheck, fieldIs, hasPath, scHas } from "./pod";

/** Sysctls the Pod Security Standards (v1.37) consider safe. */
export const SAFE_SYSCTLS = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle",
    "net.ipv4.tcp_notsent_lowat",
];

/** SELinux types the baseline level allows. */
export const SELINUX_TYPES = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

const hostProcess: CelRule = {
    id: "W7",
    name: "disallow-host-process",
    description: "Windows pods must not run as HostProcess containers.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {},
    variables: POD_VARIABLES,
    checks: [
        {
            expression: `!${fieldIs("variables.podSC", "windowsOptions.hostProcess", "true")}`,
            detail: "'spec.securityContext.windowsOptions.hostProcess is true'",
            fix: "remove windowsOptions.hostProcess or set it to false.",
        },
        containerCheck(
            `${scHas("windowsOptions.hostProcess")} && c.securityContext.windowsOptions.hostProcess == true`,
            "HostProcess containers",
            "remove windowsOptions.hostProcess or set it to false.",
            "variables.allContainers",
        ),
    ],
};

const APPARMOR_OK = "['RuntimeDefault', 'Localhost']";
const APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const appArmor: CelRule = {
    id: "W7b",
    name: "restrict-apparmor-profile",
    description: "Pods must not override the AppArmor profile except with RuntimeDefault or a Localhost profile.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {},
    variables: [
        ...POD_VARIABLES,
        {
            name: "badAnnotations",
            expression:
                "has(variables.podMeta.annotations) ? variables.podMeta.annotations.filter(k, " +
                `k.startsWith('${APPARMOR_PREFIX}') && !(variables.podMeta.annotations[k] == '' || ` +
                "variables.podMeta.annotations[k] == 'runtime/default' || variables.podMeta.annotations[k].startsWith('localhost/'))) : []",
        },
    ],
    checks: [
        {
            expression: `!(${hasPath("variables.podSC", "appArmorProfile.type")}) || variables.podSC.appArmorProfile.type in ${APPARMOR_OK}`,
            detail: "'spec.securityContext.appArmorProfile.type is ' + variables.podSC.appArmorProfile.type",
            fix: "set appArmorProfile.type to RuntimeDefault or Localhost, or remove it.",
        },
        containerCheck(
            `${scHas("appArmorProfile.type")} && !(c.securityContext.appArmorProfile.type in ${APPARMOR_OK})`,
            "containers with a forbidden AppArmor profile",
            "set appArmorProfile.type to RuntimeDefault or Localhost, or remove it.",
            "variables.allContainers",
        ),
        {
            expression: "size(variables.badAnnotations) == 0",
            detail: "'forbidden AppArmor annotations: ' + variables.badAnnotations.join(', ')",
            fix: "use runtime/default or localhost/<profile> in AppArmor annotations, or remove them.",
        },
    ],
};

function seLinuxOk(opts: string): string {
    return (
        `((!has(${opts}.type) || ${opts}.type == '' || ${opts}.type in variables.params.allowedTypes) && ` +
        `(!has(${opts}.user) || ${opts}.user == '') && (!has(${opts}.role) || ${opts}.role == ''))`
    );
}
const seLinux: CelRule = {
    id: "W7c",
    name: "restrict-selinux-options",
    description: "Pods must not set a custom SELinux user or role, and only container SELinux types.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        allowedTypes: {
            schema: stringList("Allowed seLinuxOptions.type values. Default: the PSS baseline list."),
            default: SELINUX_TYPES,
        },
    },
    variables: POD_VARIABLES,
    checks: [
        {
            expression: `!has(variables.podSC.seLinuxOptions) || ${seLinuxOk("variables.podSC.seLinuxOptions")}`,
            detail: "'spec.securityContext.seLinuxOptions sets a forbidden type, user or role'",
            fix: "remove seLinuxOptions.user and .role; use an allowed container type or none.",
        },
        containerCheck(
            `${scHas("seLinuxOptions")} && !${seLinuxOk("c.securityContext.seLinuxOptions")}`,
            "containers with forbidden SELinux options",
            "remove seLinuxOptions.user and .role; use an allowed container type or none.",
            "variables.allContainers",
        ),
    ],
};

const procMount: CelRule = {
    id: "W7d",
    name: "require-default-proc-mount",
    description: "Containers must use the Default /proc mount type.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        allowUnmaskedInUserNamespace: {
            schema: {
                type: "boolean",
                description: "Allow procMount Unmasked in pods with hostUsers: false (the PSS baseline relaxation). Default: false.",
            },
            default: false,
        },
        exemptImages: EXEMPT_IMAGES,
    },
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            "!(variables.params.allowUnmaskedInUserNamespace && variables.userNamespace) && " +
                `${scHas("procMount")} && c.securityContext.procMount != 'Default'`,
            "containers with a non-default procMount",
            "remove securityContext.procMount or set it to Default.",
        ),
    ],
};

const sysctls: CelRule = {
    id: "W7e",
    name: "restrict-sysctls",
    description: "Pods may set only safe, namespaced sysctls.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        allowedSysctls: {
            schema: stringList("Allowed sysctl names (a trailing `*` is a prefix). Default: the PSS safe set."),
            default: SAFE_SYSCTLS,
        },
        rejectInjectedValues: {
            schema: {
                type: "boolean",
                description:
                    "Refuse a sysctl whose name or value holds `+` or `=`, which smuggles a second setting past the allow-list " +
                    "(CVE-2022-0811: `kernel.shm_rmid_forced=1+kernel.core_pattern=|/x`). Default: true (the PSS groups set false: the standard checks names only).",
            },
            default: true,
        },
    },
    variables: [
        ...POD_VARIABLES,
        {
            name: "badSysctls",
            expression:
                "has(variables.podSC.sysctls) ? variables.podSC.sysctls.filter(s, !variables.params.allowedSysctls.exists(a, " +
                "a.endsWith('*') ? s.name.startsWith(a.substring(0, size(a) - 1)) : s.name == a)).map(s, s.name) : []",
        },
        {
            // CRI-O (pinns) split sysctls at `+` and `=`: a value with either sets a second, unchecked sysctl.
            name: "injectedSysctls",
            expression:
                "variables.params.rejectInjectedValues == true && has(variables.podSC.sysctls) ? variables.podSC.sysctls.filter(s, " +
                "(has(s.name) && (string(s.name).contains('+') || string(s.name).contains('='))) || " +
                "(has(s.value) && (string(s.value).contains('+') || string(s.value).contains('=')))).map(s, has(s.name) ? string(s.name) : '?') : []",
        },
    ],
    checks: [
        {
            expression: "size(variables.badSysctls) == 0",
            detail: "'forbidden sysctls: ' + variables.badSysctls.join(', ')",
            fix: "remove the sysctls outside the safe set (tune the node instead).",
        },
        {
            expression: "size(variables.injectedSysctls) == 0",
            detail: "'sysctls whose name or value holds + or =, which sets another sysctl (CVE-2022-0811): ' + variables.injectedSysctls.join(', ')",
            fix: "give each sysctl its own entry with a plain value (no + or =).",
        },
    ],
};

const HANDLER_HOST = (h: string): string =>
    `((${hasPath("c", `${h}.httpGet.host`)} && c.${h}.httpGet.host != '') || ` + `(${hasPath("c", `${h}.tcpSocket.host`)} && c.${h}.tcpSocket.host != ''))`;
const probeHost: CelRule = {
    id: "W7f",
    name: "disallow-probe-host",
    description: "Probes and lifecycle hooks must target the pod itself (no host field).",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {},
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            ["livenessProbe", "readinessProbe", "startupProbe", "lifecycle.postStart", "lifecycle.preStop"].map(HANDLER_HOST).join(" || "),
            "containers whose probe or lifecycle hook sets a host",
            "remove httpGet.host / tcpSocket.host from probes and lifecycle hooks.",
            "variables.allContainers",
        ),
    ],
};

/** W7's rules. */
export const baselineFieldRules: CelRule[] = [hostProcess, appArmor, seLinux, procMount, sysctls, probeHost];
