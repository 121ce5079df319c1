/**
 * Catalogue W9-W15: workload hygiene (read-only root filesystem, pinned images from approved registries,
 * resources and probes, service-account tokens, secret literals, bare pods, replicas, disruption budgets).
 */
import { CelRule, lit, stringList } from "../../cel/rule";
import { EXEMPT_IMAGES, LONG_RUNNING_KINDS, POD_VARIABLES, WORKLOAD_KINDS, containerCheck, fieldIs, hasPath, scHas } from "./pod";

const readOnlyRoot: CelRule = {
    id: "W9",
    name: "require-read-only-root-filesystem",
    description: "Containers should run with a read-only root filesystem.",
    level: "advisory",
    match: WORKLOAD_KINDS,
    params: { exemptImages: EXEMPT_IMAGES },
    variables: POD_VARIABLES,
    checks: [
        // Not on Windows pods: Kubernetes refuses readOnlyRootFilesystem there (spec.os.name: windows).
        containerCheck(
            `!variables.isWindows && !(${scHas("readOnlyRootFilesystem")} && c.securityContext.readOnlyRootFilesystem == true)`,
            "containers with a writable root filesystem",
            "set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes.",
        ),
    ],
};
/** Containers and init containers (ephemeral containers cannot set resources). */
const CONTAINERS_AND_INIT = "variables.regularContainers + (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])";

/** The image reference's last path segment (`name:tag` or `name@digest`). */
const LAST_SEGMENT = "c.image.split('/')[size(c.image.split('/')) - 1]";
/** The tag of `c.image`, '' when it has none (a digest-only reference has none either). */
const IMAGE_TAG = `(c.image.contains('@') ? '' : ${LAST_SEGMENT}.contains(':') ? ${LAST_SEGMENT}.split(':')[1] : '')`;

const pinnedTag: CelRule = {
    id: "W10",
    name: "require-pinned-image-tag",
    description: "Images must be pinned to a tag other than latest, or to a digest.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        tags: {
            schema: stringList("Tags that do not count as pinned. Default: [latest]."),
            default: ["latest"],
        },
        exemptImages: EXEMPT_IMAGES,
    },
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            `has(c.image) && !c.image.contains('@') && (${IMAGE_TAG} == '' || ${IMAGE_TAG} in variables.params.tags)`,
            "containers with an unpinned image (no tag, or a floating tag)",
            "pin the image to a version tag, or better a digest (image@sha256:...).",
        ),
    ],
};

const digest: CelRule = {
    id: "W10b",
    name: "require-image-digest",
    description: "Images should be pinned to a digest.",
    level: "advisory",
    match: WORKLOAD_KINDS,
    params: { exemptImages: EXEMPT_IMAGES },
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            "has(c.image) && !c.image.matches('@[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$')",
            "containers whose image has no digest",
            "reference the image by digest (image:tag@sha256:...).",
        ),
    ],
};

const approvedRegistries: CelRule = {
    id: "W11",
    name: "require-approved-registries",
    description: "Images must come from an approved registry.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        approvedRegistries: {
            schema: stringList(
                "Approved registries or repository prefixes (`registry.example.com`, `ghcr.io/org/`, `prefix*`); " +
                    "an entry matches the image itself or anything under it. Empty: no restriction. Default: [].",
            ),
            default: [],
        },
        exemptImages: EXEMPT_IMAGES,
    },
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            "has(c.image) && size(variables.params.approvedRegistries) > 0 && !variables.params.approvedRegistries.exists(r, " +
                "r.endsWith('*') ? c.image.startsWith(r.substring(0, size(r) - 1)) : " +
                "r.endsWith('/') ? c.image.startsWith(r) : " +
                "(c.image == r || c.image.startsWith(r + '/') || c.image.startsWith(r + ':') || c.image.startsWith(r + '@')))",
            "containers with an image from an unapproved registry",
            "pull the image from an approved registry (mirror it there).",
        ),
    ],
};

const requests: CelRule = {
    id: "W12",
    name: "require-resource-requests",
    description: "Containers must request CPU and memory.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        requests: {
            schema: stringList("Resources every container must request. Default: [cpu, memory]."),
            default: ["cpu", "memory"],
        },
    },
    variables: POD_VARIABLES,
    checks: [
        // A limit counts as the request: the API server defaults a Pod's missing request to its limit, so
        // admission (which sees the defaulted Pod) and preview (which sees the inputs) agree.
        containerCheck(
            `variables.params.requests.exists(r, !(${hasPath("c", "resources.requests")} && r in c.resources.requests) && ` +
                `!(${hasPath("c", "resources.limits")} && r in c.resources.limits))`,
            "containers missing resource requests",
            "set resources.requests.cpu and resources.requests.memory.",
            CONTAINERS_AND_INIT,
        ),
    ],
};

