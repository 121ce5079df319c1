import { expect } from "chai";
import { shippedStacks } from "../../../modules/config";
import { localConfig, planConfig, planShippedStack, PlanResult, withAlertReceiver } from "../../harness";
import type { RecordedResource } from "../../../modules/plan/model";

const slack = "https://hooks.slack.com/services/T0000/B0000/plaintextSLACKkey";
const hook = "https://alerts.example.com/ingest?token=plaintextHOOKtoken";
const ghSecret = "plaintextGITHUBsecret";
const ldapPw = "plaintextLDAPpassword";
const grafanaSecret = "plaintextGRAFANAsecret";

/** Everything in the security area on, with every secret the area takes set. */
const everything = localConfig({
    environment: "prod",
    // An existing cluster has no object storage for Thanos (on by default in prod).
    observability: { longTerm: { enabled: false } },
    // Dex is published through an Ingress, which Envoy Gateway does not serve: prod keeps the retired
    // ingress-nginx, explicitly (the maintained-controller rule is mandatory in prod otherwise).
    ingress: { nginx: { acceptRetired: { reason: "Dex is published through an Ingress; Envoy Gateway serves none" } } },
    security: {
        certManager: { acme: { email: "ops@example.com" } },
        falco: { slackWebhookUrl: slack, webhookUrl: hook },
    },
    identity: {
        provider: "dex",
        issuer: "https://dex.example.com",
        connectors: [
            { type: "github", id: "github", name: "GitHub", clientId: "gh-client", clientSecret: ghSecret, orgs: [{ name: "acme", teams: ["platform"] }] },
            {
                type: "ldap",
                id: "corp-ldap",
                name: "Corp",
                host: "ldap.example.com:636",
                bindDn: "cn=svc,dc=example,dc=com",
                bindPassword: ldapPw,
                userSearch: { baseDn: "ou=people,dc=example,dc=com" },
                groupSearch: { baseDn: "ou=groups,dc=example,dc=com" },
            },
        ],
        grafana: { redirectUri: "https://grafana.example.com/login/generic_oauth", clientSecret: grafanaSecret },
    },
    rbac: { platformAdminGroup: "platform-admins", platformViewerGroups: ["sre", "auditors"] },
});
const secretSections = ["security", "identity"];

/** API groups whose custom resources need a CRD, and the chart whose release installs it. */
const crdOwners: Record<string, string> = {
    "cert-manager.io": "cert-manager",
    "monitoring.coreos.com": "prometheus-operator-crds",
    "rbacmanager.reactiveops.io": "rbac-manager",
    "config.gatekeeper.sh": "gatekeeper",
    "templates.gatekeeper.sh": "gatekeeper",
    "constraints.gatekeeper.sh": "gatekeeper",
    "idp.supervisor.pinniped.dev": "pinniped",
    "config.supervisor.pinniped.dev": "pinniped",
    "authentication.concierge.pinniped.dev": "pinniped",
};

function apiGroupOf(r: RecordedResource): string | undefined {
    const m = /^kubernetes:([^/:]+)\/[^:]+:/.exec(r.type);
    return m ? m[1] : undefined;
}

function customResources(result: PlanResult) {
    return result.resources.filter((r) => {
        const g = apiGroupOf(r);
        return g !== undefined && g.includes(".") && !g.endsWith("k8s.io") && g !== "helm.sh";
    });
}

