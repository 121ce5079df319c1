/**
 * `pulumi up` is as short as the platform's real needs allow: no add-on waits on another unless it
 * needs that add-on's CRDs or webhooks, so every shipped stack's critical path is no longer than its
 * structural minimum (cloud part, the slowest CRD-bearing chart and what needs it, admission last).
 */
import { expect } from "chai";
import { structuralMinimum } from "../../modules/bench/critical-path";
import { shippedStacks } from "../../modules/config";
import { localConfig, planConfig, planShippedStack, PlanResult } from "../harness";

const monitoringKinds = /^kubernetes:monitoring\.coreos\.com\/v1:(ServiceMonitor|PodMonitor|PrometheusRule)$/;

describe("deployment order", function () {
    this.timeout(300_000);

    for (const stack of shippedStacks()) {
        it(`${stack}: the critical path is no longer than the structural minimum`, async () => {
            const plan = await planShippedStack(stack);
            const minimum = structuralMinimum(plan.resources);
            expect(plan.plan.path.minutes, `critical path ${plan.plan.path.urns.map((u) => u.split("::").pop()).join(" -> ")}`).to.be.at.most(minimum + 0.01);
        });
    }

    describe("the monitoring CRDs", () => {
        let plan: PlanResult;
        before(async () => {
            plan = await planConfig(localConfig({ tenants: [{ name: "shop" }] }));
        });

        it("install as their own release that adopts CRDs already in the cluster, and keeps them if it is ever uninstalled", () => {
            const [crds] = plan.releases("prometheus-operator-crds");
            expect(crds, "prometheus-operator-crds release").to.not.equal(undefined);
            expect(crds.props.takeOwnership, "CRDs from kube-prometheus-stack's crds/ folder or the cluster's own tooling are adopted").to.equal(true);
            expect(crds.props.values).to.have.nested.property("crds.annotations.helm\\.sh/resource-policy", "keep");
            expect(plan.releases("kube-prometheus-stack")[0].props.values).to.have.nested.property("crds.enabled", false);
        });

        it("are what monitors and charts rendering them wait for, never the whole kube-prometheus-stack", () => {
            const crds = plan.releases("prometheus-operator-crds")[0].urn;
            const stack = plan.releases("kube-prometheus-stack")[0].urn;
            const gatekeeper = new Set([plan.releases("gatekeeper")[0].urn]);
            const monitors = plan.resources.filter((r) => monitoringKinds.test(r.type));
            expect(monitors.length, "monitors in the plan").to.be.greaterThan(0);
            for (const m of monitors) {
                expect(plan.transitiveDependencies(m.urn).has(crds), `${m.name} waits for the CRDs`).to.equal(true);
            }
            // Admission control goes in after every add-on by design; nothing else waits for Prometheus.
            const waiting = plan.resources.filter(
                (r) =>
                    r.urn !== stack &&
                    !gatekeeper.has(r.urn) &&
                    !plan.ancestors(r.urn).some((a) => a.includes("Gatekeeper")) &&
                    plan.transitiveDependencies(r.urn).has(stack),
            );
            expect(waiting.map((r) => r.name)).to.deep.equal([]);
        });
    });
});
