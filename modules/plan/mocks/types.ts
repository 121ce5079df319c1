import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";

/** Plausible computed outputs for one resource type (what the cloud would return after create). */
export type OutputMock = (args: MockResourceArgs) => Record<string, unknown>;
/** A plausible result for one provider function (invoke). */
export type CallMock = (args: MockCallArgs) => Record<string, unknown>;

/** Fake but well-formed account facts used across mocks. */
export const fake = {
    awsAccount: "123456789012",
    azureSubscription: "00000000-0000-4000-8000-000000000001",
    azureTenant: "00000000-0000-4000-8000-000000000002",
    gcpProjectNumber: "123456789012",
    /** A base64 PEM-like certificate authority (not a real certificate). */
    caData: Buffer.from("-----BEGIN CERTIFICATE-----\nMIIoffline-plan\n-----END CERTIFICATE-----\n").toString("base64"),
};
