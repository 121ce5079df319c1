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

/**
 * The in-cluster half of host uniqueness: a Gatekeeper ConstraintTemplate in Rego, since it needs
 * every other Ingress and HTTPRoute (Gatekeeper's referential data, `data.inventory`, filled by the
 * `sync` of Gatekeeper's Config). An Ingress or HTTPRoute may not claim a host another namespace's
 * Ingress or HTTPRoute already serves; within one namespace the tenant arranges its own routes. CEL
 * cannot express this: Gatekeeper's K8sNativeValidation engine and a native ValidatingAdmissionPolicy
 * see only the object, its old version, its Namespace, the request, the parameters and the
 * authorizer, never other objects of the cluster.
 */
export const UNIQUE_HOSTS_TEMPLATE = "k8suniquehostsacrossnamespaces";

/** What Gatekeeper must sync into its inventory for the template to see every other host. */
export const uniqueHostsSync: readonly { group: string; version: string; kind: string }[] = [
    { group: "networking.k8s.io", version: "v1", kind: "Ingress" },
    { group: "gateway.networking.k8s.io", version: "v1", kind: "HTTPRoute" },
];

/** The Rego of the template (v0 syntax, as Gatekeeper's `rego` field takes it). */
export const uniqueHostsRego = `package ${UNIQUE_HOSTS_TEMPLATE}

review_hosts[h] {
\tinput.review.kind.kind == "Ingress"
\th := input.review.object.spec.rules[_].host
}

review_hosts[h] {
\tinput.review.kind.kind == "HTTPRoute"
\th := input.review.object.spec.hostnames[_]
}

claims[[h, ns, kind, name]] {
\tobj := data.inventory.namespace[ns][_]["Ingress"][name]
\tkind := "Ingress"
\th := obj.spec.rules[_].host
}

claims[[h, ns, kind, name]] {
\tobj := data.inventory.namespace[ns][_]["HTTPRoute"][name]
\tkind := "HTTPRoute"
\th := obj.spec.hostnames[_]
}

violation[{"msg": msg}] {
\treview_hosts[h]
\th != ""
\tclaims[[h, ns, kind, name]]
\tns != input.review.object.metadata.namespace
\tmsg := sprintf("host %v is already used by %v %v/%v in another namespace; a host name belongs to one namespace", [h, kind, ns, name])
}
`;

/** The ConstraintTemplate (templates.gatekeeper.sh/v1) of in-cluster host uniqueness. */
export function uniqueHostsTemplate() {
    return {
        apiVersion: "templates.gatekeeper.sh/v1",
        kind: "ConstraintTemplate",
        metadata: {
            name: UNIQUE_HOSTS_TEMPLATE,
            annotations: {
                description:
                    "An Ingress or HTTPRoute host must not be served by another namespace (referential data: Ingresses and HTTPRoutes synced by Gatekeeper).",
                "platform.io/catalogue-id": "S4",
                "platform.io/crossguard-policy": requireUniqueIngressHosts.name,
            },
        },
        spec: {
            crd: { spec: { names: { kind: "K8sUniqueHostsAcrossNamespaces" } } },
            targets: [{ target: "admission.k8s.gatekeeper.sh", rego: uniqueHostsRego }],
        },
    };
}

/** Its Constraint, over Ingresses and HTTPRoutes, with the enforcement of a mandatory rule. */
export function uniqueHostsConstraint(level: "mandatory" | "advisory" = "mandatory") {
    return {
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind: "K8sUniqueHostsAcrossNamespaces",
        metadata: { name: "unique-hosts-across-namespaces" },
        spec: {
            enforcementAction: level === "mandatory" ? "deny" : "warn",
            match: {
                kinds: [
                    { apiGroups: ["networking.k8s.io", "extensions"], kinds: ["Ingress"] },
                    { apiGroups: ["gateway.networking.k8s.io"], kinds: ["HTTPRoute"] },
                ],
            },
            parameters: {},
        },
    };
}
