/** Storage and routing (the storage, ingress and dns add-ons) planned on the stand-in cluster of each cloud. */
import type { StorageDefaults } from "../../modules/cluster/contract";
import { dns } from "../../modules/addons/dns";
import { ingress } from "../../modules/addons/ingress";
import { observability } from "../../modules/addons/observability";
import { storage } from "../../modules/addons/storage";
import type { TestConfig } from "../harness";
import { AddonsRun, ManagedCloud, planAddonsOn } from "../fakes/cluster";

/** Plans storage, ingress and external-dns (and, with `withMonitoring`, the observability add-on before them). */
export function planRouting(
    cloud: ManagedCloud,
    config: TestConfig = {},
    storageFacts: Partial<StorageDefaults> = {},
    withMonitoring = false,
): Promise<AddonsRun> {
    return planAddonsOn(cloud, config, { addons: [storage, ...(withMonitoring ? [observability] : []), ingress, dns], storage: storageFacts });
}
