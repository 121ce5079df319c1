import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseStackText } from "../../modules/config";
import { clouds } from "../../modules/delivery/new-stack";

const root = path.join(__dirname, "..", "..");

function run(tool: string, args: string[]) {
    const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), path.join(root, "tools", tool), ...args], {
        cwd: root,
        encoding: "utf8",
        timeout: 180_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run new-stack: a team's first stack file, non-interactively", function () {
    this.timeout(600000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "new-stack-"));

    const cases: [string, string][] = [
        ["aws", "staging"],
        ["azure", "dev"],
        ["gcp", "prod"],
        ["existing", "dev"],
    ];
    for (const [cloud, env] of cases) {
        it(`--cloud ${cloud} --env ${env}: writes a commented stack file that plans with exit 0, and says what to set next`, () => {
            const name = `team-${cloud}-${env}`;
            const made = run("new-stack.ts", ["--cloud", cloud, "--env", env, "--name", name, "--dir", dir]);
            expect(made.code, made.stderr).to.equal(0);
            const file = path.join(dir, `Pulumi.${name}.yaml`);
            const text = fs.readFileSync(file, "utf8");
            expect(text, "commented").to.match(/^# /m);
            expect(parseStackText(text, name).values["platform:environment"]).to.equal(env);
            expect(made.stdout).to.include(`npm run plan -- --stack ${name}`);
            expect(made.stdout).to.include("pulumi config set --secret --path");
            expect(made.stdout).to.match(/pulumi login/);
            if (cloud !== "existing") {
                expect(made.stdout)
                    .to.include("pulumi stack init")
                    .and.include("--secrets-provider")
                    .and.include("cluster.adminGroup")
                    .and.include("GitHub Environments");
                expect(made.stdout).to.match(/DNS|dns/);
            }
            const plan = run("plan.ts", ["--config-file", file]);
            expect(plan.code, plan.stderr + plan.stdout.slice(0, 2000)).to.equal(0);
            expect(plan.stderr, "no warning on a new stack").to.not.match(/warning/i);
        });
    }

    it("a private prod stack gets a runner placeholder inside the network, never ubuntu-latest", () => {
        const text = fs.readFileSync(path.join(dir, "Pulumi.team-gcp-prod.yaml"), "utf8");
        expect(text).to.match(/runner: \[self-hosted/);
        expect(text).to.not.match(/^\s*runner:.*ubuntu-latest/m);
    });

    it("refuses to overwrite a stack file without --force, and replaces it with --force", () => {
        const args = ["--cloud", "existing", "--env", "dev", "--name", "team-existing-dev", "--dir", dir];
        const refused = run("new-stack.ts", args);
        expect(refused.code).to.equal(2);
        expect(refused.stderr).to.include("exists: not overwritten (give --force to replace it)");
        expect(run("new-stack.ts", [...args, "--force"]).code).to.equal(0);
    });

    const bad: [string[], string, string][] = [
        [["--env", "dev", "--name", "a"], "--cloud", "required: one of " + clouds.join(", ")],
        [["--cloud", "ibm", "--env", "dev", "--name", "a"], "--cloud", "'ibm' is not one of"],
        [["--cloud", "aws", "--env", "qa", "--name", "a"], "--env", "'qa' is not one of dev, staging, prod"],
        [["--cloud", "aws", "--env", "dev", "--name", "Team_A"], "--name", "'Team_A' must be lowercase letters"],
        [["--cloud", "aws", "--env", "dev", "--name", "a", "--region", "westeurope"], "--region", "'westeurope' is an Azure region"],
        [["--cloud", "gcp", "--env", "dev", "--name", "a", "--project", "X"], "--project", "is not a GCP project id"],
        [["--cloud", "aws", "--env", "dev", "--name", "a", "--regoin", "eu-west-1"], "--regoin", "Unknown option '--regoin'"],
    ];
    for (const [args, flag, says] of bad) {
        it(`exits 2 naming ${flag} (${args.join(" ")})`, () => {
            const r = run("new-stack.ts", [...args, "--dir", dir]);
            expect(r.code).to.equal(2);
            expect(r.stderr).to.include(flag).and.include(says);
        });
    }
});
