/**
 * Catalogue N1 and N3-N7: Pod Security Admission labels, no workloads in system namespaces, and RBAC
 * (cluster-admin, wildcards, anonymous subjects, escalation verbs). N2 is a stack check (policy-cloud).
 */
import { CelRule, ParamSpec, stringList } from "../../cel/rule";
import { WORKLOAD_KINDS } from "./pod";

const RBAC = "rbac.authorization.k8s.io";

/** Parameter: role names a rule does not apply to (reviewed exceptions). */
function exemptRoles(description: string): ParamSpec {
    return { schema: stringList(description), default: [] };
}
const ROLES = [{ apiGroups: [RBAC], kinds: ["Role", "ClusterRole"] }];
const BINDINGS = [{ apiGroups: [RBAC], kinds: ["RoleBinding", "ClusterRoleBinding"] }];
const RULES = "(has(object.rules) ? object.rules : [])";
const SUBJECTS = "(has(object.subjects) ? object.subjects : [])";
const ROLE_NAME = "(has(object.metadata) && has(object.metadata.name) ? object.metadata.name : '')";
const ENFORCE = "pod-security.kubernetes.io/enforce";

const psaLabels: CelRule = {
    id: "N1",
    name: "require-pod-security-labels",
    description: `Namespaces must enforce the restricted Pod Security Standard (label ${ENFORCE}), unless allow-listed for another level.`,
    level: "mandatory",
    match: [{ apiGroups: [""], kinds: ["Namespace"] }],
    params: {
        level: {
            schema: { type: "string", enum: ["baseline", "restricted"], description: "Level every namespace must enforce. Default: restricted." },
            default: "restricted",
        },
        exceptions: {
            schema: {
                type: "array",
                description: "Namespaces allowed a lower level (e.g. a node agent's namespace at privileged). Default: none.",
                items: {
                    type: "object",
                    properties: { namespace: { type: "string" }, level: { type: "string", enum: ["privileged", "baseline", "restricted"] } },
                },
            },
            default: [],
        },
    },
    variables: [
        { name: "name", expression: "has(object.metadata) && has(object.metadata.name) ? object.metadata.name : ''" },
        {
            name: "enforce",
            expression: `has(object.metadata) && has(object.metadata.labels) && '${ENFORCE}' in object.metadata.labels ? object.metadata.labels['${ENFORCE}'] : ''`,
        },
        {
            name: "allowed",
            expression:
                "variables.params.exceptions.exists(e, e.namespace == variables.name) ? " +
                "variables.params.exceptions.filter(e, e.namespace == variables.name).map(e, e.level) : " +
                "(variables.params.level == 'baseline' ? ['baseline', 'restricted'] : ['restricted'])",
        },
    ],
    checks: [
        {
            expression: "variables.enforce in variables.allowed",
            detail: `'namespace ' + variables.name + (variables.enforce == '' ? ' has no ${ENFORCE} label' : ' enforces ' + variables.enforce)`,
            fix: `label the namespace ${ENFORCE}: restricted (or add an exception in the policy config).`,
        },
    ],
};

const systemNamespaces: CelRule = {
    id: "N3",
    name: "disallow-workloads-in-system-namespaces",
    description: "Workloads must not run in the default or kube-system namespace.",
    level: "mandatory",
    match: WORKLOAD_KINDS,
    params: {
        forbiddenNamespaces: {
            schema: stringList("Namespaces workloads must not use. Default: [default, kube-system]."),
            default: ["default", "kube-system"],
        },
    },
    variables: [],
    checks: [
        {
            // Only an explicit namespace is checked: manifests without one are placed at apply time.
            expression: "!(has(object.metadata) && has(object.metadata.namespace) && object.metadata.namespace in variables.params.forbiddenNamespaces)",
            detail: "'the workload is in namespace ' + object.metadata.namespace",
            fix: "deploy it to a tenant namespace.",
        },
    ],
};

const clusterAdmin: CelRule = {
    id: "N4",
    name: "restrict-cluster-admin-bindings",
    description:
        "cluster-admin must be bound only to allow-listed subjects (a binding to any role named cluster-admin, ClusterRole or a namespaced Role, counts).",
    level: "mandatory",
    match: BINDINGS,
    params: {
        allowedSubjects: {
            schema: {
                type: "array",
                description: "Subjects that may hold cluster-admin (kind, name, and namespace for a ServiceAccount). Default: none.",
                items: {
                    type: "object",
                    properties: { kind: { type: "string" }, name: { type: "string" }, namespace: { type: "string" } },
                },
            },
            default: [],
        },
    },
    variables: [
        {
            name: "badSubjects",
            expression:
                // A namespaced Role named cluster-admin is judged like the ClusterRole: the name is what reviewers trust.
                "has(object.roleRef) && object.roleRef.kind in ['ClusterRole', 'Role'] && object.roleRef.name == 'cluster-admin' ? " +
                `${SUBJECTS}.filter(s, !variables.params.allowedSubjects.exists(a, a.kind == s.kind && a.name == s.name && ` +
                "(!has(a.namespace) || (has(s.namespace) && a.namespace == s.namespace)))).map(s, s.kind + ' ' + s.name) : []",
        },
    ],
    checks: [
        {
            expression: "size(variables.badSubjects) == 0",
            detail: "'cluster-admin bound to ' + variables.badSubjects.join(', ')",
            fix: "bind a narrower role, or add the subject to allowedSubjects after review.",
        },
    ],
};

