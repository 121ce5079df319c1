/**
 * The area's rules as the user states them, checked on planned stacks (a local cluster through the
 * real program, and stand-in aws/azure/gcp clusters through the real Observability component).
 */
import { expect } from "chai";
import { charts } from "../../../modules/addons/versions";
import { scrapeRegistry } from "../../../modules/addons/observability/metrics/scrape";
import { localConfig, PlanResult, planConfig, resolveOutput, TestConfig } from "../../harness";
import { ManagedCloud, planObservabilityOn, releaseNamed, releaseValues } from "./on-cloud";
import { scrapeProblems } from "./scrape-check";

const secretValues = {
    esPassword: "es-P4ss-never-in-values",
    grafanaAdmin: "graf-Adm1n-never-in-values",
    oidcSecret: "oidc-Cl1ent-never-in-values",
    slackUrl: "https://hooks.slack.com/services/T0/B0/never-in-values",
    pagerKey: "pd-R0uting-never-in-values",
    webhookUrl: "https://alerts.example.com/hook?token=never-in-values",
    otlpToken: "Bearer otlp-T0ken-never-in-values",
    remotePassword: "rw-P4ss-never-in-values",
};

/** A prod config that sets every secret the area takes (in-cluster metrics). */
function everySecret(environment = "prod"): TestConfig {
    return {
        environment,
        observability: {
            logging: {
                aggregator: "fluentd",
                backend: { type: "elasticsearch", host: "es.example.com", username: "shipper", password: secretValues.esPassword },
            },
            metrics: {
                grafana: {
                    adminPassword: secretValues.grafanaAdmin,
                    url: "https://grafana.example.com",
                    oidc: {
                        issuerUrl: "https://dex.example.com",
                        clientId: "grafana",
                        clientSecret: secretValues.oidcSecret,
                        adminGroups: ["platform-admins"],
                    },
                },
                alertmanager: {
                    receivers: [
                        { type: "slack", name: "ops", channel: "#ops", webhookUrl: secretValues.slackUrl },
                        { type: "pagerduty", name: "pager", routingKey: secretValues.pagerKey },
                        { type: "webhook", name: "hook", url: secretValues.webhookUrl },
                    ],
                    criticalReceiver: "pager",
                },
            },
            tracing: { exporter: { type: "otlp", endpoint: "https://otlp.example.com", token: secretValues.otlpToken } },
        },
    };
}

function vendorSecrets(): TestConfig {
    return {
        environment: "prod",
        observability: {
            longTerm: { enabled: false },
            metrics: {
                mode: "vendor",
                remoteWrite: {
                    url: "https://metrics.example.com/api/v1/push",
                    auth: { type: "basic", username: "acme", password: secretValues.remotePassword },
                },
            },
        },
    };
}

const releases = (plan: PlanResult) => plan.ofType("kubernetes:helm.sh/v3:Release");

