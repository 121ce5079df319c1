/**
 * Catalogue W1-W8: the pod-security rules (W7, the other baseline fields, in ./baseline-fields.ts).
 * Together, with the parameters in ./pss.ts, they are exactly the Pod Security Standards controls at
 * v1.37, baseline and restricted.
 */
import { CelRule, stringList } from "../../cel/rule";
import { baselineFieldRules } from "./baseline-fields";
import { EXEMPT_IMAGES, POD_VARIABLES, WORKLOAD_KINDS, containerCheck, fieldIs, hasPath, scHas } from "./pod";

/** Capabilities the baseline level lets a container add (the container runtime's default set). */
export const BASELINE_CAPABILITIES = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/** Volume types the restricted level allows. */
export const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"];

/** Every volume source of core/v1 Volume. */
const ALL_VOLUME_TYPES = [
    ...RESTRICTED_VOLUME_TYPES,
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
];

const VOLUMES = "(has(variables.podSpec.volumes) ? variables.podSpec.volumes : [])";

const privileged: CelRule = {
    id: "W1",
    name: "disallow-privileged-containers",
    description: "Containers must not run privileged.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: { exemptImages: EXEMPT_IMAGES },
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            `${scHas("privileged")} && c.securityContext.privileged == true`,
            "privileged containers",
            "remove securityContext.privileged or set it to false.",
        ),
    ],
};

const hostNamespaces: CelRule = {
    id: "W2",
    name: "disallow-host-namespaces",
    description: "Pods must not share the host's PID or IPC namespace.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {},
    variables: POD_VARIABLES,
    checks: ["hostPID", "hostIPC"].map((field) => ({
        expression: `!${fieldIs("variables.podSpec", field, "true")}`,
        detail: `'spec.${field} is true'`,
        fix: `remove spec.${field} or set it to false.`,
    })),
};

const hostNetworkPorts: CelRule = {
    id: "W2b",
    name: "disallow-host-network-and-ports",
    description: "Pods must not use the host network, and containers must not bind host ports.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        hostNetwork: {
            schema: { type: "boolean", description: "Allow spec.hostNetwork: true. Default: false." },
            default: false,
        },
        min: {
            schema: { type: "integer", description: "Lowest allowed hostPort (inclusive). Default: 0 (none allowed)." },
            default: 0,
        },
        max: {
            schema: { type: "integer", description: "Highest allowed hostPort (inclusive). Default: 0 (none allowed)." },
            default: 0,
        },
        exemptImages: EXEMPT_IMAGES,
    },
    variables: POD_VARIABLES,
    checks: [
        {
            expression: `variables.params.hostNetwork == true || !${fieldIs("variables.podSpec", "hostNetwork", "true")}`,
            detail: "'spec.hostNetwork is true'",
            fix: "remove spec.hostNetwork or set it to false.",
        },
        containerCheck(
            "has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0 && " +
                "(p.hostPort < variables.params.min || p.hostPort > variables.params.max))",
            "containers with a forbidden hostPort",
            "remove ports[].hostPort (expose the pod through a Service instead).",
        ),
    ],
};

const hostPath: CelRule = {
    id: "W2c",
    name: "disallow-host-path-volumes",
    description: "Pods must not mount hostPath volumes.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        allowedHostPaths: {
            schema: {
                type: "array",
                description: "hostPath prefixes allowed by exception; readOnly: every mount must be read-only. Default: none.",
                items: {
                    type: "object",
                    properties: { pathPrefix: { type: "string" }, readOnly: { type: "boolean" } },
                },
            },
            default: [],
        },
    },
    variables: [
        ...POD_VARIABLES,
        {
            name: "badHostPaths",
            expression:
                `${VOLUMES}.filter(v, has(v.hostPath) && !variables.params.allowedHostPaths.exists(a, ` +
                "has(a.pathPrefix) && has(v.hostPath.path) && " +
                "(v.hostPath.path == a.pathPrefix || v.hostPath.path.startsWith(a.pathPrefix.endsWith('/') ? a.pathPrefix : a.pathPrefix + '/')) && " +
                "(!has(a.readOnly) || a.readOnly == false || variables.allContainers.all(c, !has(c.volumeMounts) || " +
                "c.volumeMounts.all(m, m.name != v.name || (has(m.readOnly) && m.readOnly == true))))))",
        },
    ],
    checks: [
        {
            expression: "size(variables.badHostPaths) == 0",
            detail: "'hostPath volumes: ' + variables.badHostPaths.map(v, v.name).join(', ')",
            fix: "use a persistentVolumeClaim, configMap, secret or emptyDir volume instead of hostPath.",
        },
    ],
};