describe("security rules, over a plan with every security service on", () => {
    let result: PlanResult;
    let pinniped: PlanResult;
    before(async () => {
        result = await planConfig(withAlertReceiver(everything), { secretSections });
        pinniped = await planConfig(
            localConfig({
                identity: {
                    provider: "pinniped",
                    issuer: "https://login.example.com/platform",
                    upstream: { issuer: "https://login.microsoftonline.com/tenant/v2.0", clientId: "pinniped", clientSecret: "plaintextPINNIPEDsecret" },
                },
            }),
            { secretSections: ["identity"] },
        );
    });

    it("every custom resource that needs a CRD depends on the release that installs it", () => {
        for (const plan of [result, pinniped]) {
            const crs = customResources(plan);
            expect(crs.length, "custom resources in the plan").to.be.greaterThan(3);
            for (const cr of crs) {
                const group = apiGroupOf(cr) as string;
                const chart = crdOwners[group];
                expect(chart, `${cr.type} has a known installing chart`).to.not.equal(undefined);
                const releases = plan.releases(chart);
                expect(releases, `${chart} release for ${cr.name}`).to.have.length(1);
                expect(plan.transitiveDependencies(cr.urn).has(releases[0].urn), `${cr.type} ${cr.name} waits for the ${chart} release`).to.equal(true);
            }
        }
    });

    it("Gatekeeper's release is installed after every other add-on's release", () => {
        const gatekeeper = result.releases("gatekeeper")[0];
        const others = result.releases().filter((r) => r.urn !== gatekeeper.urn);
        expect(others.length).to.be.greaterThan(4);
        const deps = result.transitiveDependencies(gatekeeper.urn);
        for (const other of others) {
            expect(deps.has(other.urn), `gatekeeper waits for ${other.name}`).to.equal(true);
        }
    });

    it("no release values hold a plain-text secret; the secrets are in Kubernetes Secrets as Pulumi secrets", () => {
        const plaintexts = [slack, hook, ghSecret, ldapPw, grafanaSecret];
        for (const plan of [result, pinniped]) {
            for (const release of plan.releases()) {
                const text = JSON.stringify(release.props.values) + JSON.stringify(release.inputs);
                for (const p of [...plaintexts, "plaintextPINNIPEDsecret"]) {
                    expect(text.includes(p), `${release.name} values hold a secret`).to.equal(false);
                }
            }
        }
        const secrets = result.ofType("kubernetes:core/v1:Secret");
        const stored = JSON.stringify(secrets.map((s) => s.props.stringData));
        for (const p of plaintexts) {
            expect(stored.includes(p), "the secret reaches a Kubernetes Secret").to.equal(true);
        }
        for (const s of secrets) {
            expect(JSON.stringify(s.inputs.stringData), `${s.name} is recorded as a Pulumi secret`).to.equal('"[secret]"');
        }
    });

    it("only the configured admin group is bound to cluster-admin (rbac-manager and plain bindings alike)", async () => {
        const plain = await planConfig(
            localConfig({ rbac: { platformAdminGroup: "platform-admins", platformViewerGroups: ["sre"], rbacManager: { enabled: false } } }),
        );
        const none = await planConfig(localConfig({ rbac: { platformViewerGroups: ["sre"] } }));
        const adminSubjects = (plan: PlanResult) => {
            const subjects: string[] = [];
            for (const b of [
                ...plan.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"),
                ...plan.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"),
            ]) {
                const ref = b.props.roleRef as { name: string };
                if (ref.name === "cluster-admin") {
                    subjects.push(...(b.props.subjects as { kind: string; name: string }[]).map((s) => `${s.kind}:${s.name}`));
                }
            }
            for (const d of plan.ofType("kubernetes:rbacmanager.reactiveops.io/v1beta1:RBACDefinition")) {
                for (const rb of d.props.rbacBindings as {
                    subjects: { kind: string; name: string }[];
                    clusterRoleBindings?: { clusterRole: string }[];
                    roleBindings?: { clusterRole?: string }[];
                }[]) {
                    const bindsAdmin = [...(rb.clusterRoleBindings ?? []), ...(rb.roleBindings ?? [])].some((x) => x.clusterRole === "cluster-admin");
                    if (bindsAdmin) {
                        subjects.push(...rb.subjects.map((s) => `${s.kind}:${s.name}`));
                    }
                }
            }
            return subjects;
        };
        expect(adminSubjects(result)).to.deep.equal(["Group:platform-admins"]);
        expect(adminSubjects(plain)).to.deep.equal(["Group:platform-admins"]);
        expect(adminSubjects(none), "no admin group configured: nothing bound to cluster-admin").to.deep.equal([]);
    });

    it("every platform namespace has a default-deny NetworkPolicy for ingress and egress", () => {
        for (const plan of [result, pinniped]) {
            const namespaces = plan
                .ofType("kubernetes:core/v1:Namespace")
                .filter((n) => (n.props.metadata as { labels?: Record<string, string> }).labels?.["platform.io/namespace"] !== undefined)
                .map((n) => (n.props.metadata as { name: string }).name);
            expect(namespaces.length).to.be.greaterThan(4);
            const denied = new Set(
                plan
                    .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
                    .filter((p) => {
                        const spec = p.props.spec as { podSelector: Record<string, unknown>; policyTypes: string[]; ingress?: unknown[]; egress?: unknown[] };
                        return (
                            Object.keys(spec.podSelector).length === 0 &&
                            spec.policyTypes.includes("Ingress") &&
                            spec.policyTypes.includes("Egress") &&
                            !spec.ingress &&
                            !spec.egress
                        );
                    })
                    .map((p) => (p.props.metadata as { namespace: string }).namespace),
            );
            for (const ns of namespaces) {
                expect(denied.has(ns), `${ns} has default-deny`).to.equal(true);
            }
        }
    });

    it("the plan raises no mandatory policy violation", () => {
        expect(result.mandatoryViolations.map((v) => `${v.policy}: ${v.name}: ${v.message}`)).to.deep.equal([]);
    });
});

describe("every shipped stack plans with the security services", () => {
    for (const stack of shippedStacks()) {
        it(`${stack}: cert-manager, Vault (KMS seal on a cloud, Shamir on local), Falco, rbac-manager and Gatekeeper last`, async () => {
            const plan = await planShippedStack(stack);
            for (const chart of ["cert-manager", "vault", "falco", "rbac-manager", "gatekeeper"]) {
                expect(plan.releases(chart), `${stack} installs ${chart}`).to.have.length(1);
            }
            const hcl = String((plan.releases("vault")[0].props.values as { server: { ha: { raft: { config: string } } } }).server.ha.raft.config);
            const cloud = plan.plan.run.config.cluster.cloud;
            if (cloud === "existing") {
                expect(hcl, "Shamir on an existing cluster").to.not.match(/seal "/);
            } else {
                expect(hcl, `${cloud} auto-unseal`).to.match(/seal "(awskms|azurekeyvault|gcpckms)"/);
            }
            const gatekeeper = plan.releases("gatekeeper")[0];
            const deps = plan.transitiveDependencies(gatekeeper.urn);
            for (const other of plan.releases().filter((r) => r.urn !== gatekeeper.urn)) {
                expect(deps.has(other.urn), `${stack}: gatekeeper after ${other.name}`).to.equal(true);
            }
        });
    }
});
