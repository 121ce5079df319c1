/**
 * Grafana's OIDC login through Dex, read from config (the observability area installs Grafana before
 * the identity layer, so it takes these facts from config rather than from the Dex component). Pure.
 */
import type { PlatformConfig, Secret } from "../../../config";
import { grafanaClientId } from "./dex";

export interface GrafanaOidc {
    /** Dex's issuer URL: Grafana's auth/token/userinfo URLs are `<issuer>/auth`, `/token`, `/userinfo`. */
    issuerUrl: string;
    clientId: string;
    /** The client secret; turn into a Pulumi secret with modules/config/secret-output.ts `secretOutput`. */
    clientSecret: Secret;
}

/** Grafana's Dex client, when `identity.provider: dex` with `identity.grafana` set. */
export function grafanaOidc(config: PlatformConfig): GrafanaOidc | undefined {
    const identity = config.identity;
    if (identity.provider !== "dex" || !identity.grafana) {
        return undefined;
    }
    return { issuerUrl: identity.issuer, clientId: grafanaClientId, clientSecret: identity.grafana.clientSecret };
}
