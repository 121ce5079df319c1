/** What "a tenant's roles never grant cluster-scoped rights" means, as a check shared by the tenancy tests. */

/** Cluster-scoped kinds (resource names), which a tenant role must never mention. */
export const clusterScoped = [
    "namespaces",
    "nodes",
    "persistentvolumes",
    "clusterroles",
    "clusterrolebindings",
    "storageclasses",
    "volumeattachments",
    "csidrivers",
    "csinodes",
    "customresourcedefinitions",
    "apiservices",
    "mutatingwebhookconfigurations",
    "validatingwebhookconfigurations",
    "validatingadmissionpolicies",
    "priorityclasses",
    "runtimeclasses",
    "ingressclasses",
    "gatewayclasses",
    "certificatesigningrequests",
    "componentstatuses",
    "clusterissuers",
    "selfsubjectreviews",
    "tokenreviews",
    "subjectaccessreviews",
];

interface Rule {
    apiGroups?: unknown;
    resources?: unknown;
    nonResourceURLs?: unknown;
    verbs?: unknown;
}

/** Problems that would let a rule reach beyond a namespace or escalate: cluster-scoped resources, non-resource URLs, wildcards, escalation verbs. */
export function namespacedOnlyProblems(rules: readonly Rule[]): string[] {
    const out: string[] = [];
    for (const rule of rules) {
        const resources = (rule.resources ?? []) as string[];
        const groups = (rule.apiGroups ?? []) as string[];
        const verbs = (rule.verbs ?? []) as string[];
        if (rule.nonResourceURLs !== undefined) {
            out.push(`non-resource URLs ${JSON.stringify(rule.nonResourceURLs)}`);
        }
        out.push(...resources.filter((r) => clusterScoped.includes(r.split("/")[0])).map((r) => `cluster-scoped resource ${r}`));
        out.push(...[...resources, ...groups, ...verbs].filter((x) => x === "*").map(() => "wildcard"));
        out.push(...verbs.filter((v) => ["bind", "escalate", "impersonate"].includes(v)).map((v) => `escalation verb ${v}`));
    }
    return out;
}
