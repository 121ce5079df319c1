/**
 * The Kubernetes objects of a shipped stack, as its offline plan registers them, in dependency order.
 *
 * - Which stacks: every shipped stack (stacks/ and examples/stacks/), as modules/config shippedStacks
 *   lists them.
 * - Which resources: custom resources of a Kubernetes object type (`kubernetes:<group>/<version>:<Kind>`),
 *   not Helm releases (`kubernetes:helm.sh/...`, applied by Helm, not as objects), not components, not
 *   providers, not cloud resources.
 * - Inputs: the plan's redacted inputs. A secret ("[secret]") or a value known only at apply time becomes
 *   a placeholder of the same shape (the unredacted value is only used to learn that shape): a string
 *   placeholder, base64 where the field is a Secret's `data`, placeholders in every string of a secret
 *   list or map. No secret value ever reaches the API server or the output.
 * - Pulumi annotations (pulumi.com/*) stay on the object, as the provider sends them (they are valid
 *   annotations); `pulumi.com/patchForce` and `pulumi.com/patchFieldManager` of Patch resources are read
 *   as the provider reads them (force, field manager).
 */
import { shippedStacks as shippedStackNames, readStackFile, stackFilePath } from "../config";
import { evaluateProgram, RecordedResource } from "../plan";
import { redactedSecret, unknownMarker } from "../plan/decode";
import type { KubeObject } from "./kube";

export interface ShippedStack {
    name: string;
    file: string;
}

/** Every stack the project ships (stacks/ and examples/stacks/, as modules/config lists them), with its file. */
export function shippedStacks(): ShippedStack[] {
    return shippedStackNames().map((name) => ({ name, file: stackFilePath(name) }));
}

export interface StackObject {
    urn: string;
    /** Pulumi type token, e.g. kubernetes:apps/v1:Deployment. */
    type: string;
    object: KubeObject;
    /** A `...Patch` resource: it changes an object someone else created. */
    patch: boolean;
    force: boolean;
    fieldManager?: string;
    /** Paths (a.b[0].c) where a secret or an apply-time value was replaced by a placeholder. */
    placeholders: string[];
}

/** What stands where a string secret or unknown stood. Valid as a name, a label value and most strings. */
export const placeholder = "conformance-placeholder";
const placeholderBase64 = Buffer.from(placeholder).toString("base64");

const kubeType = /^kubernetes:([^:/]+)\/([^:/]+):([A-Za-z0-9]+)$/;

/** Whether a recorded resource is a Kubernetes object the suite submits. */
export function isKubernetesObject(r: Pick<RecordedResource, "type" | "custom">): boolean {
    const m = kubeType.exec(r.type);
    return r.custom && m !== null && m[1] !== "helm.sh";
}

/** A placeholder with the shape of `shape` (the unredacted value, or undefined for unknowns). */
function shaped(shape: unknown, base64: boolean): unknown {
    if (Array.isArray(shape)) {
        return shape.map((v) => shaped(v, base64));
    }
    if (shape !== null && typeof shape === "object") {
        return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, shaped(v, base64)]));
    }
    if (typeof shape === "string" || shape === undefined) {
        return base64 ? placeholderBase64 : placeholder;
    }
    return shape; // numbers and booleans carry no secret text; keep them so the field validates
}

function substitute(inputs: unknown, props: unknown, path: string, kind: string, found: string[]): unknown {
    if (inputs === redactedSecret || inputs === unknownMarker) {
        found.push(path);
        const base64 = kind === "Secret" && /^data\b/.test(path);
        return shaped(props, base64);
    }
    if (Array.isArray(inputs)) {
        return inputs.map((v, i) => substitute(v, Array.isArray(props) ? props[i] : undefined, `${path}[${i}]`, kind, found));
    }
    if (inputs !== null && typeof inputs === "object") {
        const p = props !== null && typeof props === "object" ? (props as Record<string, unknown>) : {};
        return Object.fromEntries(
            Object.entries(inputs).map(([k, v]) => [k, substitute(v, p[k], path === "" ? k : `${path}.${k}`, kind, found)]),
        );
    }
    return inputs;
}

/** The submitted form of one recorded Kubernetes resource. */
export function toStackObject(r: RecordedResource): StackObject {
    const m = kubeType.exec(r.type) as RegExpExecArray;
    const [, group, version, typeKind] = m;
    const patch = typeKind.endsWith("Patch");
    const kind = patch ? typeKind.slice(0, -"Patch".length) : typeKind;
    const placeholders: string[] = [];
    const object = substitute(r.inputs, r.props, "", kind, placeholders) as KubeObject;
    object.apiVersion ??= group === "core" ? version : `${group}/${version}`;
    object.kind ??= kind;
    object.metadata ??= {};
    const annotations = object.metadata.annotations ?? {};
    return {
        urn: r.urn,
        type: r.type,
        object,
        patch,
        force: annotations["pulumi.com/patchForce"] === "true",
        fieldManager: annotations["pulumi.com/patchFieldManager"],
        placeholders,
    };
}

/**
 * Kubernetes resources in dependency order: a stable topological order of the plan's recorded
 * dependencies (registration order among independent ones). Dependencies through non-object resources
 * (components, Helm releases) are followed transitively.
 */
export function dependencyOrder(resources: readonly RecordedResource[]): RecordedResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const index = new Map(resources.map((r, i) => [r.urn, i]));
    const done = new Set<string>();
    const visiting = new Set<string>();
    const out: RecordedResource[] = [];
    const visit = (r: RecordedResource) => {
        if (done.has(r.urn) || visiting.has(r.urn)) {
            return; // a cycle cannot come from a Pulumi program; guard anyway
        }
        visiting.add(r.urn);
        const deps = [...r.dependencies, ...(r.parent ? [r.parent] : [])]
            .map((u) => byUrn.get(u))
            .filter((d): d is RecordedResource => d !== undefined)
            .sort((a, b) => (index.get(a.urn) ?? 0) - (index.get(b.urn) ?? 0));
        for (const d of deps) {
            visit(d);
        }
        visiting.delete(r.urn);
        done.add(r.urn);
        out.push(r);
    };
    for (const r of resources) {
        visit(r);
    }
    return out;
}

export interface PlannedStack {
    stack: string;
    environment: string;
    objects: StackObject[];
    /** Resources of the plan in total, and the Helm releases among them (not submitted as objects). */
    resourceCount: number;
    helmReleases: number;
}

/** Evaluates a shipped stack's offline plan and returns its Kubernetes objects in dependency order. */
export async function planStackObjects(stack: ShippedStack): Promise<PlannedStack> {
    const run = await evaluateProgram(readStackFile(stack.file));
    const ordered = dependencyOrder(run.resources);
    return {
        stack: stack.name,
        environment: run.config.environment,
        objects: ordered.filter(isKubernetesObject).map(toStackObject),
        resourceCount: run.resources.length,
        helmReleases: run.resources.filter((r) => r.type.startsWith("kubernetes:helm.sh/")).length,
    };
}
