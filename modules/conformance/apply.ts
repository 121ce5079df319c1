/**
 * Submits a stack's Kubernetes objects to the API server with server-side apply, in the plan's
 * dependency order. The rule for how each object is submitted:
 *
 * - Served by the API server alone (built-in kinds, and custom resources whose CRD is in shared/crds):
 *   applied for real in `local` mode (dry-run against a cluster of a kubeconfig). Acceptance needs no
 *   controller: validation, defaulting, admission all happen in the API server. (What a controller would
 *   do next, e.g. cert-manager issuing a Certificate, is not judged; neither are webhooks of add-ons that
 *   are not installed here, such as cert-manager's or Gatekeeper's own.)
 * - A Gatekeeper constraint (constraints.gatekeeper.sh): its kind exists only once Gatekeeper's
 *   controller has generated a CRD from the ConstraintTemplate. The suite derives that CRD from the
 *   stack's own template (crds.ts constraintCrd), so the constraint's parameters are checked against the
 *   template's schema as the API server would check them, and submits the constraint with dry-run: no
 *   Gatekeeper runs here to act on it.
 * - A Patch resource (`...Patch`) changes an object the cluster already has (for example the default
 *   StorageClass a kind cluster brings). If the target exists it is applied (with the annotation's force
 *   and field manager); if not, Pulumi itself would fail to patch it, so it is reported as not applicable
 *   here, never counted as accepted.
 * - Namespaces must exist for namespaced objects: those a Helm release would create (Helm releases are
 *   not applied) are created first, and counted.
 *
 * Any rejection fails with the stack, the resource URN and the API server's message.
 */
import { createHash } from "crypto";
import { constraintCrd, waitEstablished, waitServed } from "./crds";
import { Kube, KubeError, KubeObject } from "./kube";
import { Session } from "./session";
import type { PlannedStack, StackObject } from "./stacks";

/** A rejected object: stack, URN and the API server's message. */
export class RejectedObject extends Error {
    constructor(
        readonly stack: string,
        readonly urn: string,
        readonly apiMessage: string,
    ) {
        super(`${stack}: ${urn} was rejected by the API server: ${apiMessage}`);
    }
}

export type Outcome = "applied" | "dry-run" | "not-applicable" | "not-judged";

export interface ObjectResult {
    urn: string;
    kind: string;
    outcome: Outcome;
    note?: string;
}

export interface StackResult {
    stack: string;
    environment: string;
    results: ObjectResult[];
    /** Namespaces created because a Helm release (not applied here) would create them. */
    namespacesCreated: string[];
    /** Constraint CRDs derived from the stack's ConstraintTemplates. */
    derivedCrds: number;
    placeholders: number;
    helmReleases: number;
    ms: number;
}

const constraintGroup = "constraints.gatekeeper.sh/";

/** The field manager of a Patch without `pulumi.com/patchFieldManager`: one per Patch resource. */
function patchManager(session: Session, urn: string): string {
    return `${session.fieldManager}-patch-${createHash("sha256").update(urn).digest("hex").slice(0, 12)}`;
}

