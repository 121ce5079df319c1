import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { evaluateProgram } from "../../modules/plan";
import { localConfig, rawConfig } from "../harness";

describe("the offline plan records aliases", () => {
    it("a renamed component and its children keep their earlier URNs as aliases, so pulumi up adopts instead of replacing", async () => {
        const run = await evaluateProgram(rawConfig(localConfig()), async () => {
            const parent = new pulumi.ComponentResource("test:area:NewName", "thing", {}, { aliases: [{ type: "test:area:OldName" }] });
            new pulumi.ComponentResource("test:area:Child", "thing-child", {}, { parent });
            new pulumi.ComponentResource("test:area:Plain", "plain");
            return {};
        });
        const byName = (name: string) => run.resources.find((r) => r.name === name);
        const stack = "urn:pulumi:test::platform::";
        expect(byName("thing")?.aliasUrns).to.include(`${stack}pulumi:pulumi:Stack$test:area:OldName::thing`);
        expect(byName("thing-child")?.aliasUrns).to.include(`${stack}test:area:OldName$test:area:Child::thing-child`);
        expect(byName("plain")?.aliasUrns, "a resource without aliases records none").to.equal(undefined);
    });
});
