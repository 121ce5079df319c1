/**
 * One run of the suite against one API server: the local control plane (mode `local`: objects are
 * really created, everything is thrown away with the control plane) or a cluster of a kubeconfig (mode
 * `cluster`: stack objects are only dry-run; what the suite must really create, namespaces with a
 * run-unique prefix, missing CRDs, test policies, is labelled with the run id and deleted at the end).
 */
import * as crypto from "crypto";
import { Kube, KubeError, KubeObject } from "./kube";

export type Mode = "local" | "cluster";

/** Label on everything the suite really creates, valued with the run id. */
export const runLabel = "conformance.platform.io/run";

export class Session {
    /** Short, DNS-label-safe, unique per run: the prefix of test namespaces and policies. */
    readonly runId = `cf-${crypto.randomBytes(3).toString("hex")}`;
    readonly fieldManager = "platform-conformance";
    /** Objects really created by this run, in creation order (deleted in reverse by cleanup()). */
    private readonly created: KubeObject[] = [];
    private readonly namespaces = new Set<string>();
    private readonly serviceAccounts = new Set<string>();

    constructor(
        readonly kube: Kube,
        readonly mode: Mode,
    ) {}

    /** Records an object this run created, for cleanup. */
    track(obj: KubeObject): void {
        this.created.push({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace } });
    }

    /** Creates `obj` for real (labelled with the run id) unless it exists; returns whether it was created. */
    async createIfAbsent(obj: KubeObject): Promise<boolean> {
        if (await this.kube.get(obj)) {
            return false;
        }
        const labelled = { ...obj, metadata: { ...obj.metadata, labels: { ...(obj.metadata.labels ?? {}), [runLabel]: this.runId } } };
        try {
            await this.kube.create(labelled);
        } catch (e) {
            if (e instanceof KubeError && e.status === 409) {
                return false; // created meanwhile
            }
            throw e;
        }
        this.track(labelled);
        return true;
    }

    /** Makes sure a namespace exists (created with `labels` if absent). */
    async ensureNamespace(name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): Promise<void> {
        if (this.namespaces.has(name)) {
            return;
        }
        await this.createIfAbsent({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels, annotations } });
        this.namespaces.add(name);
    }

    /**
     * Makes sure a ServiceAccount exists. There is no controller-manager service-account controller here,
     * and the ServiceAccount admission plugin rejects a Pod whose account does not exist, so the suite
     * creates what that controller (`default`) or the workload's owner would have created.
     */
    async ensureServiceAccount(namespace: string, name: string): Promise<void> {
        const key = `${namespace}/${name}`;
        if (this.serviceAccounts.has(key)) {
            return;
        }
        await this.ensureNamespace(namespace);
        await this.createIfAbsent({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } });
        this.serviceAccounts.add(key);
    }

    /** Forgets what it knows exists (after a reset of the stack objects). */
    forgetExisting(): void {
        this.namespaces.clear();
        this.serviceAccounts.clear();
    }

    /**
     * Deletes, in reverse order, every object this run created since `mark` (default: all). Namespaces are
     * finalized at once when no namespace controller runs (local mode), so the name can be used again.
     * Returns the objects that could not be deleted, with the reason.
     */
    async cleanup(mark = 0): Promise<string[]> {
        const problems: string[] = [];
        const batch = this.created.splice(mark).reverse();
        for (const obj of batch) {
            try {
                await this.kube.delete(obj);
                if (obj.kind === "Namespace" && obj.apiVersion === "v1" && this.mode === "local") {
                    await this.finalizeNamespace(obj.metadata.name as string);
                }
            } catch (e) {
                problems.push(`${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ""}${obj.metadata.name}: ${(e as Error).message}`);
            }
        }
        this.forgetExisting();
        this.kube.invalidate();
        return problems;
    }

    /** A mark for cleanup(mark): the number of objects created so far. */
    mark(): number {
        return this.created.length;
    }

    private async finalizeNamespace(name: string): Promise<void> {
        const res = await this.kube.request("PUT", `/api/v1/namespaces/${name}/finalize`, {
            body: { apiVersion: "v1", kind: "Namespace", metadata: { name }, spec: { finalizers: [] } },
        });
        if (res.status >= 300 && res.status !== 404) {
            throw new KubeError(res.status, `finalize namespace ${name}: HTTP ${res.status}`);
        }
    }
}
