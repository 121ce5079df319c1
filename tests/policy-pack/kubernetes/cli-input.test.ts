/**
 * `policy check` never passes input in silence and never lets one broken file hide the rest: every case
 * here is a manifest the API server reads one way and the check once read another way (or not at all).
 * Each asserts the exit code and the message a pipeline shows.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CheckReport, runCheck } from "../../../policy-pack/cli/check";

function dir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "policy-input-"));
}

function file(name: string, content: string | Buffer, folder = dir()): string {
    const f = path.join(folder, name);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, content);
    return f;
}

async function json(...argv: string[]): Promise<{ code: number; report: CheckReport; stderr: string }> {
    const r = await runCheck(["--format", "json", ...argv]);
    return { code: r.code, report: JSON.parse(r.stdout) as CheckReport, stderr: r.stderr };
}

const policies = (report: CheckReport, name?: string) => new Set(report.violations.filter((v) => !name || v.name === name).map((v) => v.policy));

/** A Pod that passes every mandatory rule; `sc` is its container securityContext (YAML text, indented 6). */
function pod(name: string, sc = "allowPrivilegeEscalation: false\n      capabilities: {drop: [ALL]}", extra = ""): string {
    return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: team-a}
spec:
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: app
    image: registry.example.com/app:1.0
    resources: {requests: {cpu: 10m, memory: 10Mi}}
    securityContext:
      ${sc}
