/**
 * A small Kubernetes API client over Node's https: server-side apply, create, delete, discovery, and
 * the response's Warning headers (how the API server reports `Warn` admission results). Every request
 * has a timeout. Used against the local control plane and any cluster of a kubeconfig.
 */
import * as https from "https";

export interface KubeCredentials {
    server: string;
    /** PEM of the CA(s) to trust; undefined = the system's. */
    ca?: string;
    insecureSkipTlsVerify?: boolean;
    token?: string;
    cert?: string;
    key?: string;
    /** Re-read for every request (exec plugins, token files). */
    tokenProvider?: () => Promise<string>;
}

export interface KubeResponse {
    status: number;
    body: unknown;
    /** Text of each Warning header (the `299 - "..."` wrapper removed). */
    warnings: string[];
}

export interface RequestOptions {
    body?: unknown;
    contentType?: string;
    timeoutMs?: number;
}

/** A Kubernetes object as submitted. */
export type KubeObject = Record<string, unknown> & {
    apiVersion: string;
    kind: string;
    metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } & Record<string, unknown>;
};

export interface ResourceInfo {
    /** Path prefix: /api/v1 or /apis/<group>/<version>. */
    base: string;
    resource: string;
    namespaced: boolean;
}

/** An API error with the server's message (a Status object's `message`). */
export class KubeError extends Error {
    constructor(
        readonly status: number,
        message: string,
        readonly reason?: string,
    ) {
        super(message);
    }
}

function parseWarning(raw: string): string {
    const m = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(raw);
    return m ? m[1].replace(/\\(.)/g, "$1") : raw;
}

/** The message of an error response: the Status message, or the body text. */
export function statusMessage(res: KubeResponse): string {
    const b = res.body as { message?: string } | string | undefined;
    if (b && typeof b === "object" && typeof b.message === "string") {
        return b.message;
    }
    return typeof b === "string" && b !== "" ? b.slice(0, 2000) : `HTTP ${res.status}`;
}

export class Kube {
    private readonly agent: https.Agent;
    private readonly resources = new Map<string, Map<string, ResourceInfo>>();

    constructor(readonly creds: KubeCredentials) {
        this.agent = new https.Agent({
            keepAlive: true,
            maxSockets: 8,
            ca: creds.ca,
            cert: creds.cert,
            key: creds.key,
            rejectUnauthorized: !creds.insecureSkipTlsVerify,
        });
    }

