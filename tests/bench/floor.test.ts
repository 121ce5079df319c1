/**
 * The benchmark's SDK floor is only a fair baseline if it registers exactly what the program does:
 * the same types, names and inputs, through the same mock runtime, with none of the program's own
 * structure (parents, dependencies). And the record it replays from must hold no secret.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { floorProgram, readFloorRecord, writeFloorRecord } from "../../modules/bench/floor";
import { syntheticTenants } from "../../modules/bench/tenants";
import { evaluateProgram } from "../../modules/plan";
import { localConfig, rawConfig } from "../harness";

describe("bench: the SDK floor", function () {
    this.timeout(120_000);

    it("replays the program's registrations one for one, flat, from a record that holds no secret", async () => {
        const raw = rawConfig(
            localConfig({
                tenants: [...syntheticTenants(3), { name: "shop", imagePullSecrets: ["ghcr"] }],
                tenancy: { registryCredentials: { ghcr: { server: "ghcr.io", username: "bot", password: "floor-secret-token" } } },
            }),
            { secretSections: ["tenancy"] },
        );
        const program = await evaluateProgram(raw);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "floor-test-"));
        try {
            const file = path.join(dir, "registrations.json");
            writeFloorRecord(file, program.resources);
            expect(fs.readFileSync(file, "utf8")).to.not.contain("floor-secret-token");
            const floor = await evaluateProgram(raw, floorProgram(readFloorRecord(file)));
            const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;
            expect(floor.resources.map(key).sort()).to.deep.equal(program.resources.map(key).sort());
            const stack = floor.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
            const nested = floor.resources.filter((r) => r.urn !== stack && r.parent !== stack);
            expect(nested.map(key), "every replayed resource sits directly under the stack").to.deep.equal([]);
            const waiting = floor.resources.filter((r) => r.dependencies.some((d) => !d.includes("pulumi:providers:")));
            expect(waiting.map(key), "no replayed resource waits on another").to.deep.equal([]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
