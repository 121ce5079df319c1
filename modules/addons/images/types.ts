/** The shape of the chart image tables (./index.ts). */
import type { ImageSource, ValuesView } from "../image-sources";
import type { ChartName } from "../versions";

/** What starts the image. */
export type ImageRole =
    /** A container of the chart's Deployment/StatefulSet/DaemonSet. */
    | "container"
    | "init-container"
    | "sidecar"
    /** A Helm hook Job (install/upgrade/delete). */
    | "hook"
    /** A Job or CronJob. */
    | "job"
    /** Pods an operator or controller the chart installs creates at run time (Prometheus, the ACME solver, injected agents). */
    | "operand"
    /** Only `helm test` creates it; the platform never runs it (not in the bill of materials). */
    | "test";

export interface ChartImage {
    /** Short name, unique within the chart version (`controller`, `admission-patch`). */
    name: string;
    role: ImageRole;
    /** What runs it. */
    what: string;
    source: ImageSource;
    /** Whether the chart renders it for these values (chart defaults as the second argument of each read). Default: always. */
    when?: (v: ValuesView) => boolean;
    /** Set when the entry could not be read from the chart at this version: why. */
    unverified?: string;
}

/** Something a chart's pods fetch from the network at start-up, other than their images. */
export interface StartupDownload {
    name: string;
    what: string;
    /** Values paths holding what is fetched (URLs, plugin names, artifact references) or switching it. */
    paths: readonly string[];
    /** Where it fetches from by default. */
    from: string;
    /** Whether the chart's pods fetch it for these values. */
    when: (v: ValuesView) => boolean;
    /** How to run without it (what the air-gap mode must set). */
    offline: string;
}

/** A chart bundled in the chart's package (its images are listed with the parent's, at their values paths). */
export interface Subchart {
    name: string;
    version: string;
    repository: string;
    /** The parent's values path that switches it on. */
    enabledBy?: string;
    /** Whether the parent renders it for these values. Default: always. */
    when?: (v: ValuesView) => boolean;
    /** Set when the bundled version could not be pinned down exactly: why. */
    unverified?: string;
}

export interface ChartImageTable {
    /** Where the entry was read: repository, tag (or commit) and files. */
    checked: string;
    subcharts?: readonly Subchart[];
    images: readonly ChartImage[];
    downloads?: readonly StartupDownload[];
}

/** Image tables by chart key and chart version. */
export type ImageTables = Readonly<Partial<Record<ChartName, Readonly<Record<string, ChartImageTable>>>>>;
