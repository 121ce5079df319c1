/**
 * ingress-nginx is retired. In prod the maintained-controller rule is mandatory, unless the stack
 * accepts the retired controller through `ingress.nginx.acceptRetired`: then the plan carries an
 * advisory that quotes the reason instead. The acceptance travels on the release (annotations of the
 * controller Deployment), so `pulumi preview --policy-pack` sees exactly what the offline plan sees.
 */
import { expect } from "chai";
import { retiredControllerAcceptance } from "../../../policy-pack/policies/helm/ingress-nginx";
import { clusterSection } from "../../fakes/cluster";
import { planConfig, PlanResult, rejectionOf, TestConfig, withAlertReceiver } from "../../harness";

type Obj = Record<string, unknown>;
const get = (o: unknown, path: string[]): unknown => path.reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

const reason = "payments still serve Ingress objects until PLAT-1234 ships";

function prod(ingress: Obj = {}): TestConfig {
    return withAlertReceiver({ environment: "prod", cluster: clusterSection("gcp"), ingress });
}

const ingressRules = (plan: PlanResult) =>
    plan.violations.filter((v) => /ingress-controller/.test(v.policy)).map((v) => `${v.level} ${v.policy}: ${v.message}`);

describe("the retired ingress-nginx in prod: mandatory unless the stack accepts it", () => {
    it("a prod stack on ingress-nginx with no acceptance gets a mandatory violation that names both ways out", async () => {
        const plan = await planConfig(prod());
        const mandatory = plan.mandatoryViolations.filter((v) => v.policy === "require-maintained-ingress-controller");
        expect(mandatory).to.have.length(1);
        expect(mandatory[0].message).to.contain("ingress.controller: envoyGateway").and.to.contain("ingress.nginx.acceptRetired");
    });

    it("accepting it turns the rule into an advisory that states the reason; the acceptance is on the controller Deployment", async () => {
        const plan = await planConfig(prod({ nginx: { acceptRetired: { reason, until: "2999-12-31" } } }));
        expect(plan.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
        const rules = ingressRules(plan);
        expect(rules).to.have.length(1);
        expect(rules[0]).to.match(/^advisory restrict-accepted-retired-ingress-controller: /);
        expect(rules[0]).to.contain(reason).and.to.contain("until 2999-12-31");
        const release = plan.releases("ingress-nginx")[0];
        expect(get(release.props.values, ["controller", "annotations"])).to.deep.equal({
            [retiredControllerAcceptance.reason]: reason,
            [retiredControllerAcceptance.until]: "2999-12-31",
        });
    });

    it("an acceptance whose last day has passed no longer counts: mandatory again, saying when it ended", async () => {
        const plan = await planConfig(prod({ nginx: { acceptRetired: { reason, until: "2001-02-28" } } }));
        const mandatory = plan.mandatoryViolations.filter((v) => v.policy === "require-maintained-ingress-controller");
        expect(mandatory).to.have.length(1);
        expect(mandatory[0].message).to.contain("ended on 2001-02-28");
    });

    it("a prod stack on Envoy Gateway needs no acceptance and gets no ingress-controller finding", async () => {
        const plan = await planConfig(prod({ controller: "envoyGateway" }));
        expect(ingressRules(plan)).to.deep.equal([]);
        expect(plan.mandatoryViolations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
    });

    it("in dev the retired controller stays an advisory", async () => {
        const plan = await planConfig({ environment: "dev", cluster: clusterSection("gcp") });
        expect(ingressRules(plan).map((r) => r.split(":")[0])).to.deep.equal(["advisory require-maintained-ingress-controller"]);
    });
});

describe("ingress.nginx.acceptRetired: a documented switch with a reason", () => {
    const rejected = (ingress: Obj) => rejectionOf(prod(ingress)).join("\n");

    it("belongs to the nginx controller only", () => {
        expect(rejected({ controller: "envoyGateway", nginx: { acceptRetired: { reason } } })).to.contain(
            "ingress.nginx.acceptRetired: accepts the retired ingress-nginx, but ingress.controller is envoyGateway; remove it",
        );
    });

    it("needs a one-line reason of some substance", () => {
        expect(rejected({ nginx: { acceptRetired: { reason: "later" } } })).to.match(
            /ingress\.nginx\.acceptRetired\.reason: say why the retired controller is still needed/,
        );
        expect(rejected({ nginx: { acceptRetired: { reason: "line one of it\nline two of it" } } })).to.match(
            /ingress\.nginx\.acceptRetired\.reason: must be one line/,
        );
        expect(rejected({ nginx: { acceptRetired: {} } })).to.match(/ingress\.nginx\.acceptRetired\.reason: /);
    });

    it("takes an end date that is a real calendar date", () => {
        expect(rejected({ nginx: { acceptRetired: { reason, until: "31/12/2026" } } })).to.match(
            /ingress\.nginx\.acceptRetired\.until: must be a date written YYYY-MM-DD/,
        );
        expect(rejected({ nginx: { acceptRetired: { reason, until: "2026-02-30" } } })).to.match(
            /ingress\.nginx\.acceptRetired\.until: is not a calendar date/,
        );
    });

    it("cannot be forged through raw values", () => {
        expect(rejected({ nginx: { values: { controller: { annotations: { [retiredControllerAcceptance.reason]: "x" } } } } })).to.contain(
            `ingress.nginx.values.controller.annotations.${retiredControllerAcceptance.reason}: accept the retired controller with ingress.nginx.acceptRetired`,
        );
    });
});
