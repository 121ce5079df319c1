import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { asArray, asObject, asString, isUnknownAt, Props } from "../../lib/inputs";

export const namespaceType = "kubernetes:core/v1:Namespace";
export const networkPolicyType = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
export const resourceQuotaType = "kubernetes:core/v1:ResourceQuota";
export const limitRangeType = "kubernetes:core/v1:LimitRange";

/** The label the tenancy module puts on every tenant namespace (value: the tenant's name). */
export const defaultTenantLabel = "platform.io/tenant";

type Direction = "Ingress" | "Egress";

interface Params {
    tenantLabel?: string;
    denyDirections?: Direction[];
}

/** True for a selector that selects every pod: absent, or with no labels and no expressions. */
function selectsAll(selector: unknown): boolean {
    const s = asObject(selector);
    if (!s) {
        return true;
    }
    const labels = asObject(s.matchLabels);
    const expressions = asArray(s.matchExpressions);
    return (!labels || Object.keys(labels).length === 0) && (!expressions || expressions.length === 0);
}

/** The directions a NetworkPolicy denies by default: it selects every pod and allows nothing in them. */
export function defaultDenyDirections(props: Props): Direction[] {
    const spec = asObject(props.spec) ?? {};
    if (!selectsAll(spec.podSelector)) {
        return [];
    }
    const ingress = asArray(spec.ingress) ?? [];
    const egress = asArray(spec.egress) ?? [];
    const declared = asArray(spec.policyTypes) as string[] | undefined;
    const types = declared ?? (["Ingress", ...(egress.length > 0 ? ["Egress"] : [])] as string[]);
    const out: Direction[] = [];
    if (types.includes("Ingress") && ingress.length === 0) {
        out.push("Ingress");
    }
    if (types.includes("Egress") && egress.length === 0) {
        out.push("Egress");
    }
    return out;
}

/** The namespace a namespaced resource lands in: its metadata.namespace, or the namespace resource it depends on. */
function namespaceOf(r: PolicyResource, namespaces: Map<string, string>): string | undefined {
    if (!isUnknownAt(r.props, "metadata.namespace")) {
        const ns = asString(asObject(r.props.metadata)?.namespace);
        if (ns) {
            return ns;
        }
    }
    for (const d of r.dependencies) {
        const name = namespaces.get(d.urn);
        if (name) {
            return name;
        }
    }
    return undefined;
}

/** N2: every tenant namespace comes with default-deny NetworkPolicies, a ResourceQuota and a LimitRange. */
export const requireTenantNamespaceBaseline: StackValidationPolicy = {
    name: "require-tenant-namespace-baseline",
    description: "Every tenant namespace has a default-deny NetworkPolicy (ingress and egress), a ResourceQuota and a LimitRange in the same stack.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            tenantLabel: {
                type: "string",
                default: defaultTenantLabel,
                description: "Namespaces carrying this label are tenant namespaces. Default: platform.io/tenant.",
            },
            denyDirections: {
                type: "array",
                items: { type: "string", enum: ["Ingress", "Egress"] },
                default: ["Ingress", "Egress"],
                description: "Traffic directions a tenant namespace must deny by default. Default: Ingress and Egress.",
            },
        },
    },
    validateStack: (args, report) => {
        const { tenantLabel = defaultTenantLabel, denyDirections = ["Ingress", "Egress"] } = args.getConfig<Params>();
        const tenants = new Map<string, { urn: string; name: string }>();
        const namespaceByUrn = new Map<string, string>();
        for (const r of args.resources) {
            if (r.type !== namespaceType) {
                continue;
            }
            const metadata = asObject(r.props.metadata) ?? {};
            const name = isUnknownAt(metadata, "name") ? undefined : asString(metadata.name);
            if (name) {
                namespaceByUrn.set(r.urn, name);
            }
            const labels = asObject(metadata.labels) ?? {};
            if (name && tenantLabel in labels) {
                tenants.set(name, { urn: r.urn, name });
            }
        }
        if (tenants.size === 0) {
            args.notApplicable("no tenant namespaces in this stack");
        }
        const denied = new Map<string, Set<Direction>>();
        const quotas = new Set<string>();
        const limits = new Set<string>();
        for (const r of args.resources) {
            if (r.type !== networkPolicyType && r.type !== resourceQuotaType && r.type !== limitRangeType) {
                continue;
            }
            const ns = namespaceOf(r, namespaceByUrn);
            if (!ns || !tenants.has(ns)) {
                continue;
            }
            if (r.type === resourceQuotaType) {
                quotas.add(ns);
            } else if (r.type === limitRangeType) {
                limits.add(ns);
            } else {
                const set = denied.get(ns) ?? new Set<Direction>();
                defaultDenyDirections(r.props).forEach((d) => set.add(d));
                denied.set(ns, set);
            }
        }
        for (const { urn, name } of tenants.values()) {
            const missingDeny = denyDirections.filter((d) => !denied.get(name)?.has(d));
            if (missingDeny.length > 0) {
                report(
                    `Tenant namespace '${name}' has no default-deny NetworkPolicy for ${missingDeny.join(" and ")}; add one with an empty podSelector, policyTypes ${JSON.stringify(missingDeny)} and no rules, then allow the traffic the tenant needs.`,
                    urn,
                );
            }
            if (!quotas.has(name)) {
                report(`Tenant namespace '${name}' has no ResourceQuota; add one that caps requests, limits and object counts.`, urn);
            }
            if (!limits.has(name)) {
                report(`Tenant namespace '${name}' has no LimitRange; add one with default requests and limits for containers.`, urn);
            }
        }
    },
};
