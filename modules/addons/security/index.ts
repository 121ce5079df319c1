/**
 * The security area: cert-manager, Vault, Falco, the identity layer (Dex or Pinniped) and platform
 * RBAC (`installSecurity`), then, after every other add-on, Gatekeeper and the platform network
 * policies (`installAdmissionControl`). Each service is its own component under a folder here.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import type { PlatformContext } from "../context";
import { CertManager, Http01Route } from "./cert-manager";
import { SecurityConfigError } from "./common";
import { platformRoles, namespaceByName, SecurityForTenancy } from "./exports";
import { Falco } from "./falco";
import { AdmissionPolicy, Gatekeeper } from "./gatekeeper";
import { Identity } from "./identity";
import { ingressControllerCharts, namespaceOfChart, PlatformNetworkPolicies, prometheusCharts } from "./network-policies";
import { PlatformRbac } from "./rbac";
import { Vault } from "./vault";

export { platformRoles, namespaceByName } from "./exports";
export type { SecurityForTenancy, PlatformPeers, NamespaceSelector, PlatformRoleName } from "./exports";
export { grafanaOidc } from "./grafana";
export type { Http01Route } from "./cert-manager";
export type { AdmissionPolicy } from "./gatekeeper";

/** What the security area takes from the areas installed before it. */
export interface SecurityInputs {
    /** How ACME HTTP-01 challenges are routed (the routing area's IngressClass or shared Gateway). Default: no HTTP-01 solver (no ingress installed). */
    http01?: Http01Route;
    /** The platform's IngressClass name, for Dex's and Pinniped's ingress. Default: nginx. */
    ingressClassName?: string;
    /** Alertmanager's in-cluster URL (observability area), for Falcosidekick. */
    alertmanagerUrl?: string;
    /** The release that installs the Prometheus Operator CRDs (ServiceMonitors are created only when given). */
    monitoringCrds?: Release;
}

export interface SecurityServices {
    certManager?: CertManager;
    vault?: Vault;
    falco?: Falco;
    identity?: Identity;
    rbac?: PlatformRbac;
    /** What tenancy uses: role names and the platform namespaces its network policies allow. */
    tenancy: SecurityForTenancy;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** What tenancy needs, from the add-ons installed so far. */
export function securityForTenancy(platform: PlatformContext): SecurityForTenancy {
    const ingress = namespaceOfChart(platform, ingressControllerCharts);
    const prometheus = namespaceOfChart(platform, prometheusCharts);
    return {
        roles: platformRoles,
        peers: { ...(ingress ? { ingressController: namespaceByName(ingress) } : {}), ...(prometheus ? { prometheus: namespaceByName(prometheus) } : {}) },
    };
}

export function installSecurity(platform: PlatformContext, inputs: SecurityInputs = {}): SecurityServices {
    const config = platform.config;
    const s = config.security;
    const out: SecurityServices = { tenancy: securityForTenancy(platform), outputs: {} };
    const ingressClassName = inputs.ingressClassName ?? "nginx";
    if (s.enabled) {
        if (s.certManager.enabled) {
            out.certManager = new CertManager("cert-manager", {
                platform,
                settings: s.certManager,
                http01: inputs.http01,
                monitoringCrds: inputs.monitoringCrds,
            });
            out.outputs.issuers = Object.keys(out.certManager.issuers);
        }
        if (s.vault.enabled) {
            if (!out.certManager) {
                throw new SecurityConfigError("security.vault.enabled", "Vault's TLS certificate comes from cert-manager: enable security.certManager or disable Vault");
            }
            out.vault = new Vault("vault", { platform, settings: s.vault, certManager: out.certManager, monitoringCrds: inputs.monitoringCrds });
            out.outputs.vault = { address: out.vault.address, seal: out.vault.seal.type };
        }
        if (s.falco.enabled) {
            out.falco = new Falco("falco", { platform, settings: s.falco, alertmanagerUrl: inputs.alertmanagerUrl, monitoringCrds: inputs.monitoringCrds });
        }
    }
    if (config.identity.provider !== "none") {
        out.identity = new Identity("identity", { platform, settings: config.identity, certManager: out.certManager, ingressClassName, monitoringCrds: inputs.monitoringCrds });
        out.outputs.identity = { provider: config.identity.provider, issuer: out.identity.info?.issuerUrl, kubernetesClientId: out.identity.info?.kubernetesClientId };
    }
    if (config.rbac.enabled) {
        out.rbac = new PlatformRbac("rbac", { platform, settings: config.rbac });
        out.outputs.roles = platformRoles;
    }
    return out;
}

export interface AdmissionControl {
    gatekeeper?: Gatekeeper;
    networkPolicies?: PlatformNetworkPolicies;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/**
 * Last in the platform: network policies for every platform namespace, then Gatekeeper, whose
 * release waits for every other add-on's release.
 */
export function installAdmissionControl(platform: PlatformContext, policies: readonly AdmissionPolicy[]): AdmissionControl {
    const s = platform.config.security;
    const out: AdmissionControl = { outputs: {} };
    if (!s.enabled) {
        return out;
    }
    if (s.gatekeeper.enabled) {
        out.gatekeeper = new Gatekeeper("gatekeeper", { platform, settings: s.gatekeeper, policies });
        out.outputs.gatekeeper = { enforcement: s.gatekeeper.enforcement, constraints: out.gatekeeper.constraints.length };
    }
    if (s.networkPolicies.enabled) {
        out.networkPolicies = new PlatformNetworkPolicies("network-policies", { platform, apiServerCidrs: s.networkPolicies.apiServerCidrs });
        out.outputs.networkPolicyNamespaces = out.networkPolicies.namespaces;
    }
    return out;
}
