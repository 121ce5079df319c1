/**
 * Storage and routing, in the order their data dictates: storage (CSI driver, default class,
 * snapshots), then the ingress controller behind the one load balancer, then external-dns (which,
 * with Contour, needs the Gateway API CRDs the controller's release installs).
 */
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "./context";
import { ExternalDns, installDns } from "./dns";
import { Ingress, installIngress } from "./ingress";
import { installStorage, Storage } from "./storage";

export interface StorageAndRouting {
    /** Undefined in stateless-only mode (`storage.enabled: false`). */
    storage?: Storage;
    /** Undefined when `ingress.enabled` is false. */
    ingress?: Ingress;
    /** Undefined unless `dns.enabled`. */
    dns?: ExternalDns;
    /** Stack outputs for `addons.storage`, `addons.ingress`, `addons.dns`. */
    outputs: Record<"storage" | "ingress" | "dns", pulumi.Input<unknown>>;
}

/** Storage first: later areas (observability) take its default StorageClass as an input. */
export { installStorage };

/** Storage, then routing, with nothing in between (areas planned on their own, in tests). */
export function installStorageAndRouting(platform: PlatformContext): StorageAndRouting {
    return installRouting(platform, installStorage(platform));
}

/** The ingress controller, then external-dns; `storage` is what installStorage returned. */
export function installRouting(platform: PlatformContext, storage: Storage | undefined): StorageAndRouting {
    const ingress = installIngress(platform);
    const dns = installDns(platform, { gatewayRelease: ingress?.outputs.gateway ? ingress.outputs.release : undefined });
    return {
        storage,
        ingress,
        dns,
        outputs: {
            storage: storage
                ? {
                      defaultStorageClass: storage.outputs.defaultStorageClassName,
                      snapshotClass: storage.outputs.snapshotClassName,
                      snapshotController: storage.outputs.snapshotController,
                  }
                : { enabled: false },
            ingress: ingress
                ? {
                      controller: ingress.outputs.controller,
                      ingressClassName: ingress.outputs.ingressClassName,
                      namespace: ingress.outputs.namespace,
                      gateway: ingress.outputs.gateway,
                      loadBalancer: ingress.loadBalancer.status.loadBalancer.ingress,
                  }
                : { enabled: false },
            dns: dns ? { namespace: dns.addon.namespaceName, zones: platform.config.dns.zones.map((z) => z.domain) } : { enabled: false },
        },
    };
}
