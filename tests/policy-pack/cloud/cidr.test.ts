/** The CIDR reasoning behind the endpoint rules (E1, A1, G1): what counts as open, inside, or malformed. */
import { expect } from "chai";
import { cidrWithin, isOpenCidr, parseCidr, publicCidrProblems } from "../../../policy-pack/lib/inputs";

describe("control-plane endpoint CIDR checks", () => {
    it("treats /0 ranges of either family as open to every address", () => {
        expect(isOpenCidr("0.0.0.0/0")).to.equal(true);
        expect(isOpenCidr("::/0")).to.equal(true);
        expect(isOpenCidr("10.0.0.0/8")).to.equal(false);
    });

    it("places a range inside an allowed range only when every address is inside", () => {
        expect(cidrWithin("203.0.113.16/28", "203.0.113.0/24")).to.equal(true);
        expect(cidrWithin("203.0.113.7", "203.0.113.0/24"), "a bare address is a /32").to.equal(true);
        expect(cidrWithin("203.0.112.0/23", "203.0.113.0/24"), "a wider range leaks out").to.equal(false);
        expect(cidrWithin("198.51.100.0/24", "203.0.113.0/24")).to.equal(false);
        expect(cidrWithin("2001:db8:1::/48", "2001:db8::/32")).to.equal(true);
        expect(cidrWithin("2001:db9::/48", "2001:db8::/32")).to.equal(false);
        expect(cidrWithin("10.0.0.0/8", "::/0"), "families never mix").to.equal(false);
    });

    it("rejects malformed ranges", () => {
        for (const bad of ["10.0.0.0/33", "10.0.0/24", "256.0.0.0/8", "10.0.0.0/8/1", "2001:db8:::1/64", "abc"]) {
            expect(parseCidr(bad), bad).to.equal(undefined);
        }
    });

    it("reports a missing list, open, malformed and out-of-allow-list ranges, and skips values unknown until apply", () => {
        expect(publicCidrProblems(undefined, [])).to.have.length(1);
        expect(publicCidrProblems([], [])).to.have.length(1);
        expect(publicCidrProblems(["198.51.100.0/24"], [])).to.deep.equal([]);
        expect(publicCidrProblems(["0.0.0.0/0", "x", "198.51.100.0/24"], ["203.0.113.0/24"])).to.have.length(3);
        expect(publicCidrProblems([undefined], [])).to.deep.equal([]);
    });
});
