/**
 * The bill of materials of a stack: every chart (with its bundled subcharts) and every container
 * image the stack deploys, before and after the air-gap mirror mapping, the start-up downloads its
 * charts would make, and a script that fills the mirror. Built from the stack's offline plan (each
 * Helm release's chart, version and merged values) and the image table of each chart version
 * (modules/addons/images/): an image is listed when its chart renders it for the release's values,
 * with the reference those values select. Pure.
 */
import type { PlatformConfig } from "../config";
import { formatImageRef, ImageRef, parseImageRef, valuesView } from "../addons/image-sources";
import { ChartImageTable, ImageRole, imageTable, Subchart } from "../addons/images";
import { ChartName, charts } from "../addons/versions";

/** A registered resource as the plan records it (its inputs). */
export interface BomResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

export interface BomChart {
    /** The Helm release name and namespace. */
    release: string;
    namespace: string;
    /** The chart's key in versions.ts. */
    key: ChartName;
    chart: string;
    version: string;
    /** Where the chart is published (versions.ts). */
    upstream: string;
    /** Where the release pulls it from: the chart mirror, or the upstream repository. */
    source: string;
    subcharts: Subchart[];
    /** False when modules/addons/images/ has no table for this chart version (its images are then unknown). */
    imageTable: boolean;
}

export interface BomImage {
    /** The Helm release that deploys it, or `(program)` for a workload the program creates itself. */
    release: string;
    /** The chart's key in versions.ts; absent for a workload the program creates itself. */
    key?: ChartName;
    /** The image's name in the chart's table, or `<Kind>/<namespace>/<name>:<container>` of the program's workload. */
    image: string;
    role: Exclude<ImageRole, "test">;
    what: string;
    /** The values paths the chart reads the reference from. */
    valuesPaths: string[];
    /** Where the image is published. */
    upstream: ImageRef & { reference: string };
    /** What the release pulls: through the mirror when one is set. */
    deployed: ImageRef & { reference: string };
    /** Set when the table entry could not be checked against the chart: why. */
    unverified?: string;
}

export interface BomDownload {
    release: string;
    key: ChartName;
    name: string;
    what: string;
    from: string;
    valuesPaths: string[];
    offline: string;
}

export interface Bom {
    stack: string;
    environment: string;
    cloud: string;
    airgap: { chartMirror?: string; imageRegistry?: string };
    charts: BomChart[];
    images: BomImage[];
    /** Start-up downloads the stack's settings leave on. */
    downloads: BomDownload[];
    /** What keeps the stack from running air-gapped, or the list from being complete. */
    problems: string[];
    /** The shell script that copies the charts and images into the mirrors; null without an image registry. */
    mirrorScript: string | null;
}

const releaseType = "kubernetes:helm.sh/v3:Release";

/**
 * Public registries and download hosts an air-gapped cluster cannot reach (a host matches itself and
 * its subdomains). A release value naming one of them, outside the stack's own mirrors, is a pull or
 * a download that fails without the internet.
 */
export const publicHosts: readonly string[] = [
    // container registries
    "docker.io",
    "quay.io",
    "ghcr.io",
    "registry.k8s.io",
    "k8s.gcr.io",
    "gcr.io",
    "pkg.dev",
    "public.ecr.aws",
    "mcr.microsoft.com",
    "cr.fluentbit.io",
    "docker.elastic.co",
    "registry.gitlab.com",
    "nvcr.io",
    "docker.scarf.sh",
    // downloads: chart repositories, release assets, plugin and rule indexes
    "github.com",
    "github.io",
    "githubusercontent.com",
    "grafana.com",
    "falco.org",
    "rubygems.org",
    "maxmind.com",
    "storage.googleapis.com",
    "charts.bitnami.com",
    "get.helm.sh",
    "dl.k8s.io",
];

/** A value of a release that names a public host. */
export interface PublicReference {
    /** Values path (`grafana.dashboards.default.x.url`, `plugins[0]`). */
    path: string;
    host: string;
    value: string;
}

