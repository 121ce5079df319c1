import type { CallMock, OutputMock } from "./types";

/** Plausible outputs of azure resource types (by type token), for the offline plan. */
export const azureOutputs: Record<string, OutputMock> = {};

/** Plausible results of azure provider functions (by token), for the offline plan. */
export const azureCalls: Record<string, CallMock> = {};
