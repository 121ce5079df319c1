/**
 * CustomResourceDefinitions for the suite: the upstream CRDs in shared/crds (test data at the versions
 * the platform pins; see its README), and the constraint CRDs Gatekeeper would generate at run time from
 * each ConstraintTemplate (constraintCrd: the template's kind, its parameter schema as
 * `spec.parameters`, `match` and `enforcementAction` typed as Gatekeeper types them).
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { Kube, KubeObject } from "./kube";

/** Every CRD document under `dir` (recursively, *.yaml), in file-name order. */
export function readCrds(dir: string): KubeObject[] {
    const files: string[] = [];
    const walk = (d: string) => {
        for (const f of fs.readdirSync(d).sort()) {
            const p = path.join(d, f);
            if (fs.statSync(p).isDirectory()) {
                walk(p);
            } else if (/\.ya?ml$/.test(f)) {
                files.push(p);
            }
        }
    };
    walk(dir);
    return files.flatMap((file) =>
        parseAllDocuments(fs.readFileSync(file, "utf8"))
            .map((d) => d.toJS() as KubeObject | null)
            .filter((o): o is KubeObject => o !== null && typeof o === "object" && o.kind === "CustomResourceDefinition")
            .map((o) => {
                const copy = { ...o };
                delete copy.status;
                return copy;
            }),
    );
}

const matchKinds = { type: "array", items: { type: "object", properties: { apiGroups: { type: "array", items: { type: "string" } }, kinds: { type: "array", items: { type: "string" } } } } };
const stringList = { type: "array", items: { type: "string" } };
const selector = { type: "object", "x-kubernetes-preserve-unknown-fields": true };

/** The constraint CRD Gatekeeper generates for a ConstraintTemplate (templates.gatekeeper.sh/v1). */
export function constraintCrd(template: KubeObject): KubeObject {
    const spec = (template.spec ?? {}) as { crd?: { spec?: { names?: { kind?: string }; validation?: { openAPIV3Schema?: Record<string, unknown> } } } };
    const kind = spec.crd?.spec?.names?.kind;
    if (!kind) {
        throw new Error(`ConstraintTemplate ${template.metadata.name}: spec.crd.spec.names.kind is missing`);
    }
    const plural = kind.toLowerCase();
    const parameters = spec.crd?.spec?.validation?.openAPIV3Schema ?? { type: "object", "x-kubernetes-preserve-unknown-fields": true };
    const schema = {
        type: "object",
        properties: {
            apiVersion: { type: "string" },
            kind: { type: "string" },
            metadata: { type: "object" },
            spec: {
                type: "object",
                properties: {
                    enforcementAction: { type: "string" },
                    scopedEnforcementActions: { type: "array", items: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
                    match: {
                        type: "object",
                        properties: {
                            kinds: matchKinds,
                            namespaces: stringList,
                            excludedNamespaces: stringList,
                            scope: { type: "string", enum: ["*", "Cluster", "Namespaced"] },
                            name: { type: "string" },
                            source: { type: "string", enum: ["All", "Generated", "Original"] },
                            labelSelector: selector,
                            namespaceSelector: selector,
                        },
                    },
                    parameters,
                },
            },
            status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        },
    };
    const version = (name: string, storage: boolean) => ({ name, served: true, storage, schema: { openAPIV3Schema: schema }, subresources: { status: {} } });
    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `${plural}.constraints.gatekeeper.sh`, labels: { "gatekeeper.sh/constraint": "yes" } },
        spec: {
            group: "constraints.gatekeeper.sh",
            names: { kind, plural, singular: plural, listKind: `${kind}List`, categories: ["constraint", "constraints"] },
            scope: "Cluster",
            versions: [version("v1beta1", true), version("v1alpha1", false)],
        },
    };
}

/** Waits (bounded) until every named CRD is Established, then forgets discovery. */
export async function waitEstablished(kube: Kube, names: readonly string[], timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const name of names) {
        for (;;) {
            const res = await kube.request("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
            const conditions = ((res.body as { status?: { conditions?: { type: string; status: string; message?: string }[] } })?.status?.conditions ?? []);
            if (conditions.some((c) => c.type === "Established" && c.status === "True")) {
                break;
            }
            if (Date.now() > deadline) {
                const why = conditions.map((c) => `${c.type}=${c.status}${c.message ? ` (${c.message})` : ""}`).join(", ");
                throw new Error(`CRD ${name} not established within ${timeoutMs / 1000} s${why ? `: ${why}` : ""}`);
            }
            await new Promise((r) => setTimeout(r, 100));
        }
    }
    kube.invalidate();
}

/** Waits (bounded) until discovery serves `kind` in `apiVersion` (it follows a CRD's Established condition). */
export async function waitServed(kube: Kube, apiVersion: string, kind: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        kube.invalidate();
        if (await kube.resourceFor(apiVersion, kind)) {
            return;
        }
        if (Date.now() > deadline) {
            throw new Error(`discovery does not serve ${kind} in ${apiVersion} ${timeoutMs / 1000} s after its CRD was established`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}
