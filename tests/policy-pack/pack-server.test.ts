/**
 * The pack as the Pulumi CLI runs it (`pulumi preview --policy-pack policy-pack --policy-pack-config
 * policy-pack/config/<env>.json`): its entry point starts the analyzer server from the pack's own
 * directory; the CLI asks it for its policies, configures it with the environment's config (schema
 * defaults first, the file on top, as the CLI reconciles them) and sends each resource. This test
 * plays the CLI's part over the same gRPC protocol, so it proves the packaging, not just the rules.
 */
import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { policies } from "../../policy-pack/policies";
import { retiredControllerAcceptance } from "../../policy-pack/policies/helm/ingress-nginx";
import { loadPackConfig } from "../../policy-pack/lib/config";
import { configOf, levelOf } from "../../policy-pack/lib/engine";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const analyzerpb = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));
/* eslint-enable @typescript-eslint/no-require-imports */

const root = path.join(__dirname, "..", "..");
const levelCode: Record<string, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
const levelName = ["advisory", "mandatory", "disabled", "remediate"];

function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (err: unknown, res: T) => (err ? reject(err) : resolve(res))));
}

function resourceRequest(type: string, name: string, props: Record<string, unknown>) {
    const req = new analyzerpb.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(`urn:pulumi:prod::platform::${type}::${name}`);
    req.setProperties(Struct.fromJavaScript(props));
    req.setOptions(new analyzerpb.AnalyzerResourceOptions());
    return req;
}

interface Diagnostic {
    policy: string;
    level: string;
    message: string;
}

