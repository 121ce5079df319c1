/**
 * `platform:airgap`: mirrors for private and air-gapped clusters. One place sets where every chart
 * and every image comes from: HelmAddon installs each chart from `chartMirror` and writes
 * `imageRegistry` at the values paths of every image the chart's table lists
 * (modules/addons/images/); each release installed from the mirror names it in its description,
 * which the policy pack reads, so the approved chart sources follow the mirror. `npm run bom` lists
 * what to mirror.
 */
import { z } from "zod";
import { chartSource } from "../common";

export function airgapSchema() {
    return z
        .strictObject({
            chartMirror: chartSource()
                .optional()
                .describe(
                    "Serve every chart from this mirror: an https:// Helm repository whose index.yaml lists every chart the stack installs, or an oci:// registry path under which each chart sits by name (<mirror>/<chart>:<version>, as `helm push <chart>.tgz <mirror>` stores it). The policy pack approves it as a chart source for this stack. `npm run bom -- --stack <name>` lists the charts and prints the commands that copy them. Default: each chart's upstream repository.",
                ),
            imageRegistry: z
                .string()
                .regex(
                    /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/,
                    "must be a registry host with an optional path, such as registry.example.com/mirror (no scheme)",
                )
                .optional()
                .describe(
                    "Pull every image through this registry: the upstream registry host is replaced and the repository path, tag and digest kept (quay.io/jetstack/cert-manager-controller:v1.21.1 -> <registry>/jetstack/cert-manager-controller:v1.21.1), for every image of every chart (containers, init containers, hook jobs and the pods operators start) and of the workloads the program creates itself. Images the policy config exempts stay exempt under the registry in the offline plan and admission. Start-up downloads (rules, plugins, dashboards fetched from the internet) must be off in this mode. `npm run bom -- --stack <name>` lists the images and prints the copy commands. Default: upstream registries.",
                ),
        })
        .default({})
        .describe("Air-gap mirrors for charts and images.");
}

export type AirgapConfig = z.output<ReturnType<typeof airgapSchema>>;
