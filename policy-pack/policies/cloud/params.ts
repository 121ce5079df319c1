/** Parameters the cluster-endpoint policies share. */
import type { PolicyConfigSchema } from "@pulumi/policy";

export interface EndpointParams {
    allowedPublicCidrs?: string[];
}

/** configSchema of a policy that restricts a public control-plane endpoint to CIDR ranges. */
export const endpointSchema: PolicyConfigSchema = {
    properties: {
        allowedPublicCidrs: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "When not empty, every range that may reach a public API endpoint must lie inside one of these (office, VPN, CI egress). Default: empty (any range except one open to all addresses).",
        },
    },
};