const limits: CelRule = {
    id: "W12b",
    name: "require-memory-limit",
    description: "Containers should set a memory limit.",
    level: "advisory",
    match: WORKLOAD_KINDS,
    params: {
        limits: {
            schema: stringList("Resources every container should limit. Default: [memory]."),
            default: ["memory"],
        },
    },
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            `variables.params.limits.exists(r, !(${hasPath("c", "resources.limits")} && r in c.resources.limits))`,
            "containers missing resource limits",
            "set resources.limits.memory (equal to the request is safest).",
            CONTAINERS_AND_INIT,
        ),
    ],
};

const probes: CelRule = {
    id: "W12c",
    name: "require-probes",
    description: "Long-running containers should have readiness and liveness probes.",
    level: "advisory",
    match: LONG_RUNNING_KINDS,
    params: {
        probes: {
            schema: stringList("Probes every container should define. Default: [readinessProbe, livenessProbe]."),
            default: ["readinessProbe", "livenessProbe"],
        },
        probeTypes: {
            schema: stringList("Probe handlers that count. Default: [tcpSocket, httpGet, exec, grpc]."),
            default: ["tcpSocket", "httpGet", "exec", "grpc"],
        },
    },
    variables: [
        ...POD_VARIABLES,
        {
            name: "probeMissing",
            expression:
                "variables.regularContainers.filter(c, variables.params.probes.exists(p, " +
                "!(p == 'readinessProbe' ? has(c.readinessProbe) && variables.params.probeTypes.exists(t, t in c.readinessProbe) : " +
                "p == 'livenessProbe' ? has(c.livenessProbe) && variables.params.probeTypes.exists(t, t in c.livenessProbe) : " +
                "p == 'startupProbe' ? has(c.startupProbe) && variables.params.probeTypes.exists(t, t in c.startupProbe) : true)))",
        },
    ],
    checks: [
        {
            expression: "size(variables.probeMissing) == 0",
            detail: "'containers missing probes: ' + variables.probeMissing.map(c, c.name).join(', ')",
            fix: "add a readinessProbe and a livenessProbe (httpGet, tcpSocket, grpc or exec).",
        },
    ],
};

const automount: CelRule = {
    id: "W13",
    name: "disallow-service-account-token-automount",
    description: "Pods should not mount a service-account token unless they call the Kubernetes API.",
    level: "advisory",
    match: WORKLOAD_KINDS,
    params: {},
    variables: POD_VARIABLES,
    checks: [
        {
            expression: fieldIs("variables.podSpec", "automountServiceAccountToken", "false"),
            detail: "'spec.automountServiceAccountToken is not false'",
            fix: "set automountServiceAccountToken: false (or mount a projected token only where needed).",
        },
    ],
};

const dedicatedSa: CelRule = {
    id: "W13b",
    name: "require-dedicated-service-account",
    description: "Pods should run under their own service account, not the namespace's default one.",
    level: "advisory",
    match: WORKLOAD_KINDS,
    params: {},
    variables: POD_VARIABLES,
    checks: [
        {
            expression:
                "has(variables.podSpec.serviceAccountName) && variables.podSpec.serviceAccountName != '' && " +
                "variables.podSpec.serviceAccountName != 'default'",
            detail: "'the pod runs as the default service account'",
            fix: "create a ServiceAccount for the workload and set spec.serviceAccountName.",
        },
    ],
};

/**
 * Secrets recognised by their form, with prefixes specific enough to keep false positives rare: PEM private
 * keys (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP), AWS access key ids (AKIA/ASIA...), GitHub tokens
 * (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab personal tokens, Slack tokens (xoxb-, xoxp-, ...),
 * Stripe live secret keys, npm tokens, Google API keys and JWTs (header and payload both JSON objects).
 */
export const SECRET_VALUE_PATTERN = [
    "-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----",
    "(^|[^A-Z0-9])(AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[A-Z0-9]{16}([^A-Z0-9]|$)",
    "gh[pousr]_[A-Za-z0-9]{36,}",
    "github_pat_[A-Za-z0-9_]{60,}",
    "glpat-[A-Za-z0-9_-]{20,}",
    "xox[abposr]-[A-Za-z0-9-]{10,}",
    "sk_live_[A-Za-z0-9]{24,}",
    "npm_[A-Za-z0-9]{36}",
    "AIza[A-Za-z0-9_-]{35}",
    "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}",
].join("|");

