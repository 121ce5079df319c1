/**
 * The in-cluster half of the policy pack: its CEL rules rendered as ConstraintTemplates
 * (K8sNativeValidation engine) and Constraints, adapted to the platform: system and platform
 * namespaces excluded, enforcement from the tier (`warn` in dev, `deny` in prod), advisory rules warn.
 * The rule data comes from policy-pack (rendered there); this file only adapts it. Pure.
 */

/** A rendered ConstraintTemplate (templates.gatekeeper.sh/v1). */
export interface ConstraintTemplateSpec {
    apiVersion: string;
    kind: "ConstraintTemplate";
    metadata: { name: string; annotations?: Record<string, string> };
    spec: { crd: { spec: { names: { kind: string } } } } & Record<string, unknown>;
}

/** A rendered Constraint (constraints.gatekeeper.sh/v1beta1, kind = the template's kind). */
export interface ConstraintSpec {
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    spec: { enforcementAction?: string; match?: Record<string, unknown>; parameters?: Record<string, unknown> } & Record<string, unknown>;
}

/** One admission rule as the policy pack renders it, with its default level. */
export interface AdmissionPolicy {
    level: "mandatory" | "advisory";
    template: ConstraintTemplateSpec;
    constraint: ConstraintSpec;
    /** Kinds the rule reads from Gatekeeper's inventory (referential data): synced through the Config. Default: none. */
    sync?: readonly SyncedKind[];
}

/** A kind Gatekeeper replicates into its inventory (`Config.spec.sync.syncOnly`). */
export interface SyncedKind {
    group: string;
    version: string;
    kind: string;
}

/** Every kind any of the policies reads from the inventory, once each, in a stable order. */
export function syncedKinds(policies: readonly AdmissionPolicy[]): SyncedKind[] {
    const all = new Map<string, SyncedKind>();
    for (const k of policies.flatMap((p) => p.sync ?? [])) {
        all.set(`${k.group}/${k.version}/${k.kind}`, { ...k });
    }
    return [...all.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, k]) => k);
}

export interface ConstraintOptions {
    /** The stack's enforcement for mandatory rules (`warn` in dev, `deny` in prod by default). */
    enforcement: "deny" | "warn" | "dryrun";
    /** Namespaces no constraint applies to. */
    excludedNamespaces: string[];
}

/** Enforcement of one rule: mandatory rules take the stack's, advisory ones never deny. */
export function enforcementFor(level: AdmissionPolicy["level"], enforcement: ConstraintOptions["enforcement"]): "deny" | "warn" | "dryrun" {
    return level === "mandatory" ? enforcement : enforcement === "dryrun" ? "dryrun" : "warn";
}

/** The ConstraintTemplate, annotated so Pulumi waits until Gatekeeper has created the constraint CRD. */
export function platformTemplate(policy: AdmissionPolicy): ConstraintTemplateSpec {
    const t = policy.template;
    return { ...t, metadata: { ...t.metadata, annotations: { ...t.metadata.annotations, "pulumi.com/waitFor": "jsonpath={.status.created}=true" } } };
}

/** The Constraint with the platform's enforcement and exclusions. */
export function platformConstraint(policy: AdmissionPolicy, o: ConstraintOptions): ConstraintSpec {
    const c = policy.constraint;
    const kind = policy.template.spec.crd.spec.names.kind;
    if (c.kind !== kind) {
        throw new Error(`constraint ${c.metadata.name}: kind ${c.kind} does not match its template's kind ${kind}`);
    }
    const match = { ...(c.spec.match ?? {}) } as Record<string, unknown>;
    const already = Array.isArray(match.excludedNamespaces) ? (match.excludedNamespaces as string[]) : [];
    match.excludedNamespaces = [...new Set([...already, ...o.excludedNamespaces])].sort();
    const parameters = { ...(c.spec.parameters ?? {}) };
    if (Array.isArray(parameters.exemptNamespaces)) {
        parameters.exemptNamespaces = [...new Set([...(parameters.exemptNamespaces as string[]), ...o.excludedNamespaces])].sort();
    }
    return { ...c, spec: { ...c.spec, enforcementAction: enforcementFor(policy.level, o.enforcement), match, parameters } };
}

/**
 * Gatekeeper's Config: excluded namespaces are skipped by audit, webhook and sync alike; `sync`
 * lists the kinds referential rules read from the inventory (none: no sync section).
 */
export function gatekeeperConfig(namespace: string, excludedNamespaces: string[], sync: readonly SyncedKind[] = []) {
    return {
        apiVersion: "config.gatekeeper.sh/v1alpha1",
        kind: "Config",
        metadata: { name: "config", namespace },
        spec: {
            match: [{ excludedNamespaces: [...excludedNamespaces].sort(), processes: ["*"] }],
            ...(sync.length > 0 ? { sync: { syncOnly: sync.map((k) => ({ ...k })) } } : {}),
        },
    };
}
