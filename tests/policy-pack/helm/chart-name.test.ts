/** H3 and H4 recognise a chart by its own name however the release names its source. */
import { expect } from "chai";
import { chartBaseName } from "../../../policy-pack/policies/helm/release";

describe("chart names behind a release's chart input", () => {
    const cases: [string, string][] = [
        ["ingress-nginx", "ingress-nginx"],
        ["ingress-nginx/ingress-nginx", "ingress-nginx"],
        ["oci://mirror.example.com/charts/ingress-nginx", "ingress-nginx"],
        ["oci://mirror.example.com/charts/ingress-nginx/", "ingress-nginx"],
        ["https://github.com/kubernetes/ingress-nginx/releases/download/helm-chart-4.15.1/ingress-nginx-4.15.1.tgz", "ingress-nginx"],
        ["./charts/falco", "falco"],
    ];
    for (const [chart, name] of cases) {
        it(`'${chart}' is the chart '${name}'`, () => {
            expect(chartBaseName({ chart })).to.equal(name);
        });
    }

    it("a release without a chart has no chart name", () => {
        expect(chartBaseName({})).to.equal(undefined);
    });
});