describe("observability: rules", function () {
    this.timeout(300000);
    const plans: { label: string; plan: PlanResult }[] = [];

    before(async () => {
        plans.push({
            label: "local prod, every secret",
            plan: await planConfig(
                localConfig({ ...everySecret(), observability: { ...(everySecret().observability as object), longTerm: { enabled: false } } }),
                { secretSections: ["observability"] },
            ),
        });
        for (const cloud of ["aws", "azure", "gcp"] as ManagedCloud[]) {
            plans.push({ label: `${cloud} prod, every secret`, plan: await planObservabilityOn(cloud, everySecret(), { secretSections: ["observability"] }) });
        }
        plans.push({ label: "aws prod, vendor mode", plan: await planObservabilityOn("aws", vendorSecrets(), { secretSections: ["observability"] }) });
    });

    it("no secret appears in plain text in any release's values", () => {
        for (const { label, plan } of plans) {
            expect(releases(plan).length, label).to.be.greaterThan(2);
            for (const r of releases(plan)) {
                const values = JSON.stringify(r.props.values);
                for (const [what, secret] of Object.entries(secretValues)) {
                    expect(values.includes(secret), `${label}: ${what} in values of release ${String(r.props.name)}`).to.equal(false);
                }
            }
        }
    });

    it("every configured secret reaches the cluster only as a Kubernetes Secret marked secret", () => {
        for (const { label, plan } of plans) {
            const secrets = plan.ofType("kubernetes:core/v1:Secret");
            const all = JSON.stringify(secrets.map((s) => s.props.stringData));
            const expected = label.includes("vendor")
                ? [secretValues.remotePassword]
                : Object.values(secretValues).filter((s) => s !== secretValues.remotePassword);
            for (const s of expected) {
                expect(all.includes(s), `${label}: ${s} stored in a Secret`).to.equal(true);
            }
            for (const s of secrets.filter((x) => !x.name.endsWith("-objstore"))) {
                // objstore Secrets hold bucket coordinates only (no credential: workload identity); every other one is secret as a whole or per key.
                const data = s.inputs.stringData;
                const values = typeof data === "string" ? [data] : Object.values((data ?? {}) as Record<string, unknown>);
                expect(values.length, `${label}: ${s.name} has data`).to.be.greaterThan(0);
                for (const v of values) {
                    expect(v, `${label}: ${s.name} redacted`).to.equal("[secret]");
                }
            }
        }
    });

    it("every Secret key a release's values reference is created in the release's namespace", () => {
        const refs = (v: unknown, out: { name: string; key: string }[] = []): { name: string; key: string }[] => {
            if (Array.isArray(v)) {
                v.forEach((x) => refs(x, out));
            } else if (v !== null && typeof v === "object") {
                const o = v as Record<string, unknown>;
                for (const [k, x] of Object.entries(o)) {
                    const sel = x as { name?: unknown; key?: unknown };
                    if (
                        ["secretKeyRef", "username", "password", "credentials", "existingSecret"].includes(k) &&
                        sel &&
                        typeof sel.name === "string" &&
                        typeof sel.key === "string"
                    ) {
                        out.push({ name: sel.name, key: sel.key });
                    } else if (typeof x === "string" && /^\/etc\/alertmanager\/secrets\/[^/]+\/[^/]+$/.test(x)) {
                        const [, , , , name, key] = x.split("/");
                        out.push({ name, key });
                    } else {
                        refs(x, out);
                    }
                }
                if (typeof o.existingSecret === "string" && typeof o.passwordKey === "string") {
                    out.push({ name: o.existingSecret, key: o.passwordKey }, { name: o.existingSecret, key: String(o.userKey) });
                }
            }
            return out;
        };
        for (const { label, plan } of plans) {
            const secrets = plan.ofType("kubernetes:core/v1:Secret").map((s) => ({
                name: (s.props.metadata as { name: string; namespace: string }).name,
                namespace: (s.props.metadata as { name: string; namespace: string }).namespace,
                keys: Object.keys((s.props.stringData ?? {}) as object),
            }));
            let checked = 0;
            for (const r of releases(plan)) {
                for (const ref of refs(r.props.values)) {
                    const found = secrets.find((s) => s.name === ref.name && s.namespace === r.props.namespace && s.keys.includes(ref.key));
                    expect(found, `${label}: ${String(r.props.name)} references ${ref.name}/${ref.key}`).to.not.equal(undefined);
                    checked++;
                }
            }
            expect(checked, label).to.be.greaterThan(0);
        }
    });

    it("every platform add-on that exposes metrics is scraped", () => {
        for (const { label, plan } of plans) {
            expect(scrapeProblems(plan), label).to.deep.equal([]);
        }
    });

    it("the registry covers every pinned chart, and Prometheus selects every monitor and rule in the cluster", () => {
        expect(Object.keys(scrapeRegistry).sort()).to.deep.equal(Object.keys(charts).sort());
        const spec = (releaseValues(plans[0].plan, "kube-prometheus-stack").prometheus as { prometheusSpec: Record<string, unknown> }).prometheusSpec;
        for (const k of ["serviceMonitor", "podMonitor", "rule", "probe", "scrapeConfig"]) {
            expect(spec[`${k}SelectorNilUsesHelmValues`], k).to.equal(false);
        }
    });

    it("Grafana, Prometheus and Alertmanager use persistent storage on the platform StorageClass in prod", () => {
        for (const { label, plan } of plans.filter((p) => p.label.startsWith("aws prod, every") || p.label.startsWith("gcp") || p.label.startsWith("azure"))) {
            const v = releaseValues(plan, "kube-prometheus-stack") as Record<string, Record<string, unknown>>;
            const claim = (x: unknown) =>
                (x as { volumeClaimTemplate: { spec: { storageClassName: string; resources: { requests: { storage: string } } } } }).volumeClaimTemplate.spec;
            const prom = (v.prometheus.prometheusSpec as Record<string, unknown>).storageSpec;
            expect(claim(prom).storageClassName, label).to.equal("platform-encrypted");
            expect(claim(prom).resources.requests.storage, label).to.match(/Gi$/);
            expect(claim((v.alertmanager.alertmanagerSpec as Record<string, unknown>).storage).storageClassName, label).to.equal("platform-encrypted");
            expect(v.grafana.persistence, label).to.deep.include({ enabled: true, type: "pvc" });
        }
    });

    it("Grafana takes its admin credentials and OIDC client secret from Secrets", () => {
        const g = releaseValues(plans[1].plan, "kube-prometheus-stack").grafana as Record<string, Record<string, unknown>>;
        expect(g.admin).to.deep.equal({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
        expect(g.envValueFrom.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET).to.deep.equal({ secretKeyRef: { name: "grafana-oidc", key: "client-secret" } });
        const oauth = (g["grafana.ini"] as Record<string, Record<string, unknown>>)["auth.generic_oauth"];
        expect(oauth).to.include({ enabled: true, client_id: "grafana", auth_url: "https://dex.example.com/auth", use_pkce: true });
        expect(oauth).to.not.have.property("client_secret");
    });

    it("Alertmanager receivers read their secrets from files mounted from the receivers Secret", () => {
        const am = releaseValues(plans[1].plan, "kube-prometheus-stack").alertmanager as Record<string, Record<string, unknown>>;
        expect(am.alertmanagerSpec.secrets).to.deep.equal(["alertmanager-receivers"]);
        const receivers = (am.config.receivers as Record<string, { api_url_file?: string; routing_key_file?: string; url_file?: string }[]>[]).slice(1);
        const files = receivers.flatMap((r) => Object.values(r).filter(Array.isArray).flat()).map((c) => c.api_url_file ?? c.routing_key_file ?? c.url_file);
        expect(files).to.deep.equal([
            "/etc/alertmanager/secrets/alertmanager-receivers/ops-webhook-url",
            "/etc/alertmanager/secrets/alertmanager-receivers/pager-routing-key",
            "/etc/alertmanager/secrets/alertmanager-receivers/hook-url",
        ]);
        const route = am.config.route as { receiver: string; routes: { receiver: string; matchers: string[] }[] };
        expect(route.receiver).to.equal("ops");
        expect(route.routes).to.deep.include({ receiver: "pager", matchers: ['severity = "critical"'] });
    });

    it("platform alert rules cover certificates, Vault, Gatekeeper, Falco, Fluent Bit, nodes, volumes and Thanos", () => {
        const map = releaseValues(plans[1].plan, "kube-prometheus-stack").additionalPrometheusRulesMap as {
            platform: { groups: { name: string; rules: { alert: string; expr: string }[] }[] };
        };
        const exprs = map.platform.groups.flatMap((g) => g.rules.map((r) => r.expr)).join("\n");
        for (const metric of [
            "certmanager_certificate_expiration_timestamp_seconds",
            "vault_core_unsealed",
            "apiserver_admission_webhook_rejection_count",
            "falcosecurity_falco_rules_matches_total",
            "fluentbit_output_errors_total",
            "kube_node_status_condition",
            "kubelet_volume_stats_available_bytes",
            "thanos_compact_halted",
        ]) {
            expect(exprs, metric).to.contain(metric);
        }
    });

    for (const cloud of ["aws", "azure", "gcp"] as ManagedCloud[]) {
        it(`${cloud}: prod has Thanos with its private, encrypted, versioned bucket and scoped identities; dev has neither`, async () => {
            const prod = plans.find((p) => p.label === `${cloud} prod, every secret`)!.plan as Awaited<ReturnType<typeof planObservabilityOn>>;
            expect(releaseNamed(prod, "thanos"), "thanos release").to.not.equal(undefined);
            expect(prod.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
            const thanosBinds = prod.binder.requests.filter((b) => b.name.startsWith("thanos-"));
            expect(thanosBinds.map((b) => `${b.name}:${b.namespace}/${b.serviceAccount}`).sort()).to.deep.equal([
                "thanos-compact:monitoring/thanos-compact",
                "thanos-sidecar:monitoring/kps-prometheus",
                "thanos-store:monitoring/thanos-store-gateway",
            ]);
            const store = thanosBinds.find((b) => b.name === "thanos-store")!;
            const compact = thanosBinds.find((b) => b.name === "thanos-compact")!;
            if (cloud === "aws") {
                const bucket = prod.one("aws:s3/bucket:Bucket");
                const arn = `arn:aws:s3:::${String(bucket.props.bucketPrefix)}20261123000000000000000001`;
                const statements = await resolveOutput(compact.permissions.aws!.statements!);
                const resources = statements.value.flatMap((s) => [s.Resource].flat()).map(String);
                expect(
                    resources.every((r) => r === arn || r === `${arn}/*` || r.startsWith("arn:aws:kms:")),
                    resources.join(","),
                ).to.equal(true);
                const readOnly = (await resolveOutput(store.permissions.aws!.statements!)).value.flatMap((s) => s.Action);
                expect(readOnly).to.not.include("s3:PutObject").and.not.include("s3:DeleteObject");
                expect(prod.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").props).to.include({
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                });
                expect(
                    JSON.stringify(prod.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").props.rules),
                ).to.contain("aws:kms");
                expect(prod.one("aws:s3/bucketVersioning:BucketVersioning").props.versioningConfiguration).to.deep.equal({ status: "Enabled" });
                expect(bucket.protect, "prod bucket protected").to.equal(true);
            } else if (cloud === "azure") {
                const account = prod.one("azure-native:storage:StorageAccount").props;
                expect(account).to.include({
                    allowBlobPublicAccess: false,
                    allowSharedKeyAccess: false,
                    enableHttpsTrafficOnly: true,
                    minimumTlsVersion: "TLS1_2",
                });
                expect(prod.one("azure-native:storage:BlobServiceProperties").props.isVersioningEnabled).to.equal(true);
                expect(prod.one("azure-native:storage:BlobContainer").props.publicAccess).to.equal("None");
                const scope = await resolveOutput(compact.permissions.azure!.roleAssignments[0].scope);
                expect(scope.value, "scoped to the container's id").to.equal(`${prod.one("azure-native:storage:BlobContainer").name}-id`);
                expect(store.permissions.azure!.roleAssignments[0].role).to.equal("Storage Blob Data Reader");
                const thanos = releaseValues(prod, "thanos") as Record<string, { podLabels: Record<string, string> }>;
                expect(thanos.storeGateway.podLabels).to.deep.equal({ "azure.workload.identity/use": "true" });
            } else {
                const bucket = prod.one("gcp:storage/bucket:Bucket").props;
                expect(bucket).to.include({ uniformBucketLevelAccess: true, publicAccessPrevention: "enforced" });
                expect(bucket.versioning).to.deep.equal({ enabled: true });
                const resource = await resolveOutput(compact.permissions.gcp!.roles[0].resource!);
                expect(resource.value, "the grant is scoped to exactly this bucket").to.equal(String(bucket.name));
                expect(compact.permissions.gcp!.roles[0].resourceType).to.equal("storage-bucket");
                expect(store.permissions.gcp!.roles[0].role).to.equal("roles/storage.objectViewer");
            }
            const sidecar = (releaseValues(prod, "kube-prometheus-stack").prometheus as { prometheusSpec: { thanos: unknown } }).prometheusSpec.thanos;
            expect(sidecar).to.deep.equal({ objectStorageConfig: { existingSecret: { name: "thanos-objstore", key: "objstore.yml" } } });
            const objstore = prod
                .ofType("kubernetes:core/v1:Secret")
                .find((s) => s.props.metadata && (s.props.metadata as { name: string }).name === "thanos-objstore");
            expect(String((objstore!.props.stringData as Record<string, string>)["objstore.yml"])).to.match(/^type: (S3|AZURE|GCS)\n/);

            const dev = await planObservabilityOn(cloud, { environment: "dev" });
            expect(releaseNamed(dev, "thanos"), "no thanos in dev").to.equal(undefined);
            expect(dev.binder.requests.filter((b) => b.name.startsWith("thanos-"))).to.deep.equal([]);
            expect(dev.resources.filter((r) => /s3\/bucket:|storage:StorageAccount|storage\/bucket:/.test(r.type))).to.deep.equal([]);
        });
    }

    it("vendor mode runs only a Prometheus agent that remote-writes with credentials from a Secret", () => {
        const plan = plans.find((p) => p.label === "aws prod, vendor mode")!.plan;
        const v = releaseValues(plan, "kube-prometheus-stack") as Record<string, Record<string, unknown>>;
        expect(v.prometheus.agentMode).to.equal(true);
        expect(v.alertmanager.enabled).to.equal(false);
        expect(v.grafana.enabled).to.equal(false);
        const rw = (v.prometheus.prometheusSpec as { remoteWrite: Record<string, unknown>[] }).remoteWrite;
        expect(rw).to.deep.equal([
            {
                url: "https://metrics.example.com/api/v1/push",
                queueConfig: { maxSamplesPerSend: 2000, capacity: 10000 },
                basicAuth: { username: { name: "remote-write-auth", key: "username" }, password: { name: "remote-write-auth", key: "password" } },
            },
        ]);
        expect(releaseNamed(plan, "thanos")).to.equal(undefined);
        const secret = plan.ofType("kubernetes:core/v1:Secret").find((s) => (s.props.metadata as { name: string }).name === "remote-write-auth");
        expect(Object.keys(secret!.props.stringData as object).sort(), "every key the values reference exists").to.deep.equal(["password", "username"]);
    });

    it("the trace gateway exports to the in-cluster Jaeger by default, or to the configured OTLP endpoint with its token from a Secret", () => {
        const otlp = releaseValues(plans[1].plan, "otel-collector") as {
            config: { exporters: Record<string, unknown>; service: { pipelines: { traces: { exporters: string[] } } } };
            extraEnvs: unknown[];
        };
        expect(otlp.config.service.pipelines.traces.exporters).to.deep.equal(["otlphttp/upstream"]);
        expect(otlp.config.exporters["otlphttp/upstream"]).to.deep.equal({
            endpoint: "https://otlp.example.com",
            headers: { authorization: "${env:OTLP_EXPORTER_AUTH}" },
        });
        expect(otlp.extraEnvs).to.deep.equal([{ name: "OTLP_EXPORTER_AUTH", valueFrom: { secretKeyRef: { name: "otlp-exporter-auth", key: "token" } } }]);
        expect(releaseNamed(plans[1].plan, "jaeger")).to.equal(undefined);
        const vendor = plans.find((p) => p.label === "aws prod, vendor mode")!.plan;
        const jaegerOut = releaseValues(vendor, "otel-collector") as { config: { exporters: Record<string, { endpoint: string }> } };
        expect(jaegerOut.config.exporters["otlp/jaeger"].endpoint).to.equal("jaeger.tracing.svc.cluster.local:4317");
        expect(releaseNamed(vendor, "jaeger")).to.not.equal(undefined);
    });
});
