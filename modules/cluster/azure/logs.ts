/**
 * The AKS log service: `auto` is Azure Monitor Container Insights, which the cluster runs itself (the
 * monitoring add-on with its data collection rule, monitoring.ts), so the platform installs no log
 * agent of its own there. No back end is bound to Azure's identities: a stack that wants its own
 * agent chooses `azureMonitor` (Logs Ingestion API) or another back end by type. Pure.
 */
import type { LogService } from "../contract";

export const azureMonitorLogs: LogService = {
    auto: { cluster: { name: "Azure Monitor Container Insights" } },
    backends: {},
};
