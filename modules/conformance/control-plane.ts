/**
 * The local control plane of the conformance suite: etcd, kube-apiserver and a controller-manager
 * running only the ValidatingAdmissionPolicy type checker, from the binaries that
 * conformance/build.sh builds (.cache/conformance/bin), on 127.0.0.1 only, on free ports, in a
 * temporary folder that is removed on stop.
 *
 * - TLS: kube-apiserver generates its own self-signed CA and serving certificate for 127.0.0.1 and
 *   localhost in the run folder (Go's crypto); the client trusts exactly that CA.
 * - Authentication: a static admin token (group system:masters) generated per run; service-account
 *   tokens are signed with an RSA key pair generated per run.
 * - Authorization: Node,RBAC. Admission: the default plugins plus PodSecurity, ValidatingAdmissionPolicy,
 *   LimitRanger, ResourceQuota, ServiceAccount (named explicitly so a default change cannot drop them).
 * - Lifetime: both processes are started under `setpriv --pdeathsig KILL` (when this Node process dies,
 *   even by SIGKILL, the kernel kills them); stop() sends SIGTERM, waits at most a few seconds, then
 *   SIGKILL. Every wait is bounded.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Kube } from "./kube";

export interface ControlPlane {
    /** https://127.0.0.1:<port> */
    server: string;
    kube: Kube;
    /** The run folder (certificates, logs, etcd data); removed by stop(). */
    dir: string;
    /** The last lines of both logs, for error messages. */
    logTail(): string;
    stop(): Promise<void>;
}

export interface StartOptions {
    binDir: string;
    /** Bound on the whole start (etcd healthy, API server ready). Default 120 s. */
    timeoutMs?: number;
    /** Keep the run folder after stop (for debugging). */
    keep?: boolean;
}

/** A free TCP port on 127.0.0.1 (bound, then released: the OS does not hand it out again at once). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}

const hasSetpriv = (() => {
    let cached: boolean | undefined;
    return () => (cached ??= spawnSync("setpriv", ["--help"], { stdio: "ignore", timeout: 5000 }).status === 0);
})();

interface Proc {
    name: string;
    child: ChildProcess;
    log: string;
    exited: Promise<number | null>;
}

function startProcess(name: string, bin: string, args: string[], dir: string): Proc {
    const log = path.join(dir, `${name}.log`);
    const fd = fs.openSync(log, "a");
    const [cmd, argv] = hasSetpriv() ? ["setpriv", ["--pdeathsig", "KILL", "--", bin, ...args]] : [bin, args];
    const child = spawn(cmd, argv, { stdio: ["ignore", fd, fd], cwd: dir });
    fs.closeSync(fd);
    const exited = new Promise<number | null>((resolve) => {
        child.on("exit", (code) => resolve(code));
        child.on("error", () => resolve(-1));
    });
    return { name, child, log, exited };
}

function tail(file: string, lines = 15): string {
    try {
        return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
        return "(no log)";
    }
}

async function stopProcess(p: Proc, graceMs = 5000): Promise<void> {
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
        return;
    }
    p.child.kill("SIGTERM");
    const done = await Promise.race([p.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) {
        p.child.kill("SIGKILL");
        await Promise.race([p.exited, sleep(2000)]);
    }
}

/** Processes of every running control plane, killed synchronously if the process exits without stop(). */
const running = new Set<Proc>();
let hooksInstalled = false;
function installExitHooks(): void {
    if (hooksInstalled) {
        return;
    }
    hooksInstalled = true;
    process.on("exit", () => {
        for (const p of running) {
            try {
                p.child.kill("SIGKILL");
            } catch {
                // already gone
            }
        }
    });
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        process.once(sig, () => {
            process.stderr.write(`conformance: ${sig}, stopping the control plane\n`);
            process.exit(sig === "SIGINT" ? 130 : 143); // the exit hook kills the processes
        });
    }
}