const wildcards: CelRule = {
    id: "N5",
    name: "disallow-rbac-wildcards",
    description: "Roles must not grant wildcard verbs, resources or API groups.",
    level: "mandatory",
    match: ROLES,
    params: {
        exemptRoles: exemptRoles("Role names allowed to use wildcards (reviewed exceptions). Default: none."),
        readOnlyClusterRoles: {
            schema: stringList(
                "ClusterRole names allowed wildcard resources and API groups when every rule only reads (get, list, watch): a preview or drift-check reader. " +
                    "Default: [platform-preview] (the platform's role for `pipeline.previewIdentity`).",
            ),
            default: ["platform-preview"],
        },
    },
    variables: [],
    checks: [
        {
            expression:
                `${ROLE_NAME} in variables.params.exemptRoles || ` +
                `(object.kind == 'ClusterRole' && ${ROLE_NAME} in variables.params.readOnlyClusterRoles && ` +
                `${RULES}.all(r, has(r.verbs) && r.verbs.all(v, v in ['get', 'list', 'watch']))) || !${RULES}.exists(r, ` +
                "(has(r.verbs) && '*' in r.verbs) || (has(r.resources) && r.resources.exists(x, x == '*' || x.endsWith('/*'))) || " +
                "(has(r.apiGroups) && '*' in r.apiGroups))",
            detail: "'a rule uses * in verbs, resources or apiGroups'",
            fix: "list the exact verbs, resources and API groups the role needs.",
        },
    ],
};

const anonymous: CelRule = {
    id: "N6",
    name: "disallow-anonymous-bindings",
    description: "Roles must not be bound to system:anonymous or system:unauthenticated.",
    level: "mandatory",
    match: BINDINGS,
    params: {
        allowedRoles: {
            schema: stringList("Roles that may be bound to anonymous users (e.g. a public discovery role). Default: none."),
            default: [],
        },
        disallowAuthenticated: {
            schema: { type: "boolean", description: "Also forbid binding system:authenticated. Default: false." },
            default: false,
        },
    },
    variables: [
        {
            name: "forbidden",
            expression:
                "variables.params.disallowAuthenticated ? ['system:anonymous', 'system:unauthenticated', 'system:authenticated'] : " +
                "['system:anonymous', 'system:unauthenticated']",
        },
    ],
    checks: [
        {
            expression:
                "(has(object.roleRef) && object.roleRef.name in variables.params.allowedRoles) || " + `!${SUBJECTS}.exists(s, s.name in variables.forbidden)`,
            detail: "'bound to ' + " + `${SUBJECTS}.filter(s, s.name in variables.forbidden).map(s, s.name).join(', ')`,
            fix: "remove the anonymous/unauthenticated subject.",
        },
    ],
};

const ESCALATION_VERBS = "['escalate', 'bind', 'impersonate']";
const escalation: CelRule = {
    id: "N7",
    name: "disallow-rbac-escalation-verbs",
    description: "Roles must not grant escalate, bind or impersonate.",
    level: "mandatory",
    match: ROLES,
    params: {
        exemptRoles: exemptRoles("Role names allowed these verbs (reviewed exceptions). Default: none."),
    },
    variables: [],
    checks: [
        {
            expression: `${ROLE_NAME} in variables.params.exemptRoles || !${RULES}.exists(r, has(r.verbs) && r.verbs.exists(v, v in ${ESCALATION_VERBS}))`,
            detail:
                "'a rule grants ' + " +
                `${RULES}.map(r, has(r.verbs) ? r.verbs.filter(v, v in ${ESCALATION_VERBS}) : []).filter(l, size(l) > 0).map(l, l.join(', ')).join('; ')`,
            fix: "remove escalate, bind and impersonate; grant the specific roles instead.",
        },
    ],
};

const READ_VERBS = "['get', 'list', 'watch']";
const secretsExec: CelRule = {
    id: "N7b",
    name: "restrict-secret-read-and-pod-exec",
    description: "Roles that read Secrets or exec into pods deserve review.",
    level: "advisory",
    match: ROLES,
    params: {
        exemptRoles: exemptRoles("Role names reviewed and allowed these permissions. Default: none."),
    },
    variables: [
        {
            name: "coreRules",
            expression: `${RULES}.filter(r, !has(r.apiGroups) || '' in r.apiGroups)`,
        },
    ],
    checks: [
        {
            expression:
                `${ROLE_NAME} in variables.params.exemptRoles || !variables.coreRules.exists(r, has(r.resources) && 'secrets' in r.resources && ` +
                `has(r.verbs) && r.verbs.exists(v, v in ${READ_VERBS}))`,
            detail: "'a rule reads secrets'",
            fix: "read only the Secrets needed (resourceNames), or mount them into the pod instead.",
        },
        {
            expression:
                `${ROLE_NAME} in variables.params.exemptRoles || !variables.coreRules.exists(r, has(r.resources) && ` +
                "r.resources.exists(x, x in ['pods/exec', 'pods/attach']) && has(r.verbs) && r.verbs.exists(v, v in ['create', 'get']))",
            detail: "'a rule allows pods/exec or pods/attach'",
            fix: "grant exec only to break-glass roles.",
        },
    ],
};

/** N1, N3-N7, in catalogue order. */
export const namespaceRbacRules: CelRule[] = [psaLabels, systemNamespaces, clusterAdmin, wildcards, anonymous, escalation, secretsExec];