const hostPattern = /(?:^|[\s"'=(,@;]|:\/\/)((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?=[/:\s"',;)]|$)/gi;

function isPublic(host: string): boolean {
    const h = host.toLowerCase();
    return publicHosts.some((p) => h === p || h.endsWith(`.${p}`));
}

/**
 * Every string in `values` that names a public registry or download host, except references under
 * the given mirrors (`registry.example.com/mirror`, `oci://charts.example.com/charts`).
 */
export function publicReferences(values: unknown, mirrors: readonly (string | undefined)[] = [], path = ""): PublicReference[] {
    const own = mirrors.filter((m): m is string => !!m).map((m) => m.replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, ""));
    const out: PublicReference[] = [];
    const visit = (v: unknown, p: string) => {
        if (typeof v === "string") {
            for (const m of v.matchAll(hostPattern)) {
                const host = m[1];
                const rest = v.slice((m.index ?? 0) + m[0].length - host.length);
                if (isPublic(host) && !own.some((o) => rest.startsWith(o))) {
                    out.push({ path: p, host, value: v.length > 200 ? `${v.slice(0, 200)}...` : v });
                }
            }
        } else if (Array.isArray(v)) {
            v.forEach((x, i) => visit(x, `${p}[${i}]`));
        } else if (v !== null && typeof v === "object") {
            for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
                visit(x, p ? `${p}.${k}` : k);
            }
        }
    };
    visit(values, path);
    return out;
}

/** The versions.ts key of a release's chart (`oci://mirror/charts/cert-manager` -> certManager). */
export function chartKeyOf(chartInput: string): ChartName | undefined {
    const base = chartInput.replace(/\/+$/, "").split("/").pop();
    return (Object.keys(charts) as ChartName[]).find((k) => charts[k].chart === base);
}

