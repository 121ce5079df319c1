/**
 * Every container image each pinned chart can deploy, per chart version: the table the bill of
 * materials (`npm run bom`), the air-gap mapping (HelmAddon) and the air-gap tests read. Kept beside
 * versions.ts and keyed the same way: chart key -> chart version -> what that version's templates
 * render. A pin that moves in versions.ts without a table for its new version fails
 * tests/airgap/images.test.ts, naming the chart and the version. One file per area holds its
 * charts' tables (ingress.ts, dns.ts, storage.ts, logging.ts, metrics.ts, tracing.ts, security.ts,
 * admission.ts); types.ts their shape.
 *
 * Each entry was read from the chart's values.yaml and templates at the pinned tag (the `checked`
 * line says where); an image that could not be checked that way carries `unverified` with the reason.
 * For each image: the values paths the chart composes its reference from (image-sources.ts), when the
 * chart renders it (read from the release's values, with the chart's defaults), and what starts it.
 * `downloads` lists what a chart fetches from the network when its pods start (beyond images).
 *
 * Adding a chart (or a version): read its values.yaml, its templates (every `image:` line, init
 * containers, hook jobs, sidecars an operator adds) and its bundled subcharts at the tag, and add an
 * entry. The air-gap mapping then needs nothing else: HelmAddon writes the mirror at each image's paths.
 */
import { admissionImages } from "./admission";
import { dnsImages } from "./dns";
import { ingressImages } from "./ingress";
import { loggingImages } from "./logging";
import { metricsImages } from "./metrics";
import { securityImages } from "./security";
import { storageImages } from "./storage";
import { tracingImages } from "./tracing";
import type { ChartImageTable, ImageTables } from "./types";
import type { ChartName } from "../versions";

export type { ChartImage, ChartImageTable, ImageRole, ImageTables, StartupDownload, Subchart } from "./types";

export const chartImages: ImageTables = {
    ...ingressImages,
    ...dnsImages,
    ...storageImages,
    ...loggingImages,
    ...metricsImages,
    ...tracingImages,
    ...securityImages,
    ...admissionImages,
};

/** The image table of a chart version, or undefined when there is none. */
export function imageTable(chart: ChartName, version: string): ChartImageTable | undefined {
    return chartImages[chart]?.[version];
}
