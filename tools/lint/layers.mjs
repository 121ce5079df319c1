// The project's layering, as an ESLint rule: each source file belongs to a layer, and may import only
// from its own layer and the layers below it. Runtime code (what `pulumi up` loads) never imports
// tooling (the offline plan, bench, delivery, conformance, tools/); the policy pack never imports the
// program. A wrong-way import fails the lint step, naming both layers.
import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

/**
 * Layers from the bottom up. A file may import its own layer and any layer listed in `may`.
 * Paths are relative to the repository root; the first matching prefix wins.
 */
export const layers = [
    { name: "policy-pack", prefixes: ["policy-pack/"], may: [] },
    { name: "lib", prefixes: ["modules/lib/"], may: [] },
    // The pinned versions (charts, EKS managed add-ons): data config (version overrides), the cluster
    // modules and the add-ons share.
    { name: "versions", prefixes: ["modules/addons/versions.ts"], may: [] },
    { name: "config", prefixes: ["modules/config/"], may: ["lib", "versions"] },
    { name: "cluster", prefixes: ["modules/cluster/"], may: ["lib", "config", "versions"] },
    { name: "addons", prefixes: ["modules/addons/"], may: ["lib", "config", "versions", "cluster", "policy-pack"] },
    { name: "tenancy", prefixes: ["modules/tenancy/"], may: ["lib", "config", "versions", "cluster", "addons", "policy-pack"] },
    { name: "platform", prefixes: ["modules/platform/", "index.ts"], may: ["lib", "config", "versions", "cluster", "addons", "tenancy"] },
    // Tooling: may use the whole runtime; the runtime never uses it.
    {
        name: "tooling",
        prefixes: ["modules/plan/", "modules/bench/", "modules/delivery/", "modules/conformance/", "tools/"],
        may: ["lib", "config", "versions", "cluster", "addons", "tenancy", "platform", "policy-pack"],
    },
];

/** The layer of a repository-relative path, or undefined (tests, docs, dependencies). */
export function layerOf(relative) {
    const p = relative.split(path.sep).join("/");
    const bare = p.replace(/\.(ts|js|mjs)$/, "");
    return layers.find((l) => l.prefixes.some((prefix) => (prefix.endsWith("/") ? `${p}/`.startsWith(prefix) : bare === prefix.replace(/\.ts$/, ""))));
}

/** Why importing `target` from `source` (both repository-relative) breaks the layering, or undefined. */
export function violation(source, target) {
    const from = layerOf(source);
    const to = layerOf(target);
    if (!from || !to || from === to || from.may.includes(to.name)) {
        return undefined;
    }
    const why =
        to.name === "tooling"
            ? "runtime code must not load tooling"
            : from.name === "policy-pack"
              ? "the policy pack never imports the program"
              : `${from.name} is below ${to.name}`;
    return `${source} (${from.name}) must not import ${target} (${to.name}): ${why}`;
}

const rule = {
    meta: { type: "problem", docs: { description: "imports follow the project's layers (tools/lint/layers.mjs)" }, schema: [] },
    create(context) {
        const file = context.filename ?? context.getFilename();
        const source = path.relative(root, file);
        const check = (node, spec) => {
            if (typeof spec !== "string" || !spec.startsWith(".")) {
                return;
            }
            const target = path.relative(root, path.resolve(path.dirname(file), spec));
            const message = violation(source, target);
            if (message) {
                context.report({ node, message });
            }
        };
        return {
            ImportDeclaration: (node) => check(node, node.source.value),
            ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
            ExportAllDeclaration: (node) => check(node, node.source.value),
            ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
            CallExpression: (node) => {
                if (node.callee.type === "Identifier" && node.callee.name === "require" && node.arguments[0]?.type === "Literal") {
                    check(node, node.arguments[0].value);
                }
            },
        };
    },
};

export default { rules: { layers: rule } };
