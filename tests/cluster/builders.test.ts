import { expect } from "chai";
import { parse } from "yaml";
import { cidrsOverlap, subnetOf } from "../../modules/lib/cidr";
import { awsExec, azureExec, execKubeconfig, gcpExec } from "../../modules/cluster/kubeconfig";
import { validateIdentityRequest } from "../../modules/cluster/identity-requests";
import { boundedName } from "../../modules/cluster/naming";
import { irsaTrustPolicy } from "../../modules/cluster/aws/iam-documents";
import { subnetLayout } from "../../modules/cluster/aws/subnets";
import { roleDefinitionId } from "../../modules/cluster/azure/roles";
import { serviceAccountId, workloadIdentityMember } from "../../modules/cluster/gcp/names";
import { awsServiceAnnotations } from "../../modules/cluster/aws/load-balancer";
import { azureServiceAnnotations } from "../../modules/cluster/azure/load-balancer";
import { gcpServiceAnnotations } from "../../modules/cluster/gcp/load-balancer";

describe("cluster builders", () => {
    it("EKS subnets lie inside the VPC and never overlap each other", () => {
        for (const vpc of ["10.0.0.0/16", "172.20.0.0/20", "10.128.0.0/12"]) {
            const layout = subnetLayout(vpc, 3);
            const all = [...layout.private, ...layout.public];
            expect(all).to.have.length(6);
            for (let i = 0; i < all.length; i++) {
                expect(cidrsOverlap(all[i], vpc), `${all[i]} in ${vpc}`).to.equal(true);
                for (let j = i + 1; j < all.length; j++) {
                    expect(cidrsOverlap(all[i], all[j]), `${all[i]} / ${all[j]}`).to.equal(false);
                }
            }
        }
        expect(subnetLayout("10.0.0.0/16", 3).private).to.deep.equal(["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"]);
        expect(() => subnetOf("10.0.0.0/16", 18, 4)).to.throw(/block 4 does not exist/);
    });

    it("an IRSA trust policy names one subject and the STS audience, never a wildcard", () => {
        const doc = irsaTrustPolicy("arn:aws:iam::1:oidc-provider/oidc.eks.x/id/AB", "https://oidc.eks.x/id/AB", "vault", "vault-unseal");
        expect(doc).to.not.contain("*");
        expect(doc).to.not.contain("StringLike");
        expect(JSON.parse(doc).Statement[0].Condition.StringEquals).to.deep.equal({
            "oidc.eks.x/id/AB:sub": "system:serviceaccount:vault:vault-unseal",
            "oidc.eks.x/id/AB:aud": "sts.amazonaws.com",
        });
    });

    it("kubeconfigs authenticate through each cloud's exec plugin and hold no credential", () => {
        for (const [exec, command] of [
            [awsExec("c", "eu-west-1"), "aws"],
            [azureExec(), "kubelogin"],
            [gcpExec(), "gke-gcloud-auth-plugin"],
        ] as const) {
            const doc = parse(execKubeconfig({ name: "c", server: "example.test", caData: "Q0E=", exec }));
            expect(doc.clusters[0].cluster.server).to.equal("https://example.test");
            const user = doc.users[0].user;
            expect(Object.keys(user)).to.deep.equal(["exec"]);
            expect(user.exec).to.include({ apiVersion: "client.authentication.k8s.io/v1beta1", command, interactiveMode: "Never" });
        }
        expect(awsExec("c", "eu-west-1").args).to.deep.equal(["eks", "get-token", "--cluster-name", "c", "--region", "eu-west-1", "--output", "json"]);
    });

    it("cloud names stay within limits and distinct after truncation", () => {
        const a = boundedName("a-very-long-cluster-name-for-testing", "external-dns", 30);
        const b = boundedName("a-very-long-cluster-name-for-testing", "external-dnx", 30);
        expect(a.length).to.be.at.most(30);
        expect(a).to.not.equal(b);
        for (const id of [serviceAccountId("p", "x"), serviceAccountId("a-very-long-cluster-name-for-testing", "cert-manager")]) {
            expect(id).to.match(/^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/);
        }
    });

    it("binding requests are validated before anything is created", () => {
        expect(() => validateIdentityRequest({ name: "Ext DNS", namespace: "ok", serviceAccount: "ok" })).to.throw(/identity binding 'Ext DNS': name/);
        expect(() => validateIdentityRequest({ name: "dns", namespace: "ok", serviceAccount: "Not_OK" })).to.throw(/serviceAccount 'Not_OK'/);
    });

    it("Azure role names resolve to built-in role ids; unknown names are rejected", () => {
        expect(roleDefinitionId("sub", "Key Vault Crypto User")).to.equal(
            "/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/12338af0-0e69-4776-bea7-57ae8d297424",
        );
        expect(roleDefinitionId("sub", "b24988ac-6180-42a0-ab88-20f7382dd24c")).to.match(/b24988ac-6180-42a0-ab88-20f7382dd24c$/);
        expect(() => roleDefinitionId("sub", "Owner-ish")).to.throw(/unknown Azure role 'Owner-ish'/);
    });

    it("internal load balancers are requested with each cloud's built-in controller annotations", () => {
        expect(awsServiceAnnotations(true)).to.include({
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
            "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
        });
        expect(awsServiceAnnotations(false)).to.not.have.property("service.beta.kubernetes.io/aws-load-balancer-internal");
        expect(azureServiceAnnotations(true)).to.deep.equal({ "service.beta.kubernetes.io/azure-load-balancer-internal": "true" });
        expect(gcpServiceAnnotations(true)).to.deep.equal({ "networking.gke.io/load-balancer-type": "Internal" });
        expect([azureServiceAnnotations(false), gcpServiceAnnotations(false)]).to.deep.equal([{}, {}]);
    });

    it("the GKE workload identity member names exactly one namespace/service account", () => {
        expect(workloadIdentityMember("p1", "cert-manager", "cert-manager")).to.equal("serviceAccount:p1.svc.id.goog[cert-manager/cert-manager]");
    });
});