/** Waits until `probe` resolves true, or the deadline passes, or `proc` exits; throws naming what failed. */
async function waitUntil(what: string, deadline: number, probe: () => Promise<boolean>, procs: Proc[]): Promise<void> {
    for (;;) {
        const dead = procs.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
        if (dead) {
            throw new Error(`${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}) while waiting for ${what}:\n${tail(dead.log)}`);
        }
        if (await probe().catch(() => false)) {
            return;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}:\n${procs.map((p) => `--- ${p.name}\n${tail(p.log)}`).join("\n")}`);
        }
        await sleep(250);
    }
}

function httpOk(url: string, timeoutMs = 2000): Promise<boolean> {
    return fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then(
        (r) => r.ok,
        () => false,
    );
}

/** A kubeconfig for the admin token (the controller-manager's, and the user's with --keep). */
export function kubeconfigText(server: string, caFile: string, token: string): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: conformance",
        "  cluster:",
        `    server: ${server}`,
        `    certificate-authority: ${caFile}`,
        "users:",
        "- name: admin",
        "  user:",
        `    token: ${token}`,
        "contexts:",
        "- name: conformance",
        "  context: {cluster: conformance, user: admin}",
        "current-context: conformance",
        "",
    ].join("\n");
}

/** Starts the control plane; on any failure every started process is stopped before the error is thrown. */
export async function startControlPlane(options: StartOptions): Promise<ControlPlane> {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    const etcdBin = path.join(options.binDir, "etcd");
    const apiserverBin = path.join(options.binDir, "kube-apiserver");
    for (const b of [etcdBin, apiserverBin]) {
        if (!fs.existsSync(b)) {
            throw new Error(`${b} is missing: run bash conformance/build.sh`);
        }
    }
    installExitHooks();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-cp-"));
    const procs: Proc[] = [];
    const cleanup = async () => {
        for (const p of [...procs].reverse()) {
            await stopProcess(p);
            running.delete(p);
        }
        if (!options.keep) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    };
    try {
        const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
        const etcdUrl = `http://127.0.0.1:${etcdClient}`;
        const peerUrl = `http://127.0.0.1:${etcdPeer}`;
        const etcd = startProcess(
            "etcd",
            etcdBin,
            [
                "--name=conformance",
                `--data-dir=${path.join(dir, "etcd")}`,
                `--listen-client-urls=${etcdUrl}`,
                `--advertise-client-urls=${etcdUrl}`,
                `--listen-peer-urls=${peerUrl}`,
                `--initial-advertise-peer-urls=${peerUrl}`,
                `--initial-cluster=conformance=${peerUrl}`,
                "--initial-cluster-state=new",
                // A throwaway store: no fsync on every write (etcd's documented test setting).
                "--unsafe-no-fsync",
                "--log-level=warn",
            ],
            dir,
        );
        procs.push(etcd);
        running.add(etcd);
        await waitUntil("etcd /health", deadline, () => httpOk(`${etcdUrl}/health`), [etcd]);

        const token = crypto.randomBytes(24).toString("hex");
        fs.writeFileSync(path.join(dir, "tokens.csv"), `${token},conformance-admin,conformance-admin,"system:masters"\n`, { mode: 0o600 });
        const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", {
            modulusLength: 2048,
            publicKeyEncoding: { type: "spki", format: "pem" },
            privateKeyEncoding: { type: "pkcs8", format: "pem" },
        });
        fs.writeFileSync(path.join(dir, "sa.pub"), publicKey);
        fs.writeFileSync(path.join(dir, "sa.key"), privateKey, { mode: 0o600 });
        const certDir = path.join(dir, "certs");
        const apiserver = startProcess(
            "kube-apiserver",
            apiserverBin,
            [
                `--etcd-servers=${etcdUrl}`,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                `--secure-port=${securePort}`,
                `--cert-dir=${certDir}`,
                `--token-auth-file=${path.join(dir, "tokens.csv")}`,
                "--authorization-mode=Node,RBAC",
                // As on every real cluster (the flag's default, false, forbids privileged pods outright).
                "--allow-privileged=true",
                "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota,PodSecurity,ValidatingAdmissionPolicy",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                `--service-account-key-file=${path.join(dir, "sa.pub")}`,
                `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
                "--service-cluster-ip-range=10.96.0.0/16",
                // No nodes, no kubelets: the `kubernetes` Service endpoints would point at loopback.
                "--endpoint-reconciler-type=none",
                "--enable-priority-and-fairness=false",
                "--profiling=false",
                "--v=1",
            ],
            dir,
        );
        procs.push(apiserver);
        running.add(apiserver);
        const server = `https://127.0.0.1:${securePort}`;
        const caFile = path.join(certDir, "apiserver.crt");
        await waitUntil("the API server's certificate", deadline, async () => fs.existsSync(caFile), [etcd, apiserver]);
        const kube = new Kube({ server, ca: fs.readFileSync(caFile, "utf8"), token });
        await waitUntil(
            "kube-apiserver /readyz",
            deadline,
            async () => (await kube.request("GET", "/readyz", { timeoutMs: 3000 })).status === 200,
            [etcd, apiserver],
        );
        // The controller-manager runs one controller: the ValidatingAdmissionPolicy type checker, which
        // writes status.typeChecking as on any cluster. No HTTPS port (--secure-port=0), no leader election.
        const kubeconfig = path.join(dir, "kubeconfig");
        fs.writeFileSync(kubeconfig, kubeconfigText(server, caFile, token), { mode: 0o600 });
        const controllerManager = startProcess(
            "kube-controller-manager",
            path.join(options.binDir, "kube-controller-manager"),
            [
                `--kubeconfig=${kubeconfig}`,
                "--controllers=validatingadmissionpolicy-status-controller",
                "--leader-elect=false",
                "--secure-port=0",
                "--v=1",
            ],
            dir,
        );
        procs.push(controllerManager);
        running.add(controllerManager);
        return {
            server,
            kube,
            dir,
            logTail: () => procs.map((p) => `--- ${p.name}\n${tail(p.log)}`).join("\n"),
            stop: cleanup,
        };
    } catch (e) {
        await cleanup();
        throw e;
    }
}
