/** Image tables (see ./index.ts): The CSI snapshot controller. */
import { full } from "../image-sources";
import type { ImageTables } from "./types";

export const storageImages: ImageTables = {
    snapshotController: {
        "5.2.0": {
            checked:
                "piraeusdatastore/helm-charts tag snapshot-controller-5.2.0: charts/snapshot-controller/values.yaml, templates/deployment_controller.yaml, templates/deployment_webhook.yaml",
            images: [
                {
                    name: "snapshot-controller",
                    role: "container",
                    what: "the CSI snapshot controller",
                    when: (v) => v.on("controller.enabled", true),
                    source: full({
                        repository: "controller.image.repository",
                        tag: "controller.image.tag",
                        defaults: { repository: "registry.k8s.io/sig-storage/snapshot-controller", tag: "v8.6.0" },
                    }),
                },
                {
                    name: "conversion-webhook",
                    role: "container",
                    what: "the VolumeGroupSnapshot conversion webhook",
                    when: (v) => v.on("webhook.enabled", false),
                    source: full({
                        repository: "webhook.image.repository",
                        tag: "webhook.image.tag",
                        defaults: { repository: "registry.k8s.io/sig-storage/snapshot-conversion-webhook", tag: "v8.6.0" },
                    }),
                },
            ],
        },
    },
};