function asRecord(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The upstream reference of a deployed one: a reference under the air-gap registry comes from the
 * registry the chart names by default (Docker Hub when it names none), with the same path, tag and
 * digest.
 */
function upstreamOf(deployed: ImageRef, defaultRef: string | undefined, imageRegistry: string | undefined): ImageRef {
    if (!imageRegistry || deployed.registry !== imageRegistry) {
        return deployed;
    }
    const registry = defaultRef ? parseImageRef(defaultRef).registry : "docker.io";
    return { ...deployed, registry };
}

function withReference(ref: ImageRef): ImageRef & { reference: string } {
    return { ...ref, reference: formatImageRef(ref) };
}

/** Kubernetes workload kinds and where their pod spec sits. */
const workloads: Readonly<Record<string, readonly string[]>> = {
    Pod: ["spec"],
    Deployment: ["spec", "template", "spec"],
    StatefulSet: ["spec", "template", "spec"],
    DaemonSet: ["spec", "template", "spec"],
    ReplicaSet: ["spec", "template", "spec"],
    Job: ["spec", "template", "spec"],
    CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

interface WorkloadImage {
    id: string;
    role: "container" | "init-container" | "job";
    reference: string;
}

/** The images of a workload the program registers itself (a Deployment, a CronJob, ...). */
function workloadImages(r: BomResource): WorkloadImage[] {
    const kind = /^kubernetes:[^:]+:([A-Za-z]+)$/.exec(r.type)?.[1];
    const specPath = kind ? workloads[kind] : undefined;
    if (!kind || !specPath) {
        return [];
    }
    const metadata = asRecord(r.inputs.metadata);
    const id = `${kind}/${String(metadata.namespace ?? "default")}/${String(metadata.name ?? r.name)}`;
    const spec = specPath.reduce<Record<string, unknown>>((o, k) => asRecord(o[k]), r.inputs);
    const batch = kind === "Job" || kind === "CronJob";
    return (["initContainers", "containers"] as const).flatMap((list) =>
        (Array.isArray(spec[list]) ? (spec[list] as unknown[]) : []).flatMap((c) => {
            const container = asRecord(c);
            return typeof container.image === "string"
                ? [
                      {
                          id: `${id}:${String(container.name ?? "")}`,
                          role: list === "initContainers" ? ("init-container" as const) : batch ? ("job" as const) : ("container" as const),
                          reference: container.image,
                      },
                  ]
                : [];
        }),
    );
}

/**
 * The bill of materials of a planned stack. `upstreamResources`, the plan of the same stack without
 * its air-gap settings, gives the upstream image of each workload the program creates itself (a
 * chart's upstream comes from its image table); without it, such an image's upstream is taken to be
 * its path on Docker Hub.
 */
export function buildBom(stack: string, config: PlatformConfig, resources: readonly BomResource[], upstreamResources?: readonly BomResource[]): Bom {
    const { chartMirror, imageRegistry } = config.airgap;
    const bom: Bom = {
        stack,
        environment: config.environment,
        cloud: config.cluster.cloud,
        airgap: { chartMirror, imageRegistry },
        charts: [],
        images: [],
        downloads: [],
        problems: [],
        mirrorScript: null,
    };
    for (const r of resources.filter((x) => x.type === releaseType)) {
        const chartInput = String(r.inputs.chart ?? "");
        const key = chartKeyOf(chartInput);
        const release = String(r.inputs.name ?? r.name);
        const namespace = String(r.inputs.namespace ?? "");
        if (!key) {
            bom.problems.push(`release ${namespace}/${release}: chart '${chartInput}' is not pinned in modules/addons/versions.ts, so its images are unknown`);
            continue;
        }
        if (imageRegistry) {
            for (const ref of publicReferences(asRecord(r.inputs.values), [imageRegistry, chartMirror])) {
                bom.problems.push(
                    `release ${namespace}/${release}: value ${ref.path} names the public host ${ref.host} ('${ref.value}'), which an air-gapped cluster cannot reach`,
                );
            }
        }
        const version = String(r.inputs.version ?? charts[key].version);
        const table: ChartImageTable | undefined = imageTable(key, version);
        const repo = asRecord(r.inputs.repositoryOpts).repo;
        bom.charts.push({
            release,
            namespace,
            key,
            chart: charts[key].chart,
            version,
            upstream: charts[key].repository,
            source: typeof repo === "string" ? `${repo.replace(/\/+$/, "")}/${charts[key].chart}` : chartInput,
            subcharts: (table?.subcharts ?? []).filter((s) => !s.when || s.when(valuesView(asRecord(r.inputs.values)))),
            imageTable: table !== undefined,
        });
        if (!table) {
            bom.problems.push(
                `release ${namespace}/${release}: chart ${charts[key].chart} ${version} has no image table in modules/addons/images/; read the chart's values.yaml and templates at ${version} and add its images`,
            );
            continue;
        }
        const values = valuesView(asRecord(r.inputs.values));
        for (const image of table.images) {
            if (image.role === "test" || (image.when && !image.when(values))) {
                continue;
            }
            const rendered = image.source.render(values);
            if (!rendered) {
                bom.problems.push(
                    `release ${namespace}/${release}: image '${image.name}' (${image.what}) is on, but its values name no image (${image.source.paths.join(", ")})`,
                );
                continue;
            }
            const deployed = parseImageRef(rendered, imageRegistry);
            const upstream = upstreamOf(deployed, image.source.render(valuesView({})), imageRegistry);
            bom.images.push({
                release,
                key,
                image: image.name,
                role: image.role as BomImage["role"],
                what: image.what,
                valuesPaths: [...image.source.paths],
                upstream: withReference(upstream),
                deployed: withReference(deployed),
                ...(image.unverified ? { unverified: image.unverified } : {}),
            });
            if (imageRegistry && deployed.registry !== imageRegistry) {
                bom.problems.push(
                    `release ${namespace}/${release}: image '${image.name}' is pulled from ${deployed.registry} (${formatImageRef(deployed)}), not through airgap.imageRegistry ${imageRegistry}${image.source.mirror ? "" : ": the chart offers no value to change it"}`,
                );
            }
        }
        for (const download of table.downloads ?? []) {
            if (download.when(values)) {
                bom.downloads.push({
                    release,
                    key,
                    name: download.name,
                    what: download.what,
                    from: download.from,
                    valuesPaths: [...download.paths],
                    offline: download.offline,
                });
                if (imageRegistry) {
                    bom.problems.push(`release ${namespace}/${release}: ${download.what} (from ${download.from}); offline: ${download.offline}`);
                }
            }
        }
    }
    const upstreamImages = new Map((upstreamResources ?? []).flatMap(workloadImages).map((w) => [w.id, w.reference]));
    for (const r of resources) {
        for (const w of workloadImages(r)) {
            const deployed = parseImageRef(w.reference, imageRegistry);
            const known = upstreamImages.get(w.id);
            const upstream = known !== undefined ? parseImageRef(known) : upstreamOf(deployed, undefined, imageRegistry);
            bom.images.push({
                release: "(program)",
                image: w.id,
                role: w.role,
                what: `a ${w.id.split("/")[0]} the program creates`,
                valuesPaths: [],
                upstream: withReference(upstream),
                deployed: withReference(deployed),
                ...(known === undefined && upstream !== deployed
                    ? { unverified: "upstream registry assumed to be Docker Hub (plan without the air-gap settings to know it)" }
                    : {}),
            });
            if (imageRegistry && deployed.registry !== imageRegistry) {
                bom.problems.push(
                    `${w.id}: image ${formatImageRef(deployed)} is pulled from ${deployed.registry}, not through airgap.imageRegistry ${imageRegistry}: map it with AddonContext.image`,
                );
            }
        }
    }
    bom.mirrorScript = imageRegistry ? mirrorScript(bom) : null;
    return bom;
}

function quote(arg: string): string {
    return /^[A-Za-z0-9@%+=:,./_-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Where an image is pushed: by tag when it has one (the digest travels with it), else by digest. */
function pushReference(ref: ImageRef): string {
    return formatImageRef(ref.tag ? { ...ref, digest: undefined } : ref);
}

/** A shell script that copies the stack's charts and images into its mirrors (helm, crane). */
export function mirrorScript(bom: Bom): string {
    const lines = [
        "#!/usr/bin/env bash",
        `# Fills the air-gap mirrors of stack '${bom.stack}' (npm run bom -- --stack ${bom.stack}). Run it where both`,
        "# the upstream registries and the mirrors are reachable, logged in to the mirrors (helm registry login, crane auth login).",
        "set -euo pipefail",
    ];
    const charts = [...new Map(bom.charts.map((c) => [`${c.chart}@${c.version}`, c])).values()].sort((a, b) => a.chart.localeCompare(b.chart));
    const mirror = bom.airgap.chartMirror;
    if (mirror && charts.length > 0) {
        lines.push("", `# Charts -> ${mirror}`, 'charts="${CHARTS_DIR:-./charts}"', 'mkdir -p "$charts"');
        for (const c of charts) {
            const pull = c.upstream.startsWith("oci://")
                ? `helm pull ${quote(c.upstream.replace(/\/+$/, ""))} --version ${quote(c.version)} --destination "$charts"`
                : `helm pull ${quote(c.chart)} --repo ${quote(c.upstream)} --version ${quote(c.version)} --destination "$charts"`;
            lines.push(pull);
            if (mirror.startsWith("oci://")) {
                lines.push(`helm push "$charts/${c.chart}-${c.version}.tgz" ${quote(mirror.replace(/\/+$/, ""))}`);
            }
        }
        if (!mirror.startsWith("oci://")) {
            lines.push(
                `helm repo index "$charts" --url ${quote(mirror.replace(/\/+$/, ""))}`,
                `# Upload every file of "$charts" (the .tgz files and index.yaml) to ${mirror}, the way your repository takes uploads.`,
            );
        }
    }
    const images = [...new Map(bom.images.filter((i) => i.upstream.reference !== i.deployed.reference).map((i) => [i.deployed.reference, i])).values()].sort(
        (a, b) => a.deployed.reference.localeCompare(b.deployed.reference),
    );
    if (images.length > 0) {
        lines.push("", `# Images -> ${bom.airgap.imageRegistry} (every platform of each image; digests kept)`);
        for (const i of images) {
            if (!i.upstream.tag && !i.upstream.digest) {
                // No tag until install (the chart defaults it to the cluster's version, say): copying the
                // bare reference would copy `latest`, so the line is left for the operator to complete.
                lines.push(`# ${i.upstream.reference} (${i.release}/${i.image}) has no tag before install${i.unverified ? `: ${i.unverified}` : ""}`);
                lines.push(`# crane copy ${quote(`${i.upstream.reference}:<tag>`)} ${quote(`${i.deployed.reference}:<tag>`)}`);
                continue;
            }
            lines.push(`crane copy ${quote(i.upstream.reference)} ${quote(pushReference(i.deployed))}`);
        }
    }
    return `${lines.join("\n")}\n`;
}

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) =>
        r
            .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
            .join("  ")
            .trimEnd(),
    );
}

/** The bill of materials as text: charts, images (upstream -> deployed), downloads, problems, the mirror script. */
export function formatBom(bom: Bom): string {
    const out: string[] = [];
    const mirrors =
        bom.airgap.imageRegistry || bom.airgap.chartMirror
            ? `chart mirror ${bom.airgap.chartMirror ?? "(none)"}, image registry ${bom.airgap.imageRegistry ?? "(none)"}`
            : "no air-gap mirrors (upstream registries)";
    out.push(
        `Bill of materials for stack '${bom.stack}' (${bom.environment}, ${bom.cloud}): ${bom.charts.length} charts, ${new Set(bom.images.map((i) => i.deployed.reference)).size} images; ${mirrors}`,
    );
    out.push("", "Charts");
    out.push(
        ...table([
            ["release", "chart", "version", "upstream", "installed from"],
            ...bom.charts.flatMap((c) => [
                [`${c.namespace}/${c.release}`, c.chart, c.version, c.upstream, c.source],
                ...c.subcharts.map((s) => [`  + subchart`, s.name, s.version, s.repository, "(in the chart)"]),
            ]),
        ]).map((l) => `  ${l}`),
    );
    out.push("", "Images");
    out.push(
        ...table([
            ["release", "image", "role", "upstream", "deployed"],
            ...bom.images.map((i) => [
                `${i.release}`,
                `${i.image}${i.unverified ? " (*)" : ""}`,
                i.role,
                i.upstream.reference,
                i.deployed.reference === i.upstream.reference ? "=" : i.deployed.reference,
            ]),
        ]).map((l) => `  ${l}`),
    );
    const unverified = bom.images.filter((i) => i.unverified);
    if (unverified.length > 0) {
        out.push("", "  (*) not verified against the chart:");
        out.push(
            ...[...new Map(unverified.map((i) => [`${i.key ?? i.release}/${i.image}`, i])).values()].map(
                (i) => `      ${i.key ?? i.release}/${i.image}: ${i.unverified}`,
            ),
        );
    }
    if (bom.downloads.length > 0) {
        out.push("", "Start-up downloads (fetched when pods start)");
        out.push(...bom.downloads.map((d) => `  ${d.release}: ${d.what}; from ${d.from}; offline: ${d.offline}`));
    }
    if (bom.problems.length > 0) {
        out.push("", "Problems");
        out.push(...bom.problems.map((p) => `  - ${p}`));
    }
    out.push("", "Mirror script");
    out.push(bom.mirrorScript ?? "  (set platform:airgap.imageRegistry and chartMirror, or pass --image-registry and --chart-mirror, for the script)\n");
    return out.join("\n");
}