    async request(method: string, path: string, options: RequestOptions = {}): Promise<KubeResponse> {
        const url = new URL(path, this.creds.server);
        const headers: Record<string, string> = { Accept: "application/json" };
        const token = this.creds.tokenProvider ? await this.creds.tokenProvider() : this.creds.token;
        if (token) {
            headers.Authorization = `Bearer ${token}`;
        }
        let payload: string | undefined;
        if (options.body !== undefined) {
            payload = JSON.stringify(options.body);
            headers["Content-Type"] = options.contentType ?? "application/json";
            headers["Content-Length"] = String(Buffer.byteLength(payload));
        }
        const timeoutMs = options.timeoutMs ?? 30_000;
        return new Promise<KubeResponse>((resolve, reject) => {
            const req = https.request(url, { method, headers, agent: this.agent, timeout: timeoutMs }, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let body: unknown = text;
                    if (text !== "" && (res.headers["content-type"] ?? "").includes("json")) {
                        try {
                            body = JSON.parse(text);
                        } catch {
                            body = text;
                        }
                    }
                    const warnings: string[] = [];
                    for (let i = 0; i < res.rawHeaders.length; i += 2) {
                        if (res.rawHeaders[i].toLowerCase() === "warning") {
                            warnings.push(parseWarning(res.rawHeaders[i + 1]));
                        }
                    }
                    resolve({ status: res.statusCode ?? 0, body, warnings });
                });
                res.on("error", reject);
            });
            req.on("timeout", () => req.destroy(new Error(`${method} ${url.pathname}: no answer within ${timeoutMs} ms`)));
            req.on("error", reject);
            if (payload !== undefined) {
                req.write(payload);
            }
            req.end();
        });
    }

    /** Like request(), but throws a KubeError for any status >= 300. */
    async call(method: string, path: string, options: RequestOptions = {}): Promise<KubeResponse> {
        const res = await this.request(method, path, options);
        if (res.status >= 300) {
            const reason = (res.body as { reason?: string } | undefined)?.reason;
            throw new KubeError(res.status, statusMessage(res), reason);
        }
        return res;
    }

    /** Forgets discovery (after CRDs were installed or removed). */
    invalidate(): void {
        this.resources.clear();
    }

    /** The resource serving `apiVersion`/`kind`, or undefined when the server does not serve it. */
    async resourceFor(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
        let byKind = this.resources.get(apiVersion);
        if (!byKind) {
            const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
            const res = await this.request("GET", base);
            byKind = new Map();
            if (res.status === 200) {
                for (const r of (res.body as { resources?: { name: string; kind: string; namespaced: boolean }[] }).resources ?? []) {
                    if (!r.name.includes("/")) {
                        byKind.set(r.kind, { base, resource: r.name, namespaced: r.namespaced });
                    }
                }
            } else if (res.status !== 404) {
                throw new KubeError(res.status, `discovery of ${apiVersion}: ${statusMessage(res)}`);
            }
            if (byKind.size > 0) {
                this.resources.set(apiVersion, byKind);
            }
        }
        return byKind.get(kind);
    }

    /** Whether the server serves any version of an API group (`/apis/<group>` answers). */
    async servesGroup(group: string): Promise<boolean> {
        const res = await this.request("GET", `/apis/${group}`);
        if (res.status !== 200 && res.status !== 404) {
            throw new KubeError(res.status, `discovery of ${group}: ${statusMessage(res)}`);
        }
        return res.status === 200;
    }

    /** The path of an object (collection path when `name` is omitted). */
    async pathOf(obj: Pick<KubeObject, "apiVersion" | "kind"> & { metadata?: { name?: string; namespace?: string } }, withName = true): Promise<string> {
        const info = await this.resourceFor(obj.apiVersion, obj.kind);
        if (!info) {
            throw new KubeError(404, `the server does not serve ${obj.kind} in ${obj.apiVersion}`, "NotFound");
        }
        const ns = info.namespaced ? `/namespaces/${encodeURIComponent(obj.metadata?.namespace ?? "default")}` : "";
        const name = withName && obj.metadata?.name ? `/${encodeURIComponent(obj.metadata.name)}` : "";
        return `${info.base}${ns}/${info.resource}${name}`;
    }

    /** Server-side apply (PATCH application/apply-patch+yaml; JSON is YAML). */
    async apply(obj: KubeObject, o: { fieldManager: string; force?: boolean; dryRun?: boolean; timeoutMs?: number }): Promise<KubeResponse> {
        const query = new URLSearchParams({ fieldManager: o.fieldManager });
        if (o.force) query.set("force", "true");
        if (o.dryRun) query.set("dryRun", "All");
        query.set("fieldValidation", "Strict");
        return this.call("PATCH", `${await this.pathOf(obj)}?${query}`, {
            body: obj,
            contentType: "application/apply-patch+yaml",
            timeoutMs: o.timeoutMs,
        });
    }

    /** POST (create); `dryRun` runs every admission step without persisting. */
    async create(obj: KubeObject, o: { dryRun?: boolean; fieldManager?: string; timeoutMs?: number } = {}): Promise<KubeResponse> {
        const query = new URLSearchParams({ fieldValidation: "Strict" });
        if (o.dryRun) query.set("dryRun", "All");
        if (o.fieldManager) query.set("fieldManager", o.fieldManager);
        return this.call("POST", `${await this.pathOf(obj, false)}?${query}`, { body: obj, timeoutMs: o.timeoutMs });
    }

    /** PUT (replace) an existing object; `dryRun` runs every admission step (as an UPDATE) without persisting. */
    async replace(obj: KubeObject, o: { dryRun?: boolean; fieldManager?: string; timeoutMs?: number } = {}): Promise<KubeResponse> {
        const query = new URLSearchParams({ fieldValidation: "Strict" });
        if (o.dryRun) query.set("dryRun", "All");
        if (o.fieldManager) query.set("fieldManager", o.fieldManager);
        return this.call("PUT", `${await this.pathOf(obj)}?${query}`, { body: obj, timeoutMs: o.timeoutMs });
    }

    async get(obj: Pick<KubeObject, "apiVersion" | "kind"> & { metadata: { name?: string; namespace?: string } }): Promise<KubeResponse | undefined> {
        const res = await this.request("GET", await this.pathOf(obj));
        if (res.status === 404) {
            return undefined;
        }
        if (res.status >= 300) {
            throw new KubeError(res.status, statusMessage(res));
        }
        return res;
    }

    /** DELETE; a missing object is not an error. */
    async delete(obj: Pick<KubeObject, "apiVersion" | "kind"> & { metadata: { name?: string; namespace?: string } }): Promise<void> {
        const res = await this.request("DELETE", await this.pathOf(obj), { body: { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Background" } });
        if (res.status >= 300 && res.status !== 404) {
            throw new KubeError(res.status, statusMessage(res));
        }
    }
}
