/**
 * Day-2 safety of the security services (issues 16-18): Vault can be restored (scheduled snapshots to
 * the stack's bucket with their own Vault role and cloud identity, a declared audit device the log
 * agent ships), quorum survives a zone and a drain (spread, serving-only readiness, PriorityClass),
 * Falco events reach Alertmanager at the platform's severities, and the charts do what the program
 * assumes (Vault UI, falcoctl in air gap, Gatekeeper's namespace labels).
 */
import { expect } from "chai";
import { parse } from "yaml";
import { platformPriorityClass } from "../../../modules/addons/priority";
import { falcoAlertRules } from "../../../modules/addons/observability/metrics/rules";
import { fluentBitInputs } from "../../../modules/addons/observability/logging/values";
import {
    auditDevicePath,
    bootstrapFiles,
    readinessPath,
    servingReadinessPath,
    snapshotIdentity,
    snapshotPolicy,
    vaultTokenAudience,
} from "../../../modules/addons/security/vault";
import {
    falcoPriorities,
    falcoSeverity,
    platformFalcoRules,
    platformRuleNames,
    platformRulePriority,
    sidekickSeverityMap,
} from "../../../modules/addons/security/falco";
import { localConfig, planConfig, planShippedStack, PlanResult, rejectionOf, resolveOutput, withAlertReceiver } from "../../harness";
import { at, Cloud, runOnCloud, valuesOf } from "./fixtures";

type Obj = Record<string, unknown>;
const clouds: Cloud[] = ["aws", "azure", "gcp"];

function cronJob(plan: PlanResult) {
    return plan.one("kubernetes:batch/v1:CronJob", "vault-snapshot");
}
function podSpec(plan: PlanResult): Obj {
    return at(cronJob(plan).props, "spec.jobTemplate.spec.template.spec") as Obj;
}
function releaseValues(plan: PlanResult, chart: string): Obj {
    return valuesOf(plan.releases(chart)[0]);
}

