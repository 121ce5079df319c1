import { expect } from "chai";
import { shippedStacks } from "../../modules/config";
import { planShippedStack } from "../harness";

describe("shipped stacks", () => {
    for (const stack of shippedStacks()) {
        it(`${stack} validates and plans with no mandatory policy violation`, async () => {
            const result = await planShippedStack(stack);
            expect(result.resources.length, "resources registered").to.be.greaterThan(1);
            expect(result.mandatoryViolations.map((v) => `${v.policy}: ${v.name}: ${v.message}`)).to.deep.equal([]);
        });
    }
});
