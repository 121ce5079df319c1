import { expect } from "chai";
import { sealStanza, unsealMode, vaultServerConfig } from "../../../modules/addons/security/vault";
import { ConfigError } from "../../../modules/config";
import { stackKeys } from "../../fakes/cluster";
import { localConfig, planConfig, planShippedStack, rejectionOf, resolveOutput, withAlertReceiver } from "../../harness";
import { at, Cloud, principalFor, runOnCloud, valuesOf } from "./fixtures";

const vaultConfig = (values: Record<string, unknown>) => String(at(values, "server.ha.raft.config"));

describe("Vault", () => {
    describe("auto-unseals with the stack's own KMS key through the cluster's workload identity, on every cloud", () => {
        const expectations: Record<Cloud, { stanza: RegExp[]; permission: (r: ReturnType<typeof JSON.parse>) => boolean; annotation: string }> = {
            aws: {
                stanza: [/seal "awskms"/, /kms_key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"/, /region\s+= "eu-west-1"/],
                permission: (p) =>
                    JSON.stringify(p.aws.statements).includes("arn:aws:kms:eu-west-1:111122223333:key/1234abcd") &&
                    JSON.stringify(p.aws.statements).includes("kms:Decrypt"),
                annotation: "eks.amazonaws.com/role-arn",
            },
            azure: {
                stanza: [
                    /seal "azurekeyvault"/,
                    /vault_name = "test-kv"/,
                    /key_name\s+= "vault-unseal"/,
                    /tenant_id\s+= "00000000-0000-0000-0000-0000000000aa"/,
                ],
                permission: (p) =>
                    p.azure.roleAssignments[0].role === "Key Vault Crypto User" &&
                    String(p.azure.roleAssignments[0].scope).endsWith("/vaults/test-kv/keys/vault-unseal"),
                annotation: "azure.workload.identity/client-id",
            },
            gcp: {
                stanza: [/seal "gcpckms"/, /project\s+= "acme-platform"/, /key_ring\s+= "test-ring"/, /crypto_key = "vault-unseal"/],
                permission: (p) =>
                    p.gcp.roles.some(
                        (r: { role: string; resource: string }) =>
                            r.role === "roles/cloudkms.cryptoKeyEncrypterDecrypter" && r.resource.endsWith("/cryptoKeys/vault-unseal"),
                    ),
                annotation: "iam.gke.io/gcp-service-account",
            },
        };
        for (const cloud of ["aws", "azure", "gcp"] as Cloud[]) {
            it(`${cloud}: the seal stanza names the stack's key and Vault's service account carries the identity allowed to use it`, async () => {
                const run = await runOnCloud(cloud, {});
                expect(run.keys, "a key created in the stack for Vault").to.deep.equal(["vault-unseal"]);
                const values = valuesOf(run.release("vault"));
                const hcl = vaultConfig(values);
                for (const re of expectations[cloud].stanza) {
                    expect(hcl).to.match(re);
                }
                const binding = run.binder.requests.find((b) => b.name === "vault-unseal");
                expect(binding, "identity binding for Vault").to.not.equal(undefined);
                expect(binding?.namespace).to.equal("vault");
                expect(binding?.serviceAccount).to.equal(at(values, "server.serviceAccount.name"));
                const permissions = JSON.parse(JSON.stringify(await resolveOutput(binding?.permissions as never).then((r) => r.value)));
                expect(expectations[cloud].permission(permissions), JSON.stringify(permissions)).to.equal(true);
                const annotations = at(values, "server.serviceAccount.annotations") as Record<string, string>;
                expect(annotations[expectations[cloud].annotation]).to.equal(principalFor(cloud, "vault-unseal"));
                if (cloud === "azure") {
                    expect(at(values, "server.extraLabels")).to.deep.equal({ "azure.workload.identity/use": "true" });
                }
            });
        }
    });

    it("the shipped local stack plans with Vault in Shamir mode (no seal stanza, no cloud identity)", async () => {
        const result = await planShippedStack("local");
        const hcl = vaultConfig(valuesOf(result.releases("vault")[0]));
        expect(hcl).to.not.match(/seal "/);
        expect(hcl).to.match(/storage "raft"/);
    });

    it("asking for KMS unseal on an existing cluster is refused before anything is created, naming the key", () => {
        expect(rejectionOf(localConfig({ security: { vault: { unseal: "kms" } } }))).to.deep.equal([
            "security.vault.unseal: 'kms' needs a cloud cluster (an existing cluster has no KMS in the stack); use 'shamir' or 'auto'",
        ]);
        expect(() => unsealMode("kms", false)).to.throw(ConfigError, /security\.vault\.unseal: 'kms' needs a cluster whose cloud offers a KMS/);
        expect(unsealMode("auto", false)).to.equal("shamir");
        expect(unsealMode("auto", true)).to.equal("kms");
        expect(unsealMode("shamir", true)).to.equal("shamir");
    });

    it("prod runs 3 Raft voters with a PDB, dev runs 1; TLS is on and the listener uses the cert-manager certificate", async () => {
        for (const [environment, replicas] of [
            ["prod", 3],
            ["dev", 1],
        ] as const) {
            const run = await runOnCloud("aws", withAlertReceiver({ environment }));
            const values = valuesOf(run.release("vault"));
            expect(at(values, "server.ha.replicas"), environment).to.equal(replicas);
            expect(at(values, "server.ha.raft.enabled")).to.equal(true);
            expect(at(values, "server.ha.disruptionBudget.enabled")).to.equal(true);
            expect(at(values, "global.tlsDisable")).to.equal(false);
            expect(at(values, "server.auditStorage.enabled")).to.equal(true);
            expect(at(values, "injector.enabled")).to.equal(true);
            const hcl = vaultConfig(values);
            expect(hcl).to.include('tls_cert_file   = "/vault/userconfig/vault-tls/tls.crt"');
            expect(hcl.match(/retry_join/g)?.length, "one retry_join per voter").to.equal(replicas);
            expect(at(values, "server.extraVolumes")).to.deep.include({ type: "secret", name: "vault-tls" });
        }
    });

    it("Vault installs alongside cert-manager: its certificate waits for cert-manager and the internal CA, its release waits for neither", async () => {
        const result = await planConfig(localConfig());
        const release = result.releases("vault")[0];
        const cert = result.one("kubernetes:cert-manager.io/v1:Certificate", "vault-tls");
        const certDeps = result.transitiveDependencies(cert.urn);
        const certManager = result.releases("cert-manager")[0].urn;
        const caIssuer = result.one("kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-ca-issuer").urn;
        expect(certDeps.has(certManager)).to.equal(true);
        expect(certDeps.has(caIssuer)).to.equal(true);
        expect(cert.props.spec).to.have.nested.property("issuerRef.name", "platform-ca");
        expect((cert.props.spec as { secretName: string }).secretName, "the Secret the chart mounts").to.equal("vault-tls");
        const releaseDeps = result.transitiveDependencies(release.urn);
        expect(
            [certManager, caIssuer, cert.urn].filter((u) => releaseDeps.has(u)),
            "Vault's release waits on none of cert-manager's objects",
        ).to.deep.equal([]);
    });

    it("renders seal stanzas only for KMS seals", async () => {
        expect((await resolveOutput(sealStanza(undefined))).value).to.equal("");
        const aws = (await resolveOutput(vaultServerConfig({ replicas: 3, releaseName: "vault", seal: stackKeys.aws.vaultSeal, ui: true }))).value;
        expect(aws).to.match(/seal "awskms" \{\n {2}region {5}= "eu-west-1"\n {2}kms_key_id = "1234abcd/);
    });
});
