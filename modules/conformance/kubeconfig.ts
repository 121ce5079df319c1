/**
 * Reads a kubeconfig into client credentials for `npm run conformance -- --kubeconfig PATH [--context NAME]`:
 * the context's cluster (server, CA data or file, insecure-skip-tls-verify) and user (token, token file,
 * client certificate and key as data or files, or an exec credential plugin, run with a time limit).
 * Bad input fails with the file and the missing key.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import type { KubeCredentials } from "./kube";

interface Named<T> {
    name: string;
    [key: string]: unknown;
    cluster?: T;
    user?: T;
    context?: T;
}

type Dict = Record<string, unknown>;

function expand(p: string, base: string): string {
    const home = p.startsWith("~/") ? path.join(os.homedir(), p.slice(2)) : p;
    return path.isAbsolute(home) ? home : path.resolve(base, home);
}

function dataOrFile(entry: Dict, dataKey: string, fileKey: string, base: string): string | undefined {
    if (typeof entry[dataKey] === "string") {
        return Buffer.from(entry[dataKey] as string, "base64").toString("utf8");
    }
    if (typeof entry[fileKey] === "string") {
        return fs.readFileSync(expand(entry[fileKey] as string, base), "utf8");
    }
    return undefined;
}

/** Runs an exec credential plugin (client.authentication.k8s.io ExecCredential); bounded to 60 s. */
function execCredential(exec: Dict, base: string): { token?: string; cert?: string; key?: string } {
    const command = exec.command;
    if (typeof command !== "string") {
        throw new Error("users[].user.exec.command is missing");
    }
    const env = { ...process.env } as Record<string, string>;
    for (const e of (exec.env as { name: string; value: string }[] | undefined) ?? []) {
        env[e.name] = e.value;
    }
    env.KUBERNETES_EXEC_INFO = JSON.stringify({
        apiVersion: exec.apiVersion ?? "client.authentication.k8s.io/v1",
        kind: "ExecCredential",
        spec: { interactive: false },
    });
    const out = execFileSync(command.includes("/") ? expand(command, base) : command, (exec.args as string[] | undefined) ?? [], {
        env,
        timeout: 60_000,
        stdio: ["ignore", "pipe", "inherit"],
    }).toString("utf8");
    const status = (JSON.parse(out) as { status?: { token?: string; clientCertificateData?: string; clientKeyData?: string } }).status ?? {};
    return { token: status.token, cert: status.clientCertificateData, key: status.clientKeyData };
}

/** Credentials of `context` (default: the current context) of the kubeconfig at `file`. */
export function loadKubeconfig(file: string, context?: string): KubeCredentials & { context: string } {
    const where = (key: string) => `${file}: ${key}`;
    let doc: Dict;
    try {
        doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as Dict;
    } catch (e) {
        throw new Error(`${file}: cannot read the kubeconfig: ${(e as Error).message}`);
    }
    const base = path.dirname(path.resolve(file));
    const name = context ?? (doc["current-context"] as string | undefined);
    if (!name) {
        throw new Error(where("current-context is not set; pass --context NAME"));
    }
    const find = <T>(list: string, wanted: string, field: "cluster" | "user" | "context"): T => {
        const entry = ((doc[list] as Named<T>[] | undefined) ?? []).find((e) => e.name === wanted);
        if (!entry || !entry[field]) {
            throw new Error(where(`${list}: no entry named ${wanted}`));
        }
        return entry[field] as T;
    };
    const ctx = find<Dict>("contexts", name, "context");
    const cluster = find<Dict>("clusters", String(ctx.cluster), "cluster");
    const user = ctx.user ? find<Dict>("users", String(ctx.user), "user") : {};
    if (typeof cluster.server !== "string") {
        throw new Error(where(`clusters[${String(ctx.cluster)}].cluster.server is missing`));
    }
    const creds: KubeCredentials & { context: string } = {
        context: name,
        server: cluster.server,
        ca: dataOrFile(cluster, "certificate-authority-data", "certificate-authority", base),
        insecureSkipTlsVerify: cluster["insecure-skip-tls-verify"] === true,
        cert: dataOrFile(user, "client-certificate-data", "client-certificate", base),
        key: dataOrFile(user, "client-key-data", "client-key", base),
    };
    if (typeof user.token === "string") {
        creds.token = user.token;
    } else if (typeof user.tokenFile === "string") {
        creds.token = fs.readFileSync(expand(user.tokenFile, base), "utf8").trim();
    } else if (user.exec && typeof user.exec === "object") {
        const got = execCredential(user.exec as Dict, base);
        creds.token = got.token;
        creds.cert ??= got.cert;
        creds.key ??= got.key;
    }
    if (!creds.token && !(creds.cert && creds.key)) {
        throw new Error(where(`users[${String(ctx.user)}]: no token, client certificate or exec credential the suite can use`));
    }
    return creds;
}
