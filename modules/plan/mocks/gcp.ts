import type { CallMock, OutputMock } from "./types";

/** Plausible outputs of gcp resource types (by type token), for the offline plan. */
export const gcpOutputs: Record<string, OutputMock> = {};

/** Plausible results of gcp provider functions (by token), for the offline plan. */
export const gcpCalls: Record<string, CallMock> = {};
