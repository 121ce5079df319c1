/**
 * How a chart turns its values into a container image reference, as small declarative sources the
 * image table (images.ts) is written with. Each source knows the values paths the chart reads, renders
 * the reference the chart's template would render for a release's values, and says which values make
 * the chart pull the image through the air-gap registry. Pure.
 */
import { underImageRegistry } from "../../policy-pack/lib/config";
import { setPath, Values } from "./values";

/** A release's values as a chart template reads them. */
export interface ValuesView {
    /** The value at a dotted path (`controller.image.registry`), or undefined. */
    get(path: string): unknown;
    /** A string (or number) at `path`; `fallback` when unset or empty, as Helm's `default` does. */
    str(path: string, fallback?: string): string | undefined;
    /** The value at `path` as a template's `if` sees it (the string "false" is true); `fallback` when unset. */
    on(path: string, fallback: boolean): boolean;
}

function lookup(values: Values, path: string): unknown {
    let current: unknown = values;
    for (const key of path.split(".")) {
        if (current === null || typeof current !== "object" || Array.isArray(current)) {
            return undefined;
        }
        current = (current as Record<string, unknown>)[key];
    }
    return current;
}

/** Go template truthiness: false, 0, "", nil and empty collections are false; everything else is true. */
function truthy(value: unknown): boolean {
    if (value === null || value === undefined || value === false || value === 0 || value === "") {
        return false;
    }
    if (Array.isArray(value)) {
        return value.length > 0;
    }
    if (typeof value === "object") {
        return Object.keys(value as object).length > 0;
    }
    return true;
}

/** A view of `values` (a release's merged values). */
export function valuesView(values: Values): ValuesView {
    return {
        get: (path) => lookup(values, path),
        str: (path, fallback) => {
            const v = lookup(values, path);
            return (typeof v === "string" && v !== "") || typeof v === "number" ? String(v) : fallback;
        },
        on: (path, fallback) => {
            const v = lookup(values, path);
            return v === undefined || v === null ? fallback : truthy(v);
        },
    };
}

/** An image reference split the way registries see it. */
export interface ImageRef {
    /** Registry host, with a path when the registry has one (`registry.example.com/mirror`). */
    registry: string;
    repository: string;
    tag?: string;
    digest?: string;
}

/**
 * Parses a reference the way the container runtime does: a first path segment with a dot, a colon
 * or `localhost` is the registry, else Docker Hub (`docker.io`, with `library/` for official images).
 * With `registry`, a reference under that registry (host and path) is split there, so a mirror with
 * a path keeps it as its registry part.
 */
export function parseImageRef(ref: string, registry?: string): ImageRef {
    let rest = ref;
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag: string | undefined;
    const colon = rest.lastIndexOf(":");
    if (colon > rest.lastIndexOf("/")) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    if (registry && rest.startsWith(`${registry}/`)) {
        return { registry, repository: rest.slice(registry.length + 1), tag, digest };
    }
    const parts = rest.split("/");
    const first = parts[0];
    if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
        return { registry: first, repository: parts.slice(1).join("/"), tag, digest };
    }
    return { registry: "docker.io", repository: parts.length === 1 ? `library/${rest}` : rest, tag, digest };
}

