/**
 * The SDK floor: what the Pulumi SDK itself costs to register a program's resources. It replays the
 * program's own registrations (same types, names and inputs, read from the plan's record) as plain
 * resources, flat: no components of the program's making, no parents, no dependencies, no Output
 * plumbing, no resource classes. Program time over floor time is then the program's own overhead,
 * independent of the machine and of how heavy the resources' payloads are.
 */
import * as fs from "fs";
import { setImmediate } from "timers/promises";
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../plan/model";

/** One registration as the floor replays it. Inputs are the plan's redacted view: no secret is written. */
export interface FloorRecord {
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, unknown>;
}

/** Registrations replayed between two event-loop turns: the program's tenant batch, in resources. */
export const floorBatch = 300;

export function writeFloorRecord(file: string, resources: readonly RecordedResource[]): void {
    const records: FloorRecord[] = resources
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map((r) => ({ type: r.type, name: r.name, custom: r.custom, inputs: r.inputs }));
    fs.writeFileSync(file, JSON.stringify(records));
}

export function readFloorRecord(file: string): FloorRecord[] {
    return JSON.parse(fs.readFileSync(file, "utf8")) as FloorRecord[];
}

class PlainResource extends pulumi.CustomResource {
    constructor(type: string, name: string, inputs: pulumi.Inputs) {
        super(type, name, inputs);
    }
}

class PlainProvider extends pulumi.ProviderResource {
    constructor(pkg: string, name: string, inputs: pulumi.Inputs) {
        super(pkg, name, inputs);
    }
}

/** A program that registers `records` flat, as plain resources. */
export function floorProgram(records: readonly FloorRecord[]): () => Promise<Record<string, unknown>> {
    return async () => {
        for (const [i, r] of records.entries()) {
            if (i > 0 && i % floorBatch === 0) {
                await setImmediate(); // one event-loop turn
            }
            if (r.type.startsWith("pulumi:providers:")) {
                new PlainProvider(r.type.slice("pulumi:providers:".length), r.name, r.inputs);
            } else if (r.custom) {
                new PlainResource(r.type, r.name, r.inputs);
            } else {
                new pulumi.ComponentResource(r.type, r.name, {});
            }
        }
        return {};
    };
}