function describe(obj: KubeObject): string {
    return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ""}${obj.metadata.name ?? "(no name)"}`;
}

/**
 * Whether the API server serves the object's kind ("served"); ensures the derived CRD for constraints.
 * An object of an API group the server knows nothing of (no CRD of that group in shared/crds: a chart
 * installs them, for example Envoy Gateway's) cannot be judged here and is reported as such
 * ("unjudged"); a kind or version missing from a group the server does serve is a rejection.
 */
async function ensureServed(session: Session, planned: PlannedStack, o: StackObject, derived: Set<string>): Promise<"served" | "unjudged"> {
    const { kube } = session;
    const obj = o.object;
    if (await kube.resourceFor(obj.apiVersion, obj.kind)) {
        return "served";
    }
    const group = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[0] : "";
    if (group !== "" && !obj.apiVersion.startsWith(constraintGroup) && !(await kube.servesGroup(group))) {
        return "unjudged";
    }
    if (obj.apiVersion.startsWith(constraintGroup)) {
        const template = planned.objects.find(
            (t) =>
                t.object.kind === "ConstraintTemplate" &&
                (t.object.spec as { crd?: { spec?: { names?: { kind?: string } } } } | undefined)?.crd?.spec?.names?.kind === obj.kind,
        );
        if (!template) {
            throw new RejectedObject(planned.stack, o.urn, `no ConstraintTemplate of the stack defines the constraint kind ${obj.kind}`);
        }
        const crd = constraintCrd(template.object);
        if (session.mode === "local") {
            // Kept for the next stacks (applying it again is idempotent); the control plane is thrown away.
            await kube.apply(crd, { fieldManager: session.fieldManager, force: true });
        } else {
            await session.createIfAbsent(crd);
        }
        await waitEstablished(kube, [crd.metadata.name as string]);
        await waitServed(kube, obj.apiVersion, obj.kind);
        derived.add(obj.kind);
        return "served";
    }
    throw new RejectedObject(planned.stack, o.urn, `the server does not serve ${obj.kind} in ${obj.apiVersion} (no CRD for it in shared/crds)`);
}

async function namespaced(kube: Kube, obj: KubeObject): Promise<boolean> {
    return (await kube.resourceFor(obj.apiVersion, obj.kind))?.namespaced ?? false;
}

/** Applies every object of a planned stack; throws RejectedObject on the first rejection. */
export async function applyStack(session: Session, planned: PlannedStack): Promise<StackResult> {
    const started = Date.now();
    const { kube } = session;
    const results: ObjectResult[] = [];
    const namespacesCreated: string[] = [];
    const derived = new Set<string>();
    const declaredNamespaces = new Set(planned.objects.filter((o) => o.object.kind === "Namespace" && o.object.apiVersion === "v1").map((o) => o.object.metadata.name));
    const present = new Set<string>();
    for (const o of planned.objects) {
        const obj = o.object;
        try {
            if ((await ensureServed(session, planned, o, derived)) === "unjudged") {
                results.push({ urn: o.urn, kind: obj.kind, outcome: "not-judged", note: `${obj.kind} ${obj.apiVersion}: no CRD of its group in shared/crds` });
                continue;
            }
            if (await namespaced(kube, obj)) {
                const ns = obj.metadata.namespace ?? "default";
                if (!present.has(ns)) {
                    const declared = declaredNamespaces.has(ns);
                    // A namespace the stack itself declares comes earlier in dependency order when an object
                    // depends on it; one it does not declare is a Helm release's (createNamespace).
                    if (!declared || session.mode === "cluster") {
                        if (!(await kube.get({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }))) {
                            await session.ensureNamespace(ns);
                            if (!declared) {
                                namespacesCreated.push(ns);
                            }
                        }
                    }
                    present.add(ns);
                }
            }
            if (o.patch) {
                const target = await kube.get(obj);
                if (!target) {
                    results.push({ urn: o.urn, kind: obj.kind, outcome: "not-applicable", note: `target ${describe(obj)} does not exist on this server` });
                    continue;
                }
                // A Patch is applied as its own field manager, as pulumi-kubernetes does (one per Patch
                // resource): under the manager that created the object it would drop every field it omits.
                await kube.apply(obj, { fieldManager: o.fieldManager ?? patchManager(session, o.urn), force: o.force, dryRun: session.mode === "cluster" });
                results.push({ urn: o.urn, kind: obj.kind, outcome: session.mode === "cluster" ? "dry-run" : "applied" });
                continue;
            }
            const dryRun = session.mode === "cluster" || obj.apiVersion.startsWith(constraintGroup);
            // Against a cluster, objects may already exist there under other managers: force, since a dry run changes nothing.
            await kube.apply(obj, { fieldManager: session.fieldManager, force: session.mode === "cluster", dryRun });
            if (!dryRun) {
                session.track(obj);
                if (obj.kind === "Namespace" && obj.apiVersion === "v1") {
                    present.add(obj.metadata.name as string);
                }
            }
            results.push({ urn: o.urn, kind: obj.kind, outcome: dryRun ? "dry-run" : "applied" });
        } catch (e) {
            if (e instanceof RejectedObject) {
                throw e;
            }
            const message = e instanceof KubeError ? e.message : (e as Error).message;
            throw new RejectedObject(planned.stack, o.urn, message);
        }
    }
    return {
        stack: planned.stack,
        environment: planned.environment,
        results,
        namespacesCreated,
        derivedCrds: derived.size,
        placeholders: planned.objects.reduce((n, o) => n + o.placeholders.length, 0),
        helmReleases: planned.helmReleases,
        ms: Date.now() - started,
    };
}