describe("the policy pack served to the Pulumi CLI", function () {
    this.timeout(60000);
    let child: ChildProcess | undefined;
    let client: any;

    before(async () => {
        child = spawn(process.execPath, ["-r", path.join(root, "tools", "transpile-cache.js"), "index.ts"], {
            cwd: path.join(root, "policy-pack"), // the CLI runs the pack from its directory; PolicyPack reads ./package.json
            env: { ...process.env, TS_NODE_PROJECT: path.join(root, "tsconfig.json") },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr?.on("data", (d) => (stderr += String(d)));
        const port = await new Promise<string>((resolve, reject) => {
            readline.createInterface({ input: child!.stdout! }).once("line", resolve);
            child!.once("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
        });
        client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure());
        const configure = new analyzerpb.ConfigureAnalyzerRequest();
        const prod = loadPackConfig("prod");
        for (const p of policies) {
            const pc = new analyzerpb.PolicyConfig();
            pc.setEnforcementlevel(levelCode[levelOf(p, prod)]);
            pc.setProperties(Struct.fromJavaScript(configOf(p, prod)));
            configure.getPolicyconfigMap().set(p.name, pc);
        }
        await call(client, "configure", configure);
    });

    after(() => {
        client?.close();
        child?.kill();
    });

    async function analyze(type: string, props: Record<string, unknown>): Promise<Diagnostic[]> {
        const res: any = await call(client, "analyze", resourceRequest(type, "r", props));
        return res.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: levelName[d.getEnforcementlevel()], message: d.getMessage() }));
    }

    it("announces exactly the policies of the one explicit array, with their levels and config schemas", async () => {
        const info: any = await call(client, "getAnalyzerInfo", new Empty());
        const served = info.getPoliciesList().map((p: any) => p.getName());
        expect(served).to.deep.equal(policies.map((p) => p.name));
        const withSchema = info
            .getPoliciesList()
            .filter((p: any) => p.getConfigschema())
            .map((p: any) => p.getName());
        expect(withSchema).to.include.members(policies.filter((p) => p.configSchema).map((p) => p.name));
        expect(info.getVersion()).to.match(/^\d+\.\d+\.\d+/);
    });

    it("blocks a prod EKS cluster whose API endpoint is open to the internet", async () => {
        const diags = await analyze("aws:eks/cluster:Cluster", {
            vpcConfig: { subnetIds: ["subnet-a"], endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] },
        });
        expect(diags.filter((d) => d.policy === "require-private-eks-endpoint").map((d) => d.level)).to.deep.equal(["mandatory"]);
    });

    it("applies the environment's parameters: prod requires the api and authenticator logs as well as audit", async () => {
        const diags = await analyze("aws:eks/cluster:Cluster", {
            vpcConfig: { subnetIds: ["subnet-a"], endpointPublicAccess: false, endpointPrivateAccess: true },
            enabledClusterLogTypes: ["audit"],
        });
        const logging = diags.filter((d) => d.policy === "require-eks-audit-logging");
        expect(logging).to.have.length(1);
        expect(logging[0].message).to.contain('"api"').and.to.contain('"authenticator"');
    });

    it("blocks an unpatched ingress-nginx release, and in prod the retired controller itself", async () => {
        const diags = await analyze("kubernetes:helm.sh/v3:Release", {
            chart: "ingress-nginx",
            version: "4.12.0",
            repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" },
        });
        expect(diags.find((d) => d.policy === "require-hardened-ingress-nginx")?.level).to.equal("mandatory");
        expect(diags.find((d) => d.policy === "require-maintained-ingress-controller")?.level).to.equal("mandatory");
        expect(diags.find((d) => d.policy === "restrict-accepted-retired-ingress-controller")).to.equal(undefined);
    });

    it("reads a stack's acceptance of ingress-nginx from the release inputs: an advisory that quotes the reason, no mandatory violation", async () => {
        const reason = "payments still on Ingress until PLAT-1234 ships";
        const diags = await analyze("kubernetes:helm.sh/v3:Release", {
            chart: "ingress-nginx",
            version: "4.15.1",
            repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" },
            values: { controller: { allowSnippetAnnotations: false, annotations: { [retiredControllerAcceptance.reason]: reason } } },
        });
        expect(diags.filter((d) => d.level === "mandatory").map((d) => `${d.policy}: ${d.message}`)).to.deep.equal([]);
        const accepted = diags.filter((d) => d.policy === "restrict-accepted-retired-ingress-controller");
        expect(accepted.map((d) => d.level)).to.deep.equal(["advisory"]);
        expect(accepted[0].message).to.contain(reason);
    });

    it("approves a chart from the stack's air-gap chart mirror the release names (its description), and only from it", async () => {
        const release = (chart: string, description?: string) => ({
            chart,
            version: "v1.21.1",
            namespace: "cert-manager",
            values: {},
            ...(description ? { description } : {}),
        });
        const mark = "from platform:airgap.chartMirror oci://mirror.example.com/charts";
        const h2 = async (props: Record<string, unknown>) =>
            (await analyze("kubernetes:helm.sh/v3:Release", props)).filter((d) => d.policy === "require-approved-chart-source");
        expect(await h2(release("oci://mirror.example.com/charts/cert-manager", mark))).to.deep.equal([]);
        const unmarked = await h2(release("oci://mirror.example.com/charts/cert-manager"));
        expect(unmarked.map((d) => d.level)).to.deep.equal(["mandatory"]);
        expect(unmarked[0].message).to.contain("oci://mirror.example.com/charts/cert-manager");
        const elsewhere = await h2(release("oci://other.example.com/charts/cert-manager", mark));
        expect(elsewhere.map((d) => d.level)).to.deep.equal(["mandatory"]);
        expect(elsewhere[0].message).to.contain("oci://other.example.com/charts/cert-manager").and.to.contain("oci://mirror.example.com/charts");
    });

    it("never turns a value known only after apply into a mandatory violation", async () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's marker for an unknown value
        const diags = await analyze("aws:eks/cluster:Cluster", {
            vpcConfig: { subnetIds: ["subnet-a"], endpointPublicAccess: false, endpointPrivateAccess: true },
            enabledClusterLogTypes: ["api", "audit", "authenticator"],
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: unknown } },
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        });
        expect(diags.filter((d) => d.level === "mandatory").map((d) => `${d.policy}: ${d.message}`)).to.deep.equal([]);
    });

    it("reports nothing of the cluster rules for a compliant GKE cluster", async () => {
        const diags = await analyze("gcp:container/cluster:Cluster", {
            location: "europe-west1",
            removeDefaultNodePool: true,
            privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
            databaseEncryption: { state: "ENCRYPTED", keyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k" },
            workloadIdentityConfig: { workloadPool: "p.svc.id.goog" },
            datapathProvider: "ADVANCED_DATAPATH",
        });
        expect(diags.map((d) => `${d.policy}: ${d.message}`)).to.deep.equal([]);
    });
});