${extra}`;
}

describe("policy check: YAML read as the API server reads it", () => {
    it("flags `privileged: yes` (a YAML 1.1 boolean)", async () => {
        const { code, report } = await json(file("p.yaml", pod("p", "privileged: yes\n      allowPrivilegeEscalation: no\n      capabilities: {drop: [ALL]}")));
        expect(code).to.equal(1);
        expect([...policies(report)])
            .to.include("disallow-privileged-containers")
            .and.not.include("disallow-privilege-escalation");
    });

    it("flags a privileged securityContext pulled in with a merge key, even after an explicit `privileged: false`", async () => {
        const text =
            `x-base: &privileged {privileged: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n` +
            pod("p", "privileged: false\n      <<: *privileged");
        const { code, report } = await json(file("merge.yaml", text));
        expect(code).to.equal(1);
        expect(report.violations.find((v) => v.policy === "disallow-privileged-containers")?.message).to.contain("privileged containers: app");
    });

    it("reads `hostNetwork: on` as true", async () => {
        const { report } = await json(file("h.yaml", pod("p", undefined, "  hostNetwork: on\n")));
        expect(report.violations.some((v) => v.policy === "disallow-host-network-and-ports" && v.message.startsWith("spec.hostNetwork is true."))).to.equal(
            true,
        );
    });

    it("decodes UTF-16 (both byte orders) and UTF-8 with a byte-order mark", async () => {
        const text = pod("p", "privileged: true");
        const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
        const be = Buffer.from(le);
        be.swap16();
        const folder = dir();
        file("le.yaml", le, folder);
        file("be.yaml", be, folder);
        file("bom8.yaml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), folder);
        const { code, report, stderr } = await json(folder);
        expect(stderr).to.equal("");
        expect(report.checked).to.equal(3);
        expect(
            report.violations
                .filter((v) => v.policy === "disallow-privileged-containers")
                .map((v) => path.basename(v.file))
                .sort(),
        ).to.deep.equal(["be.yaml", "bom8.yaml", "le.yaml"]);
        expect(code).to.equal(1);
    });

    it("names UTF-16 without a byte-order mark, binary files and invalid UTF-8 instead of reading garbage (exit 2)", async () => {
        const folder = dir();
        const bare = file("utf16-no-bom.yaml", Buffer.from(pod("a"), "utf16le"), folder);
        const bad = file("latin1.yaml", Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n", "latin1"), folder);
        file("ok.yaml", pod("ok"), folder);
        const { code, report, stderr } = await json(folder);
        expect(code).to.equal(2);
        expect(report.checked).to.equal(1);
        expect(stderr).to.contain(`${bare}: contains NUL bytes: a binary file, or UTF-16/UTF-32 without a byte-order mark`);
        expect(stderr).to.contain(`${bad}: not valid UTF-8 text`);
    });
});

describe("policy check: nothing passes in silence", () => {
    it("checks the items of a List nested in a List, naming each item", async () => {
        const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Service
    metadata: {name: np, namespace: team-a}
    spec: {type: NodePort}
- apiVersion: v1
  kind: ServiceList
  items:
  - apiVersion: v1
    kind: Service
    metadata: {name: np2, namespace: team-a}
    spec: {type: NodePort}
`;
        const f = file("lists.yaml", text);
        const { code, report } = await json(f);
        expect(code).to.equal(1);
        expect(report.checked).to.equal(2);
        expect(report.violations.map((v) => `${v.document} ${v.item} ${v.name} ${v.policy}`)).to.deep.equal([
            "1 items[0].items[0] np disallow-nodeport-services",
            "1 items[1].items[0] np2 disallow-nodeport-services",
        ]);
        const text2 = await runCheck([f]);
        expect(text2.stdout).to.contain(`${f}:1 items[0].items[0] Service/np [mandatory] disallow-nodeport-services:`);
    });

    it("refuses an object whose apiVersion does not serve its kind (v1 Deployment), as the API server does (exit 2)", async () => {
        const f = file("v1-deploy.yaml", pod("ok") + "---\napiVersion: v1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n");
        const r = await runCheck([f]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain(
            `${f}: document 2 (from line 14): apiVersion v1 does not serve kind Deployment (served by apps/v1, apps/v1beta1, apps/v1beta2, extensions/v1beta1): the API server refuses this object`,
        );
        expect(r.stdout).to.contain("1 object(s) checked");
    });

    it("refuses a misspelt kind of a built-in group and lists custom resources as not checked", async () => {
        const f = file(
            "kinds.yaml",
            "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: d}\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c, namespace: team-a}\n",
        );
        const { code, report, stderr } = await json(f);
        expect(code).to.equal(2);
        expect(stderr).to.contain(`${f}: document 1 (from line 1): apiVersion apps/v1 has no kind Deploymnet (check the spelling; kinds are case-sensitive)`);
        expect(report.notChecked).to.deep.equal([
            {
                file: f,
                document: 2,
                apiVersion: "cert-manager.io/v1",
                kind: "Certificate",
                name: "c",
                reason: "custom resource of cert-manager.io: no rule of the pack applies to it",
            },
        ]);
        const text = await runCheck([file("cr.yaml", "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\n")]);
        expect(text.code).to.equal(0);
        expect(text.stdout).to.match(/cr\.yaml:1 Certificate\/c \[not checked\] custom resource of cert-manager\.io/);
        expect(text.stdout).to.contain("1 object(s) not checked");
    });

    for (const [apiVersion, kind] of [
        ["extensions/v1beta1", "Deployment"],
        ["extensions/v1beta1", "DaemonSet"],
        ["extensions/v1beta1", "ReplicaSet"],
        ["apps/v1beta1", "Deployment"],
        ["apps/v1beta1", "StatefulSet"],
        ["apps/v1beta2", "Deployment"],
        ["apps/v1beta2", "DaemonSet"],
        ["apps/v1beta2", "ReplicaSet"],
        ["apps/v1beta2", "StatefulSet"],
        ["batch/v1beta1", "CronJob"],
    ]) {
        it(`checks ${apiVersion} ${kind} like the current version`, async () => {
            const template = `metadata: {labels: {app: a}}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        securityContext: {privileged: true}\n`;
            const spec =
                kind === "CronJob"
                    ? `  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        ${template.replace(/\n {4}/g, "\n        ")}`
                    : `  selector: {matchLabels: {app: a}}\n  template:\n    ${template}`;
            const { code, report } = await json(
                file("old.yaml", `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: old, namespace: team-a}\nspec:\n${spec}`),
            );
            expect(code).to.equal(1);
            expect([...policies(report)]).to.include("disallow-privileged-containers");
        });
    }

    it("one broken document or file hides nothing: every readable object is checked and reported, the broken ones listed, exit 2", async () => {
        const folder = dir();
        const a = file("a.yaml", `${pod("p1", "privileged: true")}---\nkind: [unclosed\n---\n${pod("p2", "privileged: true")}`, folder);
        const b = file("b.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tab\n", folder);
        file("c.yaml", pod("p3", "privileged: true"), folder);
        const { code, report, stderr } = await json(folder);
        expect(code).to.equal(2);
        expect(report.checked).to.equal(3);
        expect(report.violations.filter((v) => v.policy === "disallow-privileged-containers").map((v) => v.name)).to.deep.equal(["p1", "p2", "p3"]);
        expect(report.errors.map((e) => `${path.basename(e.file)}:${e.document}`)).to.deep.equal(["a.yaml:2", "b.yaml:1"]);
        expect(stderr).to.contain(`${a}: document 2`).and.to.contain(`${b}: document 1`);
        expect(report.summary.exitCode).to.equal(2);
    });

    it("reports an invalid document separator (`--- x`, refused by kubectl) and goes on", async () => {
        const f = file("sep.yaml", `${pod("p1")}--- {a: 1}\nb: 2\n---\n${pod("p2")}`);
        const r = await runCheck([f]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain(`${f}: document 2 (from line 13): invalid document separator '--- {a: 1}': kubectl accepts only a comment after ---`);
        expect(r.stdout).to.contain("2 object(s) checked");
    });

    it("says so when there is nothing to check (exit 2)", async () => {
        const folder = dir();
        file("empty.yaml", "# nothing here\n---\n", folder);
        file("notes.txt", "apiVersion: v1", folder);
        const r = await runCheck([folder]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain(`no Kubernetes objects found in ${folder}`);
    });

    it("lists dangling symbolic links and link loops, skips them and checks the rest", async () => {
        const folder = dir();
        file("ok.yaml", pod("ok"), folder);
        fs.symlinkSync(path.join(folder, "missing.yaml"), path.join(folder, "dangling.yaml"));
        fs.symlinkSync(folder, path.join(folder, "loop"));
        fs.symlinkSync(path.join(folder, "self-a"), path.join(folder, "self-b"));
        fs.symlinkSync(path.join(folder, "self-b"), path.join(folder, "self-a"));
        const { code, report, stderr } = await json(folder);
        expect(report.checked).to.equal(1);
        expect(report.unreadable.map((u) => [path.basename(u.file), u.fatal])).to.deep.equal([
            ["dangling.yaml", true],
            ["loop", false],
            ["self-a", false],
            ["self-b", false],
        ]);
        expect(stderr).to.contain(`${path.join(folder, "dangling.yaml")}: cannot read: a dangling symbolic link (to ${path.join(folder, "missing.yaml")})`);
        expect(stderr).to.contain(`${path.join(folder, "loop")}: a symbolic link back into a folder already read (a loop) (skipped)`);
        expect(stderr).to.contain(`${path.join(folder, "self-a")}: cannot read: a symbolic link loop (ELOOP) (skipped)`);
        expect(code, "a manifest that cannot be read leaves the check incomplete").to.equal(2);
    });

    it("lists a file it may not read and checks the rest", async function () {
        if (process.getuid?.() === 0) {
            this.skip(); // root reads any file: permission denied cannot happen here
        }
        const folder = dir();
        file("ok.yaml", pod("ok"), folder);
        const locked = file("locked.yaml", pod("locked"), folder);
        fs.chmodSync(locked, 0);
        const { code, report, stderr } = await json(folder);
        expect(report.checked).to.equal(1);
        expect(stderr).to.contain(`${locked}: cannot read: EACCES`);
        expect(code).to.equal(2);
    });

    it("fails fast on an alias bomb and on absurd nesting, naming the file and document", async () => {
        const folder = dir();
        let bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\nl0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
        for (let i = 1; i < 10; i++)
            bomb += `l${i}: &l${i} [${Array(9)
                .fill(`*l${i - 1}`)
                .join(",")}]\n`;
        const b = file("bomb.yaml", bomb, folder);
        const d = file("deep.yaml", `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, folder);
        file("ok.yaml", pod("ok"), folder);
        const started = Date.now();
        const r = await runCheck([folder]);
        expect(Date.now() - started).to.be.below(10_000);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain(`${b}: document 1`).and.to.contain("excessive aliasing");
        expect(r.stderr)
            .to.contain(`${d}: document 1`)
            .and.to.match(/nested (deeper|too deeply)/);
        expect(r.stdout).to.contain("1 object(s) checked");
    });

    it("writes NDJSON records one per line, ending with the summary", async () => {
        const f = file("n.yaml", `${pod("p", "privileged: true")}---\nkind: [\n`);
        const r = await runCheck(["--format", "ndjson", f]);
        expect(r.code).to.equal(2);
        const records = r.stdout
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as { type: string; policy?: string; exitCode?: number });
        expect(records.some((x) => x.type === "violation" && x.policy === "disallow-privileged-containers")).to.equal(true);
        expect(records.filter((x) => x.type === "error")).to.have.length(1);
        expect(records[records.length - 1]).to.include({ type: "summary", checked: 1, exitCode: 2 });
    });
});

describe("policy check: values, not only names", () => {
    const deployment = (podSpecExtra: string, containerExtra = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-a}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
${podSpecExtra}      containers:
      - name: web
        image: registry.example.com/web:1.0
        resources: {requests: {cpu: 10m, memory: 10Mi}}
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
${containerExtra}`;

    it("flags a safe sysctl whose value smuggles kernel.core_pattern (CVE-2022-0811): exit 1", async () => {
        const f = file(
            "sysctl.yaml",
            deployment(
                '      securityContext:\n        runAsNonRoot: true\n        seccompProfile: {type: RuntimeDefault}\n        sysctls: [{name: kernel.shm_rmid_forced, value: "1+kernel.core_pattern=|/var/lib/x.sh #"}]\n',
            ),
        );
        const r = await runCheck([f]);
        expect(r.code).to.equal(1);
        expect(r.stdout).to.contain(
            "Deployment/web [mandatory] restrict-sysctls: sysctls whose name or value holds + or =, which sets another sysctl (CVE-2022-0811): kernel.shm_rmid_forced.",
        );
    });

    it("flags an AWS access key and a PEM private key in env values whatever the variable is called: exit 1, the secret not printed", async () => {
        const env =
            '        env:\n        - {name: CONFIG_A, value: AKIAIOSFODNN7EXAMPLE}\n        - {name: CONFIG_B, value: "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIB..."}\n';
        const r = await runCheck([file("env.yaml", deployment("", env))]);
        expect(r.code).to.equal(1);
        expect(r.stdout).to.contain("[mandatory] disallow-secret-literals-in-env: containers with a private key or access token as a literal env value: web.");
        expect(r.stdout).to.not.contain("AKIAIOSFODNN7EXAMPLE");
    });

    it("flags a negative or out-of-range PodDisruptionBudget (advisory, as W15 is): exit 0 with the finding", async () => {
        const pdb = (field: string, value: string) =>
            `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web-${field.toLowerCase()}, namespace: team-a}\nspec:\n  ${field}: ${value}\n  selector: {matchLabels: {app: web}}\n`;
        const r = await runCheck([file("pdb.yaml", [pdb("maxUnavailable", "-1"), pdb("minAvailable", '"150%"')].join("---\n"))]);
        expect(r.code).to.equal(0);
        expect(r.stdout).to.contain("PodDisruptionBudget/web-maxunavailable [advisory] require-pdb-allows-eviction: maxUnavailable is -1.");
        expect(r.stdout).to.contain("PodDisruptionBudget/web-minavailable [advisory] require-pdb-allows-eviction: minAvailable is 150%.");
    });
});
