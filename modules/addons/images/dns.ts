/** Image tables (see ./index.ts): external-dns. */
import { full } from "../image-sources";
import type { ImageTables } from "./types";

export const dnsImages: ImageTables = {
    externalDns: {
        "1.21.1": {
            checked:
                "kubernetes-sigs/external-dns tag external-dns-helm-chart-1.21.1: charts/external-dns/values.yaml, templates/_helpers.tpl (external-dns.image, external-dns.webhookImage), templates/deployment.yaml",
            images: [
                {
                    name: "external-dns",
                    role: "container",
                    what: "external-dns",
                    source: full({
                        repository: "image.repository",
                        tag: "image.tag",
                        defaults: { repository: "registry.k8s.io/external-dns/external-dns", tag: "v0.21.0" },
                    }),
                },
                {
                    name: "webhook-provider",
                    role: "sidecar",
                    what: "the webhook provider's container (provider.name: webhook); the chart has no default image",
                    when: (v) => v.str("provider.name", "aws") === "webhook",
                    source: full({ repository: "provider.webhook.image.repository", tag: "provider.webhook.image.tag", defaults: {} }),
                },
            ],
        },
    },
};