describe("security services: day-2 safety", () => {
    let awsProd: PlanResult;
    let awsDev: PlanResult;
    before(async function () {
        this.timeout(120_000);
        awsProd = await planShippedStack("aws-prod");
        awsDev = await planShippedStack("aws-dev");
    });

    describe("Vault can be restored", () => {
        for (const cloud of clouds) {
            it(`${cloud}: a snapshot CronJob uploads to a private bucket the stack creates (protected in prod), as its own identity with read/write on exactly that bucket`, async () => {
                const run = await runOnCloud(cloud, withAlertReceiver({ environment: "prod" }));
                const spec = podSpec(run);
                const binding = run.binder.requests.find((r) => r.name === "vault-snapshots");
                expect(binding, "the uploader's cloud identity").to.not.equal(undefined);
                expect(binding).to.include({ namespace: "vault", serviceAccount: snapshotIdentity.serviceAccount });
                expect(spec.serviceAccountName).to.equal(snapshotIdentity.serviceAccount);
                // The permissions are the bucket's own read/write grant, naming that bucket only.
                const permissions = JSON.stringify((await resolveOutput(binding?.permissions as never)).value);
                const upload = (spec.containers as Obj[])[0];
                const command = (upload.command as string[]).join(" ");
                const bucket = /:(?:s3|azureblob|gcs):([^/\s]+)\//.exec(command)?.[1] ?? "";
                expect(bucket, command).to.not.equal("");
                expect(permissions, "the grant names the snapshot bucket").to.contain(cloud === "azure" ? "vault-snapshots" : bucket);
                expect(permissions).to.not.match(/"\*"|s3:\*|roles\/storage\.admin|Owner/);
                // The bucket component: created through the cluster's object store, protected in prod.
                const store = run.resources.filter((r) => r.custom && /vault-snapshots-(bucket|account|container)$/.test(r.name));
                expect(store.length, "the snapshot bucket").to.be.greaterThan(0);
                for (const r of store) {
                    expect(r.protect, r.name).to.equal(true);
                }
                // The service account carries the binder's annotations; Azure's pods its label.
                const sa = run.one("kubernetes:core/v1:ServiceAccount", "vault-snapshot-sa");
                expect(Object.keys(at(sa.props, "metadata.annotations") as Obj)).to.have.length(1);
                if (cloud === "azure") {
                    expect(at(spec, "securityContext.runAsNonRoot")).to.equal(true);
                    expect(at(cronJob(run).props, "spec.jobTemplate.spec.template.metadata.labels")).to.include({ "azure.workload.identity/use": "true" });
                }
                // Retention: pruning runs after the upload, in the same container (never when the upload failed).
                const script = (upload.command as string[])[2];
                expect(script.indexOf("rclone copy")).to.be.lessThan(script.indexOf("rclone delete"));
                expect(script).to.match(/set -eu/);
                expect(script).to.contain("--min-age 30d");
            });
        }

        it("dev keeps its bucket unprotected and a shorter retention", async () => {
            const run = await runOnCloud("gcp", {});
            const store = run.resources.filter((r) => r.custom && /vault-snapshots-bucket$/.test(r.name));
            expect(store.map((r) => r.protect)).to.deep.equal([false]);
            expect(((podSpec(run).containers as Obj[])[0].command as string[])[2]).to.contain("--min-age 7d");
        });

        it("the CronJob runs under the restricted Pod Security level, without an API token, with a short-lived token for Vault only, and one run at a time", () => {
            const cj = cronJob(awsProd);
            expect(at(cj.props, "spec.concurrencyPolicy")).to.equal("Forbid");
            expect(at(cj.props, "spec.schedule")).to.equal("0 * * * *");
            const spec = podSpec(awsProd);
            expect(spec.automountServiceAccountToken).to.equal(false);
            expect(spec.priorityClassName).to.equal(platformPriorityClass.name);
            expect(at(spec, "securityContext.runAsNonRoot")).to.equal(true);
            expect(at(spec, "securityContext.seccompProfile.type")).to.equal("RuntimeDefault");
            for (const c of [...(spec.initContainers as Obj[]), ...(spec.containers as Obj[])]) {
                expect(at(c, "securityContext.allowPrivilegeEscalation"), String(c.name)).to.equal(false);
                expect(at(c, "securityContext.capabilities.drop"), String(c.name)).to.deep.equal(["ALL"]);
                expect(at(c, "securityContext.readOnlyRootFilesystem"), String(c.name)).to.equal(true);
                expect(c.resources, String(c.name)).to.have.nested.property("limits.memory");
            }
            const volumes = spec.volumes as Obj[];
            const token = volumes.find((v) => v.name === "vault-token") as Obj;
            expect(at(token, "projected.sources")).to.deep.equal([
                { serviceAccountToken: { audience: vaultTokenAudience, expirationSeconds: 600, path: "token" } },
            ]);
            const ca = volumes.find((v) => v.name === "vault-ca") as Obj;
            expect(at(ca, "secret.items"), "only Vault's CA, never its key").to.deep.equal([{ key: "ca.crt", path: "ca.crt" }]);
            const snapshot = (spec.initContainers as Obj[])[0];
            expect((snapshot.command as string[])[2]).to.contain(`auth/kubernetes/login role=${snapshotIdentity.name}`);
            expect((snapshot.command as string[])[2]).to.contain("vault operator raft snapshot save");
            expect(awsProd.mandatoryViolations, awsProd.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`).join("\n")).to.deep.equal([]);
        });

        it("the job's Vault role and policy are declared: bound to its service account, namespace and token audience; the policy only reads Raft snapshots", () => {
            const files = bootstrapFiles(snapshotIdentity);
            const script = files["configure.sh"];
            expect(script).to.contain(`bound_service_account_names=${snapshotIdentity.serviceAccount}`);
            expect(script).to.contain(`bound_service_account_namespaces=${snapshotIdentity.namespace}`);
            expect(script).to.contain(`audience=${vaultTokenAudience}`);
            expect(script).to.contain(`token_policies=${snapshotIdentity.name}`);
            expect(script).to.contain("vault auth enable -path=kubernetes kubernetes");
            expect(snapshotPolicy()).to.match(/path "sys\/storage\/raft\/snapshot" \{\n {2}capabilities = \["read"\]\n\}/);
            expect(snapshotPolicy().match(/path "/g)).to.have.length(1);
            // The servers mount exactly this ConfigMap, created before the release.
            const cm = awsProd.one("kubernetes:core/v1:ConfigMap", "vault-bootstrap");
            expect(cm.props.data).to.deep.equal(files);
            expect(at(releaseValues(awsProd, "vault"), "server.extraVolumes")).to.deep.include({ type: "configMap", name: "vault-bootstrap" });
            expect(awsProd.releases("vault")[0].dependencies).to.include(cm.urn);
        });

        it("an audit device is declared on stdout, which the log agent's tail input ships", () => {
            const script = bootstrapFiles(snapshotIdentity)["configure.sh"];
            expect(script).to.match(new RegExp(`vault audit enable -path=${auditDevicePath} .*file file_path=stdout`));
            expect(fluentBitInputs()).to.match(/Name tail\n\s+Path \/var\/log\/containers\/\*\.log/);
            const annotations = at(releaseValues(awsProd, "vault"), "server.annotations") as Obj | undefined;
            expect(Object.keys(annotations ?? {}).filter((k) => k.startsWith("fluentbit.io/exclude"))).to.deep.equal([]);
        });

        it("an existing cluster (no object store) keeps snapshots on a volume in Vault's namespace; a cloud cluster's outputs name the bucket", async () => {
            const plan = await planShippedStack("local");
            const claim = plan.one("kubernetes:core/v1:PersistentVolumeClaim", "vault-snapshot-volume");
            const spec = podSpec(plan);
            expect((spec.volumes as Obj[]).find((v) => v.name === "snapshots")).to.deep.equal({
                name: "snapshots",
                persistentVolumeClaim: { claimName: at(claim.props, "metadata.name") },
            });
            expect(((spec.containers as Obj[])[0].command as string[])[2]).to.match(
                /find \/snapshots -name 'vault-\*\.snap' -type f -mtime \+7 -print -delete/,
            );
            expect(
                plan.resources.filter((r) => /vault-snapshots-(bucket|account)$/.test(r.name)),
                "no bucket without an object store",
            ).to.deep.equal([]);
            const cloud = await runOnCloud("aws", {});
            expect(at(cloud.outputs, "addons.security.vault.snapshots.target")).to.equal("objectStore");
            expect(String(at(cloud.outputs, "addons.security.vault.snapshots.bucket"))).to.match(/vault-snapshots/);
        });

        it("snapshots can be switched off, and a bad schedule is refused naming the key", async () => {
            const plan = await planConfig(localConfig({ security: { vault: { snapshots: { enabled: false } } } }));
            expect(plan.ofType("kubernetes:batch/v1:CronJob")).to.deep.equal([]);
            expect(rejectionOf(localConfig({ security: { vault: { snapshots: { schedule: "hourly" } } } }))[0]).to.match(
                /^security\.vault\.snapshots\.schedule: must be a cron schedule/,
            );
        });
    });

    describe("quorum survives a zone and a drain", () => {
        it("prod: Vault is ready only when it serves (sealed and uninitialised are not ready); the first install still completes (OnDelete: Helm's wait skips the StatefulSet)", () => {
            const prod = releaseValues(awsProd, "vault");
            const dev = releaseValues(awsDev, "vault");
            expect(at(prod, "server.readinessProbe.path")).to.equal(servingReadinessPath);
            expect(servingReadinessPath).to.not.match(/sealedcode|uninitcode/);
            expect(at(dev, "server.readinessProbe.path")).to.equal(readinessPath);
            expect(at(prod, "server.updateStrategyType")).to.equal("OnDelete");
            expect(at(prod, "server.ha.disruptionBudget")).to.deep.equal({ enabled: true, maxUnavailable: 1 });
        });

        const spreadOf = (values: Obj, path: string) =>
            at(values, path) as { topologyKey: string; whenUnsatisfiable: string; labelSelector: { matchLabels: Obj } }[];
        // The pod labels each chart's template gives its pods (vault-helm v0.34.1, gatekeeper 3.23.0, cert-manager v1.21.1).
        const quorum: { chart: string; path: string; labels: Obj }[] = [
            {
                chart: "vault",
                path: "server.topologySpreadConstraints",
                labels: { "app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": "vault", component: "server" },
            },
            {
                chart: "vault",
                path: "injector.topologySpreadConstraints",
                labels: { "app.kubernetes.io/name": "vault-agent-injector", "app.kubernetes.io/instance": "vault", component: "webhook" },
            },
            {
                chart: "gatekeeper",
                path: "controllerManager.topologySpreadConstraints",
                labels: { "control-plane": "controller-manager", "gatekeeper.sh/operation": "webhook" },
            },
            {
                chart: "cert-manager",
                path: "webhook.topologySpreadConstraints",
                labels: { "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "webhook" },
            },
            {
                chart: "cert-manager",
                path: "topologySpreadConstraints",
                labels: { "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "controller" },
            },
        ];
        for (const q of quorum) {
            it(`${q.chart} ${q.path}: across zones and nodes, DoNotSchedule in prod and ScheduleAnyway in dev, selecting the chart's own pod labels`, () => {
                const prod = spreadOf(releaseValues(awsProd, q.chart), q.path);
                expect(prod.map((c) => c.topologyKey).sort()).to.deep.equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
                for (const c of prod) {
                    expect(c.whenUnsatisfiable).to.equal("DoNotSchedule");
                    expect(c.labelSelector.matchLabels).to.deep.equal(q.labels);
                }
                expect(spreadOf(releaseValues(awsDev, q.chart), q.path).map((c) => c.whenUnsatisfiable)).to.deep.equal(["ScheduleAnyway", "ScheduleAnyway"]);
            });
        }

        it("every security release runs its pods with the platform PriorityClass at the chart's own paths (Gatekeeper: system-cluster-critical with its quota)", async () => {
            const paths: Record<string, string[]> = {
                "cert-manager": ["global.priorityClassName"],
                vault: ["server.priorityClassName", "injector.priorityClassName"],
                falco: ["podPriorityClassName", "falcosidekick.priorityClassName"],
                "rbac-manager": ["priorityClassName"],
            };
            const pc = awsProd.one("kubernetes:scheduling.k8s.io/v1:PriorityClass");
            for (const [chart, list] of Object.entries(paths)) {
                const release = awsProd.releases(chart)[0];
                for (const p of list) {
                    expect(at(valuesOf(release), p), `${chart} ${p}`).to.equal(platformPriorityClass.name);
                }
                expect(awsProd.transitiveDependencies(release.urn).has(pc.urn), `${chart} waits for the class`).to.equal(true);
            }
            const gk = releaseValues(awsProd, "gatekeeper");
            expect(at(gk, "controllerManager.priorityClassName")).to.equal("system-cluster-critical");
            expect(at(gk, "audit.priorityClassName")).to.equal("system-cluster-critical");
            expect(gk.resourceQuota).to.equal(true);
            const dex = await planConfig(
                localConfig({
                    identity: {
                        provider: "dex",
                        issuer: "https://dex.example.com",
                        connectors: [{ type: "github", id: "github", name: "GitHub", clientId: "x", clientSecret: "s", orgs: [{ name: "acme" }] }],
                    },
                }),
                { secretSections: ["identity"] },
            );
            expect(at(releaseValues(dex, "dex"), "priorityClassName")).to.equal(platformPriorityClass.name);
            const pinniped = await planConfig(
                localConfig({
                    identity: {
                        provider: "pinniped",
                        issuer: "https://login.example.com/platform",
                        upstream: { issuer: "https://idp.example.com", clientId: "c", clientSecret: "s" },
                    },
                }),
                { secretSections: ["identity"] },
            );
            for (const p of ["concierge.priorityClassName", "supervisor.priorityClassName"]) {
                expect(at(releaseValues(pinniped, "pinniped"), p), p).to.equal(platformPriorityClass.name);
            }
        });
    });

    describe("Falco events reach Alertmanager at the platform rules' priorities", () => {
        it("Falcosidekick forwards every platform rule's priority with the severity the Prometheus rules give it", () => {
            const sidekick = at(releaseValues(awsProd, "falco"), "falcosidekick.config.alertmanager") as Obj;
            expect(sidekick.customseveritymap).to.equal(sidekickSeverityMap());
            const map = Object.fromEntries(
                String(sidekick.customseveritymap)
                    .split(",")
                    .map((t) => t.split(":")),
            );
            const minimum = falcoPriorities.indexOf(sidekick.minimumpriority as (typeof falcoPriorities)[number]);
            const alerts = falcoAlertRules();
            const rulesFile = parse(platformFalcoRules(["kube-system"])) as { rule?: string; priority?: string }[];
            for (const name of platformRuleNames) {
                const priority = String(rulesFile.find((r) => r.rule === name)?.priority).toLowerCase() as (typeof falcoPriorities)[number];
                expect(priority, name).to.equal(platformRulePriority[name]);
                const n = falcoPriorities.indexOf(priority);
                expect(n, `${name} passes Falcosidekick's minimum priority`).to.be.at.most(minimum);
                const alert = alerts.find((a) => new RegExp(`priority=~"[0-9|]*\\b${n}\\b`).test(a.expr));
                expect(alert, `a Prometheus alert covers ${name} (priority ${n})`).to.not.equal(undefined);
                expect(alert?.labels.severity, name).to.equal(map[priority]).and.to.equal(falcoSeverity[priority]);
            }
            // The rules in the plan are these.
            const groups = at(releaseValues(awsProd, "kube-prometheus-stack"), "additionalPrometheusRulesMap.platform.groups") as {
                name: string;
                rules: unknown[];
            }[];
            expect(groups.find((g) => g.name === "platform.falco")?.rules).to.deep.equal(alerts);
        });

        it("a minimum priority that would keep a platform rule from Alertmanager is refused, naming the key", () => {
            expect(rejectionOf(localConfig({ security: { falco: { minimumPriority: "error" } } })).join("\n")).to.match(
                /^security\.falco\.minimumPriority: 'error' would keep the platform's own rules 'Shell in a tenant container', 'Service account token read by a shell'.*use 'warning' or lower/m,
            );
        });
    });

    describe("chart semantics", () => {
        it("security.vault.ui: false switches the UI off in the server configuration, not only the chart's Service", async () => {
            const off = await planConfig(localConfig({ security: { vault: { ui: false } } }));
            const values = releaseValues(off, "vault");
            expect(String(at(values, "server.ha.raft.config")))
                .to.match(/^ui = false$/m)
                .and.not.match(/ui = true/);
            expect(at(values, "ui.enabled")).to.equal(false);
            expect(String(at(releaseValues(awsDev, "vault"), "server.ha.raft.config"))).to.match(/^ui = true$/m);
        });

        it("air gap: falcoctl downloads nothing at pod start (Falco uses its image's rules and container plugin); online it stays on", async () => {
            const airgapped = await planConfig(localConfig({ airgap: { imageRegistry: "registry.example.com/mirror" } }));
            const values = releaseValues(airgapped, "falco");
            expect(at(values, "falcoctl.artifact.install.enabled")).to.equal(false);
            expect(at(values, "falcoctl.artifact.follow.enabled")).to.equal(false);
            expect(JSON.stringify(values)).to.not.match(/ghcr\.io|falcosecurity\.github\.io|docker\.io/);
            expect(at(releaseValues(awsDev, "falco"), "falcoctl.artifact")).to.equal(undefined);
        });

        it("Gatekeeper's post-install hook writes exactly the namespace's Pod Security labels (no drift on refresh)", () => {
            const ns = awsProd.one("kubernetes:core/v1:Namespace", "gatekeeper-chart-namespace");
            const labels = at(ns.props, "metadata.labels") as Record<string, string>;
            const expected = Object.entries(labels)
                .filter(([k]) => k.startsWith("pod-security.kubernetes.io/"))
                .map(([k, v]) => `${k}=${v}`)
                .sort();
            const gk = releaseValues(awsProd, "gatekeeper");
            expect(at(gk, "postInstall.labelNamespace.podSecurity")).to.deep.equal(expected);
            expect(at(gk, "postUpgrade.labelNamespace.podSecurity")).to.deep.equal(expected);
            // The hook's fixed label is the program's too.
            expect(labels).to.include({ "admission.gatekeeper.sh/ignore": "no-self-managing" });
        });
    });
});
