/**
 * The composition root: one validated config in, the whole platform out. index.ts only loads the
 * config, calls this and exports the outputs. Order is data: every add-on that needs another's CRDs
 * or webhooks takes it as a typed input; admission control (Gatekeeper) goes in last.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "./config";
import { createCluster } from "./cluster";
import type { ClusterHandle } from "./cluster/contract";
import { PlatformContext } from "./addons/context";
import { installRouting, installStorage } from "./addons/routing";
import { installObservability, scrapeValues } from "./addons/observability";
import { grafanaOidc, installAdmissionControl, installSecurity } from "./addons/security";
import { admissionPolicies } from "./addons/security/gatekeeper/policy-pack";
import { createTenants } from "./tenancy";

export interface Platform {
    cluster: ClusterHandle;
    context: PlatformContext;
    /** Stack outputs: the kubeconfig (secret), endpoints, and what each add-on exposes. */
    outputs: Record<string, pulumi.Input<unknown>>;
}

export async function createPlatform(config: PlatformConfig): Promise<Platform> {
    // ── cluster (modules/cluster): created on a cloud or adopted ──
    const cluster = await createCluster(config);
    const platform = new PlatformContext(config, cluster);
    const addonOutputs: Record<string, pulumi.Input<unknown>> = {};

    // ── storage (modules/addons/storage): CSI driver, the default StorageClass, snapshots ──
    const storage = installStorage(platform);

    // ── observability (modules/addons/observability) ──
    // Once its monitoring CRDs exist, every add-on installed after it is scraped (HelmAddon merges the
    // chart's scrape switches and waits for the CRDs), so observability comes before the rest.
    // Grafana logs in through the platform's Dex client when identity registers one (read from config:
    // Grafana installs before the identity layer).
    const dexClient = grafanaOidc(config);
    const observability = installObservability({
        platform,
        storageClassName: storage?.outputs.defaultStorageClassName,
        storageReady: storage ? [storage.storageClass] : [],
        grafanaOidc: dexClient && { ...dexClient, redirectUri: config.identity.provider === "dex" ? config.identity.grafana?.redirectUri : undefined },
    });
    if (observability) {
        addonOutputs.observability = observability.outputs;
        if (observability.monitoringCrds) {
            platform.scraping = { crds: observability.monitoringCrds, valuesFor: scrapeValues };
        }
    }

    // ── routing (modules/addons/ingress, dns): the ingress controller behind one load balancer, external-dns ──
    // routing.ingress / .dns are undefined when disabled; later blocks take them as typed inputs
    // (ingressClassName + http01Solver for cert-manager, the ingress namespace for network policies).
    const routing = installRouting(platform, storage);
    Object.assign(addonOutputs, routing.outputs);

    // ── security services (modules/addons/security) ──
    // Typed inputs from the areas above: routing's IngressClass or shared Gateway (HTTP-01, Dex and
    // Pinniped ingress); observability's Alertmanager (scraping is the Helm base's, through platform.scraping).
    const ingress = routing.ingress?.outputs;
    const security = installSecurity(platform, {
        http01: ingress ? (ingress.gateway ? { kind: "gateway", gateway: { name: ingress.gateway.name, namespace: ingress.gateway.namespace, sectionName: ingress.gateway.httpListener } } : { kind: "ingress", ingressClassName: ingress.ingressClassName }) : undefined,
        ingressClassName: ingress?.ingressClassName,
        alertmanagerUrl: observability?.alertmanagerUrl,
    });
    addonOutputs.security = security.outputs;

    // ── tenancy (modules/tenancy) ──
    // Tenants accept traffic from the platform services that own those namespaces, as typed inputs:
    // the ingress controller's data plane (ingress-nginx or Contour's Envoy) and Prometheus.
    // Tenants get their own namespaced persona Roles (never a ClusterRole), so what a tenant may do
    // is read from its own namespace alone.
    const tenancy = await createTenants(config, cluster, {
        ingress: routing.ingress && { namespaceName: routing.ingress.outputs.namespace, podLabels: routing.ingress.outputs.dataPlaneLabels },
        monitoring: observability?.metrics?.stack,
    });
    addonOutputs.tenants = tenancy.outputs;

    // ── admission control last (Gatekeeper) ──
    const admission = installAdmissionControl(platform, admissionPolicies(config));
    addonOutputs.admission = admission.outputs;

    return {
        cluster,
        context: platform,
        outputs: {
            environment: config.environment,
            cloud: cluster.cloud,
            region: cluster.region,
            clusterName: cluster.name,
            kubernetesVersion: cluster.kubernetesVersion,
            endpoint: cluster.endpoint,
            kubeconfig: pulumi.secret(cluster.kubeconfig),
            cluster: cluster.outputs,
            addons: addonOutputs,
        },
    };
}
