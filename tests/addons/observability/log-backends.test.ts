import { expect } from "chai";
import { Secret } from "../../../modules/config";
import { clusterProfile } from "../../../modules/cluster/capabilities";
import {
    backendEnv,
    backendIssues,
    backendPermissions,
    fluentBitOutputs,
    fluentdMatch,
    forwardOutput,
    LogSite,
    resolveBackend,
    ResolvedBackend,
} from "../../../modules/addons/observability/logging/backends";

const site: LogSite = { clusterName: "acme", region: "eu-west-1" };
/** Each kind of cluster's log service, as its profile (and its handle) offers it. */
const logsOf = (cloud: "aws" | "azure" | "gcp" | "existing") => clusterProfile(cloud).logs;

/** The key/value lines of the first [OUTPUT] section. */
function props(section: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of section.split("\n").slice(1)) {
        const m = /^\s+(\S+)\s+(.*)$/.exec(line);
        if (m) {
            out[m[1].toLowerCase()] = m[2];
        } else if (line.startsWith("[")) {
            break;
        }
    }
    return out;
}

const cases: { backend: ResolvedBackend; plugin: string; expect: Record<string, string>; secrets: string[] }[] = [
    {
        backend: {
            type: "elasticsearch",
            host: "es.example.com",
            port: 9243,
            tls: true,
            indexPrefix: "acme",
            username: "shipper",
            password: new Secret("es-pass-1"),
        },
        plugin: "es",
        expect: {
            host: "es.example.com",
            port: "9243",
            tls: "On",
            "tls.verify": "On",
            http_user: "shipper",
            http_passwd: "${LOG_BACKEND_PASSWORD}",
            logstash_prefix: "acme",
            suppress_type_name: "On",
        },
        secrets: ["es-pass-1"],
    },
    {
        backend: { type: "opensearch", host: "search.example.com", port: 443, tls: true, indexPrefix: "logs", awsSigV4: true },
        plugin: "opensearch",
        expect: { host: "search.example.com", aws_auth: "On", aws_region: "eu-west-1", logstash_format: "On" },
        secrets: [],
    },
    {
        backend: {
            type: "splunk",
            host: "hec.example.com",
            port: 8088,
            tls: true,
            token: new Secret("hec-token-2"),
            index: "k8s",
            sourcetype: "kube:container",
        },
        plugin: "splunk",
        expect: {
            host: "hec.example.com",
            port: "8088",
            splunk_token: "${LOG_BACKEND_TOKEN}",
            event_index: "k8s",
            event_sourcetype: "kube:container",
            tls: "On",
        },
        secrets: ["hec-token-2"],
    },
    {
        backend: { type: "loki", host: "loki.example.com", port: 443, tls: true, tenantId: "acme", bearerToken: new Secret("loki-token-3") },
        plugin: "loki",
        expect: {
            host: "loki.example.com",
            tenant_id: "acme",
            bearer_token: "${LOG_BACKEND_BEARER_TOKEN}",
            line_format: "json",
            labels: "job=fluent-bit,cluster=acme",
        },
        secrets: ["loki-token-3"],
    },
    {
        backend: { type: "cloudwatch", retentionDays: 14 },
        plugin: "cloudwatch_logs",
        expect: { region: "eu-west-1", log_group_name: "/platform/acme/containers", auto_create_group: "On", log_retention_days: "14" },
        secrets: [],
    },
    {
        backend: {
            type: "azureMonitor",
            dceUrl: "https://acme-dce.westeurope-1.ingest.monitor.azure.com",
            dcrId: "dcr-0123abcd",
            table: "PlatformLogs_CL",
            tenantId: "00000000-0000-4000-8000-000000000002",
            clientId: "00000000-0000-4000-8000-000000000003",
            clientSecret: new Secret("azure-secret-4"),
        },
        plugin: "azure_logs_ingestion",
        expect: {
            dce_url: "https://acme-dce.westeurope-1.ingest.monitor.azure.com",
            dcr_id: "dcr-0123abcd",
            table_name: "PlatformLogs_CL",
            client_secret: "${LOG_BACKEND_CLIENT_SECRET}",
        },
        secrets: ["azure-secret-4"],
    },
    {
        backend: { type: "googleCloudLogging", projectId: "acme-logs" },
        plugin: "stackdriver",
        expect: {
            resource: "k8s_container",
            k8s_cluster_name: "acme",
            k8s_cluster_location: "eu-west-1",
            tag_prefix: "kube.var.log.containers.",
            export_to_project_id: "acme-logs",
        },
        secrets: [],
    },
];

