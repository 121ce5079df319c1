import { expect } from "chai";
import { platformPriorityClass } from "../../modules/addons/priority";
import { planShippedStack, PlanResult } from "../harness";

const metadataName = (r: { props: Record<string, unknown> }) => (r.props.metadata as { name?: string } | undefined)?.name;

function statefulResources(plan: PlanResult) {
    const releases = plan.releases().filter((r) => ["vault", "kube-prometheus-stack", "thanos"].includes(String(r.props.chart)));
    const namespaces = plan.ofType("kubernetes:core/v1:Namespace").filter((n) => ["vault", "monitoring"].includes(String(metadataName(n))));
    return { releases, namespaces };
}

describe("day-2 basics every add-on shares", () => {
    it("the platform PriorityClass ranks platform pods above tenant workloads and below Kubernetes' own classes", async () => {
        const plan = await planShippedStack("aws-dev");
        const pc = plan.one("kubernetes:scheduling.k8s.io/v1:PriorityClass");
        expect(pc.props).to.include({ value: platformPriorityClass.value, globalDefault: false });
        expect(platformPriorityClass.value).to.be.greaterThan(0).and.lessThan(2_000_000_000);
    });

    it("prod protects the stateful releases and their namespaces (Vault, kube-prometheus-stack, Thanos); dev protects none of them", async () => {
        const prod = statefulResources(await planShippedStack("aws-prod"));
        expect(prod.releases.map((r) => r.props.chart).sort()).to.deep.equal(["kube-prometheus-stack", "thanos", "vault"]);
        expect(prod.namespaces).to.have.length(2);
        for (const r of [...prod.releases, ...prod.namespaces]) {
            expect(r.protect, r.name).to.equal(true);
        }
        const dev = statefulResources(await planShippedStack("aws-dev"));
        for (const r of [...dev.releases, ...dev.namespaces]) {
            expect(r.protect, r.name).to.equal(false);
        }
    });
});
