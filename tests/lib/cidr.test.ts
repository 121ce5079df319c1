import { expect } from "chai";
import { cidrsOverlap, hostOf, isCidr, parseCidr, prefixOf, subnetOf } from "../../modules/lib/cidr";

describe("IPv4 CIDR arithmetic", () => {
    it("accepts only IPv4 network addresses with a prefix of 0-32", () => {
        for (const ok of ["0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/16", "172.16.0.0/28", "192.168.1.7/32", "255.255.255.255/32"]) {
            expect(isCidr(ok), ok).to.equal(true);
        }
        for (const bad of ["10.0.0.0", "10.0.0/16", "10.0.0.0/33", "256.0.0.0/8", "10.0.0.0/16/1", "10.0.0.0/", "/16", "10.0.0.0/x", "01.0.0.0/8", "::/0"]) {
            expect(isCidr(bad), bad).to.equal(false);
        }
    });

    it("accepts each prefix length written one way only, so '/00' is never mistaken for something narrower than '/0'", () => {
        for (const bad of ["0.0.0.0/00", "10.0.0.0/08", "10.0.0.0/016", "10.0.0.0/+8", "10.0.0.0/ 8"]) {
            expect(isCidr(bad), bad).to.equal(false);
        }
        expect(isCidr("10.0.0.0/8")).to.equal(true);
    });

    it("rejects a CIDR with host bits set past the prefix", () => {
        expect(isCidr("10.0.0.1/16")).to.equal(false);
        expect(isCidr("10.0.1.0/23")).to.equal(false);
        expect(isCidr("1.0.0.0/0")).to.equal(false);
        expect(parseCidr("10.0.0.1/16")).to.deep.equal({ address: 10 * 2 ** 24 + 1, prefix: 16 });
    });

    it("two ranges overlap exactly when they share an address; invalid ranges never overlap", () => {
        expect(cidrsOverlap("10.0.0.0/16", "10.0.255.0/24")).to.equal(true);
        expect(cidrsOverlap("10.0.255.0/24", "10.0.0.0/16")).to.equal(true);
        expect(cidrsOverlap("10.0.0.0/16", "10.1.0.0/16")).to.equal(false);
        expect(cidrsOverlap("10.0.0.0/24", "10.0.1.0/24")).to.equal(false);
        expect(cidrsOverlap("0.0.0.0/0", "192.168.0.0/16")).to.equal(true);
        expect(cidrsOverlap("10.0.0.1/16", "10.0.0.0/16")).to.equal(false);
    });

    it("carves consecutive blocks inside the range and refuses blocks that do not fit", () => {
        expect([0, 1, 2, 3].map((i) => subnetOf("10.0.0.0/16", 18, i))).to.deep.equal(["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18", "10.0.192.0/18"]);
        expect(subnetOf("10.0.192.0/18", 21, 2)).to.equal("10.0.208.0/21");
        expect(() => subnetOf("10.0.0.0/16", 18, 4)).to.throw(/holds 4 \/18 blocks; block 4 does not exist/);
        expect(() => subnetOf("10.0.0.0/16", 15, 0)).to.throw(/cannot carve a \/15 out of 10.0.0.0\/16/);
        expect(() => subnetOf("10.0.0.0/16", 33, 0)).to.throw(/cannot carve/);
        expect(() => subnetOf("10.0.0/16", 18, 0)).to.throw(/'10.0.0\/16' is not an IPv4 CIDR/);
    });

    it("counts host addresses from the network address, across octet boundaries", () => {
        expect(hostOf("10.96.0.0/16", 10)).to.equal("10.96.0.10");
        expect(hostOf("172.20.0.0/16", 1)).to.equal("172.20.0.1");
        expect(hostOf("10.0.0.0/16", 300)).to.equal("10.0.1.44");
        expect(prefixOf("172.16.0.0/28")).to.equal(28);
    });
});
