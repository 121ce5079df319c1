import type { CallMock, OutputMock } from "./types";

/** Plausible outputs of aws resource types (by type token), for the offline plan. */
export const awsOutputs: Record<string, OutputMock> = {};

/** Plausible results of aws provider functions (by token), for the offline plan. */
export const awsCalls: Record<string, CallMock> = {};