const capabilities: CelRule = {
    id: "W3",
    name: "require-drop-all-capabilities",
    description: "Containers must drop ALL capabilities and add back at most NET_BIND_SERVICE.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        allowedCapabilities: {
            schema: stringList("Capabilities a container may add (`*`: any). Default: [NET_BIND_SERVICE]."),
            default: ["NET_BIND_SERVICE"],
        },
        requiredDropCapabilities: {
            schema: stringList("Capabilities every container must drop (dropping ALL covers all). Default: [ALL]."),
            default: ["ALL"],
        },
        exemptImages: EXEMPT_IMAGES,
    },
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            `${scHas("capabilities.add")} && !('*' in variables.params.allowedCapabilities) && ` +
                "c.securityContext.capabilities.add.exists(x, !(x in variables.params.allowedCapabilities))",
            "containers adding forbidden capabilities",
            "remove securityContext.capabilities.add entries other than NET_BIND_SERVICE.",
        ),
        // Windows pods are exempt from the drop requirement (capabilities are a Linux feature).
        containerCheck(
            "!variables.isWindows && variables.params.requiredDropCapabilities.exists(d, " +
                `!(${scHas("capabilities.drop")} && (d in c.securityContext.capabilities.drop || 'ALL' in c.securityContext.capabilities.drop)))`,
            "containers not dropping ALL capabilities",
            'set securityContext.capabilities.drop: ["ALL"].',
        ),
    ],
};

const privilegeEscalation: CelRule = {
    id: "W4",
    name: "disallow-privilege-escalation",
    description: "Containers must set allowPrivilegeEscalation: false.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: { exemptImages: EXEMPT_IMAGES },
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            `!variables.isWindows && !(${scHas("allowPrivilegeEscalation")} && c.securityContext.allowPrivilegeEscalation == false)`,
            "containers allowing privilege escalation",
            "set securityContext.allowPrivilegeEscalation: false.",
        ),
    ],
};

const nonRoot: CelRule = {
    id: "W5",
    name: "require-run-as-non-root",
    description: "Containers must run as non-root: runAsNonRoot true (pod or every container) and no runAsUser 0.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: { exemptImages: EXEMPT_IMAGES },
    variables: [...POD_VARIABLES, { name: "podNonRoot", expression: fieldIs("variables.podSC", "runAsNonRoot", "true") }],
    // A pod in its own user namespace (hostUsers: false) is not root on the node: PSS relaxes both checks.
    checks: [
        {
            expression: `variables.userNamespace || !${fieldIs("variables.podSC", "runAsNonRoot", "false")}`,
            detail: "'spec.securityContext.runAsNonRoot is false'",
            fix: "set spec.securityContext.runAsNonRoot: true.",
        },
        containerCheck(
            `!variables.userNamespace && (${scHas("runAsNonRoot")} ? c.securityContext.runAsNonRoot == false : !variables.podNonRoot)`,
            "containers that may run as root",
            "set runAsNonRoot: true in the pod securityContext (and not false in any container).",
        ),
        {
            expression: `variables.userNamespace || !${fieldIs("variables.podSC", "runAsUser", "0")}`,
            detail: "'spec.securityContext.runAsUser is 0'",
            fix: "set runAsUser to a non-zero UID, or remove it.",
        },
        containerCheck(
            `!variables.userNamespace && ${scHas("runAsUser")} && c.securityContext.runAsUser == 0`,
            "containers with runAsUser 0",
            "set runAsUser to a non-zero UID, or remove it.",
        ),
    ],
};

