/**
 * A component-level view of a plan's dependency graph for the PR comment: one node per component
 * (cluster, each add-on, each tenant) with its resource count, one edge where a resource in one
 * component waits for a resource in another. The full resource graph (`--graph`) is too large to
 * read in a comment; it goes in the artifact.
 */
import type { PlannedResource } from "../plan/model";

export interface ComponentNode {
    urn: string;
    name: string;
    type: string;
    /** Custom resources directly owned by this component (not by a nested component). */
    resources: number;
}

export interface ComponentGraph {
    nodes: ComponentNode[];
    /** `[from, to]` component URNs: `to` waits for `from`. */
    edges: [string, string][];
}

const stackType = "pulumi:pulumi:Stack";

/** Groups custom resources by their nearest component and lifts dependencies to component edges. */
export function componentGraph(resources: readonly PlannedResource[]): ComponentGraph {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const owner = (r: PlannedResource): string => {
        let p = byUrn.get(r.parent);
        while (p && p.custom) {
            p = byUrn.get(p.parent);
        }
        return p ? p.urn : "";
    };
    const counts = new Map<string, number>();
    for (const r of resources) {
        if (r.custom) {
            const o = owner(r);
            counts.set(o, (counts.get(o) ?? 0) + 1);
        }
    }
    const nodes: ComponentNode[] = resources
        .filter((r) => !r.custom && (counts.get(r.urn) ?? 0) > 0)
        .map((r) => ({ urn: r.urn, name: r.type === stackType ? "(stack)" : r.name, type: r.type, resources: counts.get(r.urn) ?? 0 }));
    const known = new Set(nodes.map((n) => n.urn));
    const edges = new Map<string, [string, string]>();
    for (const r of resources) {
        if (!r.custom) {
            continue;
        }
        const to = owner(r);
        for (const d of r.dependencies) {
            const dep = byUrn.get(d);
            if (!dep) {
                continue;
            }
            const from = dep.custom ? owner(dep) : d;
            if (from !== to && known.has(from) && known.has(to)) {
                edges.set(`${from}\u0000${to}`, [from, to]);
            }
        }
    }
    return { nodes, edges: [...edges.values()] };
}

function label(text: string): string {
    return text.replace(/["`<>]/g, "'");
}

/** The component graph as a Mermaid flowchart. */
export function componentMermaid(graph: ComponentGraph): string {
    const ids = new Map(graph.nodes.map((n, i) => [n.urn, `c${i}`]));
    const lines = ["flowchart LR"];
    for (const n of graph.nodes) {
        const kind = n.type.split(":").pop() ?? n.type;
        lines.push(`  ${ids.get(n.urn)}["${label(n.name)}<br/>${label(kind)} · ${n.resources} resource${n.resources === 1 ? "" : "s"}"]`);
    }
    for (const [from, to] of graph.edges) {
        lines.push(`  ${ids.get(from)} --> ${ids.get(to)}`);
    }
    return lines.join("\n");
}
