/** The plan's dependency graph as Mermaid: components as subgraphs, resources as nodes, dependencies as edges. */
import { PlannedResource } from "./model";

function label(text: string): string {
    return text.replace(/"/g, "'");
}

export function toMermaid(resources: readonly PlannedResource[]): string {
    const ids = new Map<string, string>();
    resources.forEach((r, i) => ids.set(r.urn, `r${i}`));
    const children = new Map<string, PlannedResource[]>();
    for (const r of resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const lines = ["flowchart LR"];
    const emit = (r: PlannedResource, indent: string) => {
        const kids = children.get(r.urn) ?? [];
        if (!r.custom && r.type !== "pulumi:pulumi:Stack") {
            lines.push(`${indent}subgraph ${ids.get(r.urn)}["${label(`${r.name} (${r.type})`)}"]`);
            kids.forEach((k) => emit(k, `${indent}  `));
            lines.push(`${indent}end`);
            return;
        }
        if (r.custom) {
            lines.push(`${indent}${ids.get(r.urn)}["${label(`${r.name}<br/>${r.type}`)}"]`);
        }
        kids.forEach((k) => emit(k, indent));
    };
    resources.filter((r) => !ids.has(r.parent)).forEach((r) => emit(r, "  "));
    for (const r of resources) {
        if (!r.custom) {
            continue;
        }
        for (const d of r.dependencies) {
            const from = ids.get(d);
            if (from && resources.find((x) => x.urn === d)?.custom) {
                lines.push(`  ${from} --> ${ids.get(r.urn)}`);
            }
        }
    }
    return `${lines.join("\n")}\n`;
}
