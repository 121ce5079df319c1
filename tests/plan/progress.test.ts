import { expect } from "chai";
import { PlanProgress } from "../../modules/plan/progress";

function stream(isTTY: boolean) {
    const written: string[] = [];
    return { isTTY, written, write: (t: string) => (written.push(t), true) };
}

describe("the plan's progress line", () => {
    it("on a terminal: shows the stack, the phase and the resources registered, and clears itself at the end", () => {
        const s = stream(true);
        const p = new PlanProgress("aws-prod", s, 0);
        p.onPhase("program");
        p.onResource(41);
        p.onResource(42);
        p.onPhase("policies", { resources: 42, policies: 60 });
        p.done();
        const text = s.written.join("");
        expect(text).to.include("planning aws-prod: evaluating the program, 42 resources");
        expect(text).to.include("running 60 policies over 42 resources");
        expect(s.written[s.written.length - 1], "the line is erased").to.equal("\r\x1b[2K");
    });

    it("elsewhere (a pipe, a CI log, a file): writes nothing at all", () => {
        const s = stream(false);
        const p = new PlanProgress("aws-prod", s, 0);
        p.onPhase("program");
        p.onResource(1);
        p.done();
        expect(s.written).to.deep.equal([]);
    });
});
