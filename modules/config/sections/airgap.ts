/**
 * `platform:airgap`: mirrors for private and air-gapped clusters. One place sets where every chart
 * and every image comes from; each add-on maps its images through its `AddonContext.image`.
 */
import { z } from "zod";
import { chartSource } from "../common";

export function airgapSchema() {
    return z
        .strictObject({
            chartMirror: chartSource()
                .optional()
                .describe("Serve every chart from this mirror: an https:// Helm repository holding all charts, or an oci:// registry path under which each chart sits by name. Default: each chart's upstream repository."),
            imageRegistry: z
                .string()
                .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, "must be a registry host with an optional path, such as registry.example.com/mirror (no scheme)")
                .optional()
                .describe("Pull every image through this registry: the upstream registry host is replaced, the repository path kept. Default: upstream registries."),
        })
        .default({})
        .describe("Air-gap mirrors for charts and images.");
}

export type AirgapConfig = z.output<ReturnType<typeof airgapSchema>>;