/** The reference as text: `registry/repository[:tag][@digest]`. */
export function formatImageRef(ref: ImageRef): string {
    return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/**
 * An upstream image repository through the air-gap registry: the registry host is replaced and the
 * repository path kept (`registry.k8s.io/ingress-nginx/controller` ->
 * `mirror.example.com/ingress-nginx/controller`; Docker Hub's `falcosecurity/falco` ->
 * `mirror.example.com/falcosecurity/falco`; `busybox` -> `mirror.example.com/library/busybox`). A
 * reference already under the registry is returned as it is.
 */
export function mirrorRepository(ref: string, registry: string | undefined): string {
    // The policy pack maps exempt images the same way: one mapping serves both.
    return registry ? underImageRegistry(ref, registry) : ref;
}

/** How a chart joins a tag and a digest. */
export type DigestStyle =
    /** `repo:tag@digest` (the digest pins the tag's image). */
    | "after-tag"
    /** `repo@digest`, the tag dropped (Bitnami's common chart, dex, rbac-manager, the collector). */
    | "replaces-tag";

/** How one image of a chart is selected by its values. */
export interface ImageSource {
    /** Every values path the chart reads this image's reference from. */
    readonly paths: readonly string[];
    /** The reference the chart renders for these values, or undefined when the values name no image. */
    render(v: ValuesView): string | undefined;
    /**
     * Values that make the chart pull this image through `registry`, given the release's values (so a
     * repository the stack chose is kept). Undefined: the chart offers no values to do it.
     */
    mirror?(registry: string, v: ValuesView): Values;
}

type TagDefault = string | ((v: ValuesView) => string | undefined);

function tagDefault(tag: TagDefault | undefined, v: ValuesView): string | undefined {
    return typeof tag === "function" ? tag(v) : tag;
}

function join(repository: string, tag: string | undefined, digest: string | undefined, style: DigestStyle): string {
    if (digest && style === "replaces-tag") {
        return `${repository}@${digest}`;
    }
    return `${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
}

export interface SplitImage {
    /** Paths of the registry, highest precedence first (`global.imageRegistry`, then the image's own). The air-gap registry is written at the first. */
    registry: readonly string[];
    /** Path of the repository (the part after the registry). */
    repository: string;
    /** Path of the tag. */
    tag?: string;
    /** Path of the digest. */
    digest?: string;
    /** Path of a full `host/repository` that, when set, replaces registry and repository (ingress-nginx's `repository`). */
    fullRepository?: string;
    /** The chart's defaults. An empty registry renders `repository` alone (the registry is then Docker Hub). */
    defaults: { registry: string; repository: string; tag?: TagDefault; digest?: string };
    /** Prefix the chart puts before the digest value (`sha256:` where the value is the bare hex). */
    digestPrefix?: string;
    digestStyle?: DigestStyle;
    /**
     * How the air-gap registry is applied: "registry" writes it at the first registry path (default);
     * "repository" rewrites the repository path as a full reference (for charts whose repository value
     * carries the host and whose registry value is only an optional prefix).
     */
    mirrorBy?: "registry" | "repository";
}

/** An image the chart composes from a registry, a repository, a tag and a digest value. */
export function split(s: SplitImage): ImageSource {
    const paths = [...s.registry, s.repository, ...(s.fullRepository ? [s.fullRepository] : []), ...(s.tag ? [s.tag] : []), ...(s.digest ? [s.digest] : [])];
    const digestOf = (v: ValuesView) => {
        const d = s.digest ? v.str(s.digest, s.defaults.digest) : s.defaults.digest;
        return d ? `${s.digestPrefix ?? ""}${d}` : undefined;
    };
    const repositoryOf = (v: ValuesView) => v.str(s.repository, s.defaults.repository);
    const registryOf = (v: ValuesView) => s.registry.map((p) => v.str(p)).find((r) => r !== undefined) ?? s.defaults.registry;
    return {
        paths,
        render(v) {
            const full = s.fullRepository ? v.str(s.fullRepository) : undefined;
            const repository = repositoryOf(v);
            if (!full && !repository) {
                return undefined;
            }
            const registry = registryOf(v);
            const name = full ?? (registry ? `${registry}/${repository}` : (repository as string));
            const tag = (s.tag ? v.str(s.tag) : undefined) ?? tagDefault(s.defaults.tag, v);
            return join(name, tag, digestOf(v), s.digestStyle ?? "after-tag");
        },
        mirror(registry, v) {
            const full = s.fullRepository ? v.str(s.fullRepository) : undefined;
            if (full) {
                return setPath({}, s.fullRepository as string, mirrorRepository(full, registry));
            }
            if (s.mirrorBy === "repository") {
                const repository = repositoryOf(v);
                const prefix = registryOf(v);
                if (!repository) {
                    return {};
                }
                return setPath({}, s.repository, mirrorRepository(prefix && prefix !== registry ? `${prefix}/${repository}` : repository, registry));
            }
            return setPath({}, s.registry[0], registry);
        },
    };
}

export interface FullImage {
    /** Path of the repository, written with its registry host (`quay.io/thanos/thanos`). */
    repository: string;
    tag?: string;
    digest?: string;
    defaults: { repository?: string; tag?: TagDefault; digest?: string };
    digestStyle?: DigestStyle;
}

/** An image whose repository value carries the registry host; the air-gap registry replaces the host. */
export function full(s: FullImage): ImageSource {
    return {
        paths: [s.repository, ...(s.tag ? [s.tag] : []), ...(s.digest ? [s.digest] : [])],
        render(v) {
            const repository = v.str(s.repository, s.defaults.repository);
            if (!repository) {
                return undefined;
            }
            const tag = (s.tag ? v.str(s.tag) : undefined) ?? tagDefault(s.defaults.tag, v);
            const digest = s.digest ? v.str(s.digest, s.defaults.digest) : s.defaults.digest;
            return join(repository, tag === "-" ? undefined : tag, digest, s.digestStyle ?? "after-tag");
        },
        mirror(registry, v) {
            const repository = v.str(s.repository, s.defaults.repository);
            return repository ? setPath({}, s.repository, mirrorRepository(repository, registry)) : {};
        },
    };
}

/** An image given whole (`repository:tag`) in one value. */
export function whole(path: string, defaultRef: string): ImageSource {
    return {
        paths: [path],
        render: (v) => v.str(path, defaultRef),
        mirror(registry, v) {
            const ref = v.str(path, defaultRef) as string;
            const { tag, digest } = parseImageRef(ref);
            const name = ref.replace(/@.*$/, "").replace(/:[^:/]*$/, (m) => (tag !== undefined ? "" : m));
            return setPath({}, path, `${mirrorRepository(name, registry)}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`);
        },
    };
}

/** An image the chart's templates hard-code: no value selects it, so no mirror can be set. */
export function fixed(ref: string): ImageSource {
    return { paths: [], render: () => ref };
}

/** An image whose reference an explicit full value (`path`) replaces when set. */
export function overriddenBy(path: string, source: ImageSource): ImageSource {
    const explicit = whole(path, "");
    return {
        paths: [path, ...source.paths],
        render: (v) => v.str(path) ?? source.render(v),
        mirror: (registry, v) => (v.str(path) ? (explicit.mirror?.(registry, v) ?? {}) : (source.mirror?.(registry, v) ?? {})),
    };
}

/** Registry paths of charts where `global.imageRegistry` overrides each image's own registry. */
export const globalFirst = (own: string) => ["global.imageRegistry", own];
