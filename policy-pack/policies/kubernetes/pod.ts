/**
 * Shared CEL building blocks for rules on the pod spec: which kinds carry one, where it sits in each,
 * and the container lists the catalogue means ("containers" = containers + initContainers +
 * ephemeralContainers).
 */
import { CelCheck, CelVariable, KindMatch, ParamSpec, lit, stringList } from "../../cel/rule";

/** Kinds whose objects carry a pod spec. */
export const WORKLOAD_KINDS: KindMatch[] = [
    { apiGroups: [""], kinds: ["Pod", "ReplicationController"] },
    { apiGroups: ["apps"], kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] },
    { apiGroups: ["batch"], kinds: ["Job", "CronJob"] },
    // Retired versions (no longer served, still written): the same pod template, checked the same way.
    { apiGroups: ["extensions"], kinds: ["Deployment", "DaemonSet", "ReplicaSet"] },
];

/** Workload kinds that run until stopped (probes and replicas make sense for them). */
export const LONG_RUNNING_KINDS: KindMatch[] = [
    { apiGroups: [""], kinds: ["Pod", "ReplicationController"] },
    { apiGroups: ["apps"], kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] },
    { apiGroups: ["extensions"], kinds: ["Deployment", "DaemonSet", "ReplicaSet"] },
];

/** `has(base.a) && has(base.a.b) && ...` for a dotted path. */
export function hasPath(base: string, path: string): string {
    const parts = path.split(".");
    return parts.map((_, i) => `has(${[base, ...parts.slice(0, i + 1)].join(".")})`).join(" && ");
}

/** True when `base.path` is set and equals `value` (a CEL literal). */
export function fieldIs(base: string, path: string, value: string): string {
    return `(${hasPath(base, path)} && ${base}.${path} == ${value})`;
}

/** Parameter: images a container-level rule does not apply to (exact, or prefix when ending in `*`). */
export const EXEMPT_IMAGES: ParamSpec = {
    schema: stringList("Images this rule does not apply to: an exact image, or a prefix ending in `*`. Default: none."),
    default: [],
};

/**
 * Variables every pod-spec rule starts with:
 * `pod` (the pod template or the Pod), `podMeta`, `podSpec`, `podSC` (pod securityContext),
 * `regularContainers`, `allContainers`, `containers` (all containers minus exempted images),
 * `isWindows` (spec.os.name == windows), `userNamespace` (spec.hostUsers == false).
 */
export const POD_VARIABLES: CelVariable[] = [
    {
        name: "pod",
        expression:
            "object.kind == 'Pod' ? object : " +
            "object.kind == 'CronJob' ? (" +
            hasPath("object", "spec.jobTemplate.spec.template") +
            " ? object.spec.jobTemplate.spec.template : {}) : (" +
            hasPath("object", "spec.template") +
            " ? object.spec.template : {})",
    },
    { name: "podMeta", expression: "has(variables.pod.metadata) ? variables.pod.metadata : {}" },
    { name: "podSpec", expression: "has(variables.pod.spec) ? variables.pod.spec : {}" },
    { name: "podSC", expression: "has(variables.podSpec.securityContext) ? variables.podSpec.securityContext : {}" },
    {
        name: "regularContainers",
        expression: "has(variables.podSpec.containers) ? variables.podSpec.containers : []",
    },
    {
        name: "allContainers",
        expression:
            "variables.regularContainers + " +
            "(has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []) + " +
            "(has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : [])",
    },
    {
        name: "exemptImages",
        expression: "has(variables.params.exemptImages) ? variables.params.exemptImages : []",
    },
    {
        name: "containers",
        expression:
            "variables.allContainers.filter(c, !(has(c.image) && variables.exemptImages.exists(e, " +
            "e.endsWith('*') ? c.image.startsWith(e.substring(0, size(e) - 1)) : c.image == e)))",
    },
    {
        name: "isWindows",
        expression: `${fieldIs("variables.podSpec", "os.name", "'windows'")}`,
    },
    {
        name: "userNamespace",
        expression: `${fieldIs("variables.podSpec", "hostUsers", "false")}`,
    },
];

/**
 * A check that fails when some container matches `bad` (a CEL predicate over `c`); the violation names
 * those containers. `list` chooses the container list (default: all containers minus exempted images).
 */
export function containerCheck(bad: string, what: string, fix: string, list = "variables.containers"): CelCheck {
    return {
        expression: `!(${list}).exists(c, ${bad})`,
        detail: `${lit(`${what}: `)} + (${list}).filter(c, ${bad}).map(c, c.name).join(', ')`,
        fix,
    };
}

/** The container's securityContext field, when set: `has(c.securityContext) && has(c.securityContext.x)`. */
export function scHas(path: string, base = "c"): string {
    return hasPath(base, `securityContext.${path}`);
}
