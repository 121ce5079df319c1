import { expect } from "chai";
import { parseStackConfig } from "../../modules/config";
import { kubernetesVersions } from "../../modules/config/sections/cluster";
import { rawConfig, rejectionOf } from "../harness";
import { awsConfig, azureConfig, gcpConfig } from "./helpers";

describe("cluster configuration", () => {
    it("each cloud accepts only the Kubernetes versions it supports, naming the key", () => {
        expect(rejectionOf(awsConfig("dev", { kubernetesVersion: "1.31" }))[0]).to.match(/^cluster\.kubernetesVersion: /);
        expect(rejectionOf(azureConfig("dev", { kubernetesVersion: "1.33" }))[0]).to.match(/^cluster\.kubernetesVersion: /);
        expect(rejectionOf(gcpConfig("dev", { kubernetesVersion: "1.33" }))[0]).to.match(/^cluster\.kubernetesVersion: /);
        for (const version of kubernetesVersions.aws) {
            expect(() => parseStackConfig(rawConfig(awsConfig("dev", { kubernetesVersion: version })))).to.not.throw();
        }
    });

    it("defaults to a version every cloud supports", () => {
        for (const config of [awsConfig("dev"), azureConfig("dev"), gcpConfig("dev")]) {
            expect(parseStackConfig(rawConfig(config)).cluster).to.include({ kubernetesVersion: "1.35" });
        }
    });

    it("a public endpoint is never open to 0.0.0.0/0 and needs allowed CIDRs", () => {
        expect(rejectionOf(awsConfig("dev", { endpoint: { private: false, publicAccessCidrs: ["0.0.0.0/0"] } }))).to.deep.equal([
            "cluster.endpoint.publicAccessCidrs[0]: 0.0.0.0/0 opens the endpoint to the whole internet; name the networks that need access",
        ]);
        expect(rejectionOf(gcpConfig("dev", { endpoint: { private: false } }))[0]).to.match(/^cluster\.endpoint\.publicAccessCidrs: a public endpoint needs/);
        // The whole internet written with a padded prefix is no loophole.
        expect(rejectionOf(azureConfig("dev", { endpoint: { private: false, publicAccessCidrs: ["0.0.0.0/00"] } }))).to.deep.equal([
            "cluster.endpoint.publicAccessCidrs[0]: must be an IPv4 CIDR such as 10.0.0.0/16, with no host bits set",
        ]);
    });

    it("prod clusters default to, and must keep, a private endpoint", () => {
        expect(parseStackConfig(rawConfig(azureConfig("prod"))).cluster).to.deep.include({
            endpoint: { private: true, publicAccessCidrs: [], privateAccessCidrs: [] },
        });
        expect(rejectionOf(awsConfig("prod", { endpoint: { private: false, publicAccessCidrs: ["198.51.100.0/24"] } }))).to.deep.equal([
            "cluster.endpoint.private: prod clusters must use a private endpoint",
        ]);
    });

    it("overlapping network ranges are rejected, naming the range", () => {
        expect(rejectionOf(azureConfig("dev", { network: { mode: "create", cidr: "10.0.0.0/16", serviceCidr: "10.0.128.0/20" } }))).to.deep.equal([
            "cluster.network.serviceCidr: overlaps cidr (10.0.0.0/16); the ranges must be disjoint",
        ]);
    });

    it("admin groups must have each cloud's identity format", () => {
        expect(rejectionOf(awsConfig("dev", { adminGroup: "platform-admins" }))[0]).to.match(/^cluster\.adminGroup: must be an IAM role ARN/);
        expect(rejectionOf(azureConfig("dev", { adminGroup: "platform-admins" }))[0]).to.match(/^cluster\.adminGroup: must be an Entra ID group object id/);
        expect(rejectionOf(gcpConfig("dev", { adminGroup: "platform-admins" }))[0]).to.match(/^cluster\.adminGroup: must be a Google group email/);
    });

    it("a bring-your-own network needs its ids, in the cloud's format", () => {
        const issues = rejectionOf(
            awsConfig("dev", { network: { mode: "existing", vpcId: "my-vpc", cidr: "10.0.0.0/16", zones: ["a", "b"], privateSubnetIds: [] } }),
        );
        expect(issues).to.include.members([
            "cluster.network.vpcId: must be a VPC id such as vpc-0abc12345def67890",
            "cluster.network.privateSubnetIds: Too small: expected array to have >=2 items",
        ]);
    });

    it("the system pool keeps at least one node; bounds are ordered", () => {
        expect(rejectionOf(awsConfig("dev", { nodePools: { system: { autoscaling: { min: 0, max: 2 } } } }))).to.deep.equal([
            "cluster.nodePools.system.autoscaling.min: the system pool needs at least one node",
        ]);
        expect(rejectionOf(gcpConfig("dev", { nodePools: { workloads: { autoscaling: { min: 5, max: 2 } } } }))).to.deep.equal([
            "cluster.nodePools.workloads.autoscaling.min: min must not be greater than max",
        ]);
    });

    it("a GKE version must be offered by the chosen release channel", () => {
        expect(rejectionOf(gcpConfig("prod", { kubernetesVersion: "1.36" }))).to.deep.equal([
            "cluster.kubernetesVersion: 1.36 is not yet offered in the STABLE channel (1.34, 1.35)",
        ]);
    });

    it("GCP label values (from tags) must be valid labels", () => {
        expect(rejectionOf(gcpConfig("dev", { tags: { team: "Platform Team" } }))).to.deep.equal([
            "cluster.tags.team: GCP label values may hold only lowercase letters, digits, '_' and '-'",
        ]);
    });
});