// Profile validity is the same predicate for the pod and for each container.
function profileOk(sc: string): string {
    return (
        `(${sc}.seccompProfile.type in variables.params.allowedProfiles && ` +
        `(${sc}.seccompProfile.type != 'Localhost' || '*' in variables.params.allowedLocalhostFiles || ` +
        `(has(${sc}.seccompProfile.localhostProfile) && ${sc}.seccompProfile.localhostProfile in variables.params.allowedLocalhostFiles)))`
    );
}

const seccomp: CelRule = {
    id: "W6",
    name: "require-seccomp-profile",
    description: "Pods must use the RuntimeDefault or a Localhost seccomp profile (pod or every container).",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        allowedProfiles: {
            schema: stringList("Allowed seccompProfile types; `not configured` also allows leaving it unset. Default: [RuntimeDefault, Localhost]."),
            default: ["RuntimeDefault", "Localhost"],
        },
        allowedLocalhostFiles: {
            schema: stringList("Allowed localhostProfile files (`*`: any). Default: [*]."),
            default: ["*"],
        },
        exemptImages: EXEMPT_IMAGES,
    },
    variables: [
        ...POD_VARIABLES,
        // Windows pods are exempt from having to set a profile (seccomp is a Linux feature).
        { name: "requireSet", expression: "!('not configured' in variables.params.allowedProfiles) && !variables.isWindows" },
        { name: "podProfileSet", expression: hasPath("variables.podSC", "seccompProfile.type") },
    ],
    checks: [
        {
            expression: `!variables.podProfileSet || ${profileOk("variables.podSC")}`,
            detail: "'spec.securityContext.seccompProfile.type is ' + variables.podSC.seccompProfile.type",
            fix: "set seccompProfile.type to RuntimeDefault (or Localhost with an allowed profile).",
        },
        containerCheck(
            `${scHas("seccompProfile.type")} && !${profileOk("c.securityContext")}`,
            "containers with a forbidden seccomp profile",
            "set seccompProfile.type to RuntimeDefault (or Localhost with an allowed profile).",
        ),
        containerCheck(
            `variables.requireSet && !variables.podProfileSet && !(${scHas("seccompProfile.type")})`,
            "containers without a seccomp profile",
            "set spec.securityContext.seccompProfile.type: RuntimeDefault.",
        ),
    ],
};

const volumeTypesExpr = `[${ALL_VOLUME_TYPES.map((t) => `has(v.${t}) ? '${t}' : ''`).join(", ")}].filter(t, t != '')`;
const volumeTypes: CelRule = {
    id: "W8",
    name: "restrict-volume-types",
    description: "Pods may use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        volumes: {
            schema: stringList("Allowed volume types (`*`: any). Default: the PSS restricted list."),
            default: RESTRICTED_VOLUME_TYPES,
        },
    },
    variables: [
        ...POD_VARIABLES,
        {
            name: "badVolumes",
            expression: `'*' in variables.params.volumes ? [] : ${VOLUMES}.filter(v, ${volumeTypesExpr}.exists(t, !(t in variables.params.volumes)))`,
        },
    ],
    checks: [
        {
            expression: "size(variables.badVolumes) == 0",
            detail: "'volumes of a forbidden type: ' + variables.badVolumes.map(v, v.name).join(', ')",
            fix: "use a persistentVolumeClaim (backed by a StorageClass) or another allowed volume type.",
        },
    ],
};

/** W1-W8, in catalogue order. */
export const podSecurityRules: CelRule[] = [
    privileged,
    hostNamespaces,
    hostNetworkPorts,
    hostPath,
    capabilities,
    privilegeEscalation,
    nonRoot,
    seccomp,
    ...baselineFieldRules,
    volumeTypes,
];
