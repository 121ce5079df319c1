/**
 * Acceptance on the shipped cloud stacks (the real program, the real EKS/AKS/GKE modules): each
 * plans with the area's releases; prod has Thanos with its bucket and scoped identities; dev has not.
 */
import { expect } from "chai";
import { planShippedStack, PlanResult } from "../../harness";
import { scrapeProblems } from "./scrape-check";

const bucketTypes: Record<string, string> = { aws: "aws:s3/bucket:Bucket", azure: "azure-native:storage:BlobContainer", gcp: "gcp:storage/bucket:Bucket" };
const identityTypes: Record<string, string> = {
    aws: "aws:iam/rolePolicy:RolePolicy",
    azure: "azure-native:authorization:RoleAssignment",
    gcp: "gcp:storage/bucketIAMMember:BucketIAMMember",
};

/** Thanos' bucket (other add-ons, such as Vault's snapshots, have buckets of their own). */
function thanosBuckets(plan: PlanResult, cloud: string) {
    return plan.ofType(bucketTypes[cloud]).filter((b) => /^thanos-/.test(b.name));
}

function release(plan: PlanResult, name: string) {
    return plan.releases().find((r) => r.props.name === name);
}

describe("observability: shipped cloud stacks", function () {
    this.timeout(300000);
    for (const cloud of ["aws", "azure", "gcp"]) {
        it(`${cloud}-prod plans kube-prometheus-stack, the trace gateway and Thanos over a bucket reached only through scoped identities`, async () => {
            const plan = await planShippedStack(`${cloud}-prod`);
            for (const name of ["kube-prometheus-stack", "otel-collector", "jaeger", "thanos"]) {
                expect(release(plan, name), name).to.not.equal(undefined);
            }
            if (cloud !== "azure") {
                expect(release(plan, "fluent-bit"), "fluent-bit with the cloud's log service").to.not.equal(undefined);
            }
            const buckets = thanosBuckets(plan, cloud);
            expect(buckets, "one bucket").to.have.length(1);
            const thanos = release(plan, "thanos")!;
            const waits = plan.transitiveDependencies(thanos.urn);
            expect(waits.has(buckets[0].urn), "Thanos waits for its bucket").to.equal(true);
            const grants = plan.ofType(identityTypes[cloud]).filter((r) => /thanos-(sidecar|store|compact)/.test(r.name));
            expect(grants.length, "grants for the sidecar, store gateway and compactor").to.be.greaterThanOrEqual(3);
            for (const g of grants) {
                const text = JSON.stringify(g.props);
                if (cloud === "aws") {
                    expect(text, g.name).to.contain(String(buckets[0].props.bucketPrefix));
                    expect(text, `${g.name}: no wildcard bucket`).to.not.match(/arn:aws:s3:::\*/);
                } else if (cloud === "azure") {
                    expect(String(g.props.scope ?? ""), `${g.name} scoped to the container`).to.match(/thanos/);
                } else {
                    expect(g.props.bucket, g.name).to.equal(buckets[0].props.name);
                }
            }
            expect(scrapeProblems(plan), "every add-on of the stack is scraped").to.deep.equal([]);
            const store = grants.filter((g) => g.name.includes("thanos-store"));
            expect(JSON.stringify(store.map((g) => g.props)), "store gateway is read-only").to.not.match(/PutObject|DeleteObject|objectAdmin/);
        });

        it(`${cloud}-dev has no Thanos and no bucket`, async () => {
            const plan = await planShippedStack(`${cloud}-dev`);
            expect(release(plan, "kube-prometheus-stack")).to.not.equal(undefined);
            expect(release(plan, "thanos")).to.equal(undefined);
            expect(thanosBuckets(plan, cloud)).to.deep.equal([]);
        });
    }
});