const secretEnv: CelRule = {
    id: "W14",
    name: "disallow-secret-literals-in-env",
    description: "Secrets must not be written as literal env values.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        namePattern: {
            schema: {
                type: "string",
                description:
                    "RE2 pattern of env names that hold secrets. Default: names ending in password, passwd, pwd, secret, token, " +
                    "api key, private key or credentials (DB_PASSWORD, CLIENT_SECRET; not SECRET_NAME or TOKEN_URL).",
            },
            default: "(?i)(^|[_.-])(password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key|credentials?)$",
        },
        valuePattern: {
            schema: {
                type: "string",
                description:
                    "RE2 pattern of env values that are secrets whatever the variable is called: PEM private keys, AWS access key " +
                    "ids, GitHub, GitLab, Slack, Stripe, npm and Google API tokens, JWTs. Empty: no value check.",
            },
            default: SECRET_VALUE_PATTERN,
        },
    },
    variables: POD_VARIABLES,
    checks: [
        containerCheck(
            "has(c.env) && c.env.exists(e, has(e.value) && e.value != '' && e.name.matches(variables.params.namePattern))",
            "containers with secret-looking literal env values",
            "move the value into a Secret and reference it with env[].valueFrom.secretKeyRef.",
            "variables.allContainers",
        ),
        containerCheck(
            "variables.params.valuePattern != '' && has(c.env) && c.env.exists(e, has(e.value) && type(e.value) == string && " +
                "e.value.matches(variables.params.valuePattern))",
            "containers with a private key or access token as a literal env value",
            "revoke the credential, then move it into a Secret and reference it with env[].valueFrom.secretKeyRef.",
            "variables.allContainers",
        ),
    ],
};

const barePods: CelRule = {
    id: "W15",
    name: "disallow-bare-pods",
    description: "Pods should be managed by a controller (Deployment, StatefulSet, DaemonSet, Job).",
    level: "advisory",
    match: [{ apiGroups: [""], kinds: ["Pod"] }],
    params: {},
    variables: [],
    checks: [
        {
            expression: "has(object.metadata) && has(object.metadata.ownerReferences) && size(object.metadata.ownerReferences) > 0",
            detail: lit("the Pod has no controller"),
            fix: "wrap the pod template in a Deployment (or StatefulSet, DaemonSet, Job).",
        },
    ],
};

const replicas: CelRule = {
    id: "W15b",
    name: "require-min-replicas",
    description: "Replicated workloads should run at least the minimum number of replicas.",
    level: "advisory",
    match: [{ apiGroups: ["apps"], kinds: ["Deployment", "StatefulSet", "ReplicaSet"] }],
    params: {
        minReplicas: {
            schema: { type: "integer", minimum: 1, description: "Minimum replicas. Default: 2 (set 1 for dev)." },
            default: 2,
        },
    },
    variables: [],
    checks: [
        {
            // An unset replicas field means 1. A HorizontalPodAutoscaler may own replicas: set minReplicas there.
            expression: "(has(object.spec) && has(object.spec.replicas) ? object.spec.replicas : 1) >= variables.params.minReplicas",
            detail: "'replicas is ' + string(has(object.spec) && has(object.spec.replicas) ? object.spec.replicas : 1) + ', fewer than ' + string(variables.params.minReplicas)",
            fix: "raise spec.replicas (and spread the pods with topologySpreadConstraints).",
        },
    ],
};

const pdb: CelRule = {
    id: "W15c",
    name: "require-pdb-allows-eviction",
    description: "A PodDisruptionBudget must be valid and allow at least one pod to be evicted, or node drains block.",
    level: "advisory",
    match: [{ apiGroups: ["policy"], kinds: ["PodDisruptionBudget"] }],
    params: {},
    variables: [],
    checks: [
        ...(["maxUnavailable", "minAvailable"] as const).map((field) => {
            const v = `object.spec.${field}`;
            return {
                // The API server takes a count of 0 or more or a percentage from 0% to 100%; anything else
                // (a negative count, 150%, "-1", "half") is refused at admission.
                expression:
                    `!(has(object.spec) && has(${v})) || (type(${v}) == int ? ${v} >= 0 : ` +
                    `type(${v}) == string && ${v}.matches('^[0-9]+%$') && int(${v}.substring(0, size(${v}) - 1)) <= 100)`,
                detail: `'${field} is ' + (type(${v}) == string ? ${v} : string(${v}))`,
                fix: `set ${field} to a count of 0 or more or a percentage from 0% to 100% (the API server refuses other values).`,
            };
        }),
        {
            expression: "!(has(object.spec) && has(object.spec.maxUnavailable) && string(object.spec.maxUnavailable) in ['0', '0%'])",
            detail: "'maxUnavailable is ' + string(object.spec.maxUnavailable)",
            fix: "set maxUnavailable to 1 or more.",
        },
        {
            expression: "!(has(object.spec) && has(object.spec.minAvailable) && string(object.spec.minAvailable) == '100%')",
            detail: "'minAvailable is 100%'",
            fix: "set minAvailable below the replica count (or use maxUnavailable: 1).",
        },
    ],
};

/** W9-W15, in catalogue order. */
export const workloadRules: CelRule[] = [
    readOnlyRoot,
    pinnedTag,
    digest,
    approvedRegistries,
    requests,
    limits,
    probes,
    automount,
    dedicatedSa,
    secretEnv,
    barePods,
    replicas,
    pdb,
];
