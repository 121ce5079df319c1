/**
 * Catalogue S4 (second half): an Ingress host is served by one Ingress only. Two Ingresses claiming the
 * same host make routing depend on controller internals (and let one tenant hijack another's traffic).
 * This needs every Ingress of the stack at once, so it is a stack policy (Gatekeeper's equivalent uses
 * referential data, which CEL cannot read).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { kubernetesKind } from "../../cel/policy";

interface IngressLike {
    metadata?: { name?: string; namespace?: string };
    spec?: { rules?: { host?: string }[] };
}

/** An Ingress and how to name it in a message (its `namespace/name`, or its resource name when auto-named). */
export interface IngressEntry {
    id: string;
    ingress: IngressLike;
}

/** Hosts claimed by more than one Ingress: host -> the ids of its claimants. */
export function duplicateIngressHosts(entries: readonly IngressEntry[]): Map<string, string[]> {
    const owners = new Map<string, Set<string>>();
    for (const { id, ingress } of entries) {
        for (const rule of ingress.spec?.rules ?? []) {
            if (typeof rule.host === "string" && rule.host !== "") {
                owners.set(rule.host, (owners.get(rule.host) ?? new Set()).add(id));
            }
        }
    }
    return new Map([...owners].filter(([, ids]) => ids.size > 1).map(([host, ids]) => [host, [...ids].sort()]));
}

export const requireUniqueIngressHosts: StackValidationPolicy = {
    name: "require-unique-ingress-hosts",
    description: "[S4] Each Ingress host must be claimed by one Ingress only across the stack.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        // Identity is the URN: auto-named Ingresses have no metadata.name at preview.
        const entries = args.resources
            .filter((r) => kubernetesKind(r.type)?.kind === "Ingress")
            .map((r) => {
                const ingress = r.props as IngressLike;
                const name = ingress.metadata?.name ?? r.name;
                return { urn: r.urn, id: `${ingress.metadata?.namespace ?? "default"}/${name}`, ingress };
            });
        for (const [host, ids] of duplicateIngressHosts(entries)) {
            for (const e of entries.filter((x) => ids.includes(x.id))) {
                reportViolation(
                    `host ${host} is claimed by ${ids.join(", ")}. ` +
                        "Each Ingress host must be claimed by one Ingress only. Fix: serve the host from one Ingress (add paths to it).",
                    e.urn,
                );
            }
        }
    },
};