describe("observability: the log back-end switch", () => {
    for (const c of cases) {
        it(`${c.backend.type} produces a ${c.plugin} output with its settings, buffered on disk, secrets only as env references`, () => {
            const out = fluentBitOutputs(c.backend, site, "4Gi", logsOf(c.backend.type === "googleCloudLogging" ? "gcp" : "aws"));
            const p = props(out);
            expect(p.name).to.equal(c.plugin);
            for (const [k, v] of Object.entries(c.expect)) {
                expect(p[k], k).to.equal(v);
            }
            expect(p["storage.total_limit_size"]).to.equal("4G");
            expect(p.retry_limit).to.equal("no_limits");
            for (const s of c.secrets) {
                expect(out).to.not.contain(s);
            }
            const env = backendEnv(c.backend, "log-backend");
            expect(env.map((e) => e.valueFrom.secretKeyRef.name)).to.satisfy((names: string[]) => names.every((n) => n === "log-backend"));
            expect(env).to.have.length(c.secrets.length);
            for (const e of env) {
                expect(out, `${e.name} referenced`).to.contain(`\${${e.name}}`);
            }
        });
    }

    it("auto picks the cloud's own log service where it needs no setup, and nothing elsewhere", () => {
        expect(resolveBackend({ type: "auto" }, logsOf("aws"))?.type).to.equal("cloudwatch");
        expect(resolveBackend({ type: "auto" }, logsOf("gcp"))?.type).to.equal("googleCloudLogging");
        expect(resolveBackend({ type: "auto" }, logsOf("azure"))).to.equal(undefined);
        expect(resolveBackend({ type: "auto" }, logsOf("existing"))).to.equal(undefined);
    });

    it("cloud log services are refused on the wrong cloud, naming the key path", () => {
        const line = (issues: { path: string; message: string }[]) => issues.map((i) => `${i.path}: ${i.message}`);
        expect(line(backendIssues({ type: "cloudwatch", retentionDays: 30 }, logsOf("gcp")))).to.deep.equal([
            "observability.logging.backend.type: cloudwatch is another cloud's log service; this cluster's cloud does not serve it",
        ]);
        expect(line(backendIssues({ type: "googleCloudLogging" }, logsOf("azure")))[0]).to.match(/^observability\.logging\.backend\.type: /);
        expect(line(backendIssues({ type: "opensearch", host: "x", port: 443, tls: true, indexPrefix: "l", awsSigV4: true }, logsOf("gcp")))[0]).to.match(
            /^observability\.logging\.backend\.awsSigV4: needs a cluster on aws/,
        );
        expect(backendIssues({ type: "cloudwatch", retentionDays: 30 }, logsOf("aws"))).to.deep.equal([]);
    });

    it("cloud back ends ask for permissions scoped to their own log group or role; others ask for none", () => {
        const cw = backendPermissions({ type: "cloudwatch", retentionDays: 30 }, site, logsOf("aws"));
        const resources = (cw?.aws?.statements ?? []).flatMap((s) => [s.Resource].flat());
        expect(resources).to.have.length.greaterThan(0);
        for (const r of resources) {
            expect(String(r)).to.match(/^arn:aws:logs:eu-west-1:\*:log-group:\/platform\/acme\/containers(:\*)?$/);
        }
        expect(backendPermissions({ type: "googleCloudLogging" }, site, logsOf("gcp"))?.gcp?.roles.map((r) => r.role)).to.deep.equal([
            "roles/logging.logWriter",
        ]);
        expect(backendPermissions(cases[0].backend, site, logsOf("aws"))).to.equal(undefined);
    });

    it("with the Fluentd aggregator, Fluent Bit forwards with acknowledgements and Fluentd ships with a file buffer", () => {
        const fwd = props(forwardOutput("fluentd.logging.svc.cluster.local", 24224, "1Gi"));
        expect(fwd).to.include({ name: "forward", host: "fluentd.logging.svc.cluster.local", port: "24224", require_ack_response: "On" });
        const es = fluentdMatch(cases[0].backend, site);
        expect(es).to.contain("@type elasticsearch").and.contain(`password "#{ENV['LOG_BACKEND_PASSWORD']}"`).and.contain("@type file");
        expect(es).to.not.contain("es-pass-1");
        expect(fluentdMatch({ type: "cloudwatch", retentionDays: 30 }, site, logsOf("aws")))
            .to.contain("@type cloudwatch_logs")
            .and.contain("log_group_name /platform/acme/containers");
        expect(() => fluentdMatch(cases[2].backend, site)).to.throw(/observability\.logging\.aggregator/);
    });
});
