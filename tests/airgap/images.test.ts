/**
 * The chart image table (modules/addons/images/) stays in step with the pins, and each entry's
 * air-gap mapping does what it says: a pin that moves without a table for its new version fails here,
 * naming the chart; every image an entry can map ends up under the registry, path, tag and digest kept.
 */
import { expect } from "chai";
import { formatImageRef, parseImageRef, valuesView } from "../../modules/addons/image-sources";
import { chartImages, imageTable } from "../../modules/addons/images";
import { deepMerge } from "../../modules/addons/values";
import { ChartName, charts } from "../../modules/addons/versions";
import { lokiValues } from "../../modules/addons/observability/loki/values";

const pinned = Object.keys(charts) as ChartName[];
const tables = pinned.flatMap((key) => Object.entries(chartImages[key] ?? {}).map(([version, table]) => ({ key, version, table })));

describe("the chart image table", () => {
    it("has a table for the pinned version of every chart in versions.ts", () => {
        const missing = pinned
            .filter((key) => imageTable(key, charts[key].version) === undefined)
            .map((key) => {
                const known = Object.keys(chartImages[key] ?? {});
                return `${key}: versions.ts pins ${charts[key].chart} ${charts[key].version}, but modules/addons/images/ has ${known.length > 0 ? `tables for ${known.join(", ")} only` : "no table"}; read the chart's values.yaml and templates at ${charts[key].version} and add its images`;
            });
        expect(missing, "a chart pin moved without its image table").to.deep.equal([]);
    });

    it("names only charts pinned in versions.ts", () => {
        expect(Object.keys(chartImages).filter((key) => !(key in charts))).to.deep.equal([]);
    });

    for (const { key, version, table } of tables) {
        describe(`${key} ${version}`, () => {
            it("says where it was read (a tag or commit of that version), and names each image once", () => {
                expect(table.checked).to.match(/tag|commit/);
                // Read at the version it is keyed by: a pin moved to a version never read (Pinniped's
                // unpublished 2.4.24) has no table to borrow.
                expect(table.checked, "the version it was read at").to.include(version.replace(/^v/, ""));
                const names = table.images.map((i) => i.name);
                expect(
                    names.filter((n, i) => names.indexOf(n) !== i),
                    "duplicate image names",
                ).to.deep.equal([]);
            });

            it("pins every image it deploys by default to a version (no 'latest' outside tests)", () => {
                const loose = table.images
                    .filter((i) => i.role !== "test" && (!i.when || i.when(valuesView({}))))
                    .map((i) => ({ name: i.name, ref: i.source.render(valuesView({})) }))
                    .filter(({ ref }) => ref !== undefined)
                    .filter(({ ref }) => {
                        const parsed = parseImageRef(ref as string);
                        return !parsed.digest && (!parsed.tag || parsed.tag === "latest");
                    });
                expect(loose).to.deep.equal([]);
            });

            for (const registry of ["mirror.example.com", "registry.example.com:5000/platform/images"]) {
                it(`maps every image it can through ${registry}, keeping path, tag and digest, writing only the values paths it reads`, () => {
                    for (const image of table.images.filter((i) => i.source.mirror)) {
                        // The image as a stack might select it: the chart's default, or a repository of the stack's own for charts without one.
                        const values = image.source.render(valuesView({})) === undefined ? setAt(image.source.paths, "example/own-build") : {};
                        const before = image.source.render(valuesView(values));
                        if (before === undefined) {
                            continue;
                        }
                        const mirror = image.source.mirror?.(registry, valuesView(values)) ?? {};
                        expect(
                            leafPaths(mirror).filter((p) => !image.source.paths.includes(p)),
                            `${image.name} writes only the paths it declares`,
                        ).to.deep.equal([]);
                        const after = image.source.render(valuesView(deepMerge(values, mirror)));
                        const upstream = parseImageRef(before);
                        const deployed = parseImageRef(after as string, registry);
                        expect(deployed.registry, `${image.name}: ${after}`).to.equal(registry);
                        expect(formatImageRef({ ...deployed, registry: upstream.registry }), image.name).to.equal(formatImageRef(upstream));
                        // Mapping again changes nothing.
                        const again = image.source.mirror?.(registry, valuesView(deepMerge(values, mirror))) ?? {};
                        expect(image.source.render(valuesView(deepMerge(deepMerge(values, mirror), again))), `${image.name} mapped twice`).to.equal(after);
                    }
                });
            }
        });
    }

    it("reads each release's own choices: a repository the stack sets keeps its path through the mirror", () => {
        const pinniped = imageTable("pinniped", charts.pinniped.version)?.images.find((i) => i.name === "pinniped");
        const values = { image: { registry: "docker.io", repository: "bitnamilegacy/pinniped" } };
        expect(pinniped?.source.render(valuesView(values))).to.equal("docker.io/bitnamilegacy/pinniped:0.40.0-debian-12-r2");
        const mirrored = deepMerge(values, pinniped?.source.mirror?.("mirror.example.com", valuesView(values)) ?? {});
        expect(pinniped?.source.render(valuesView(mirrored))).to.equal("mirror.example.com/bitnamilegacy/pinniped:0.40.0-debian-12-r2");
    });

    it("follows the chart's switches: ingress-nginx's certificate jobs go when cert-manager provides the webhook certificate", () => {
        const patch = imageTable("ingressNginx", charts.ingressNginx.version)?.images.find((i) => i.name === "admission-patch");
        expect(patch?.when?.(valuesView({}))).to.equal(true);
        expect(patch?.when?.(valuesView({ controller: { admissionWebhooks: { certManager: { enabled: true } } } }))).to.equal(false);
        // Helm reads the string "false" as true.
        expect(patch?.when?.(valuesView({ controller: { admissionWebhooks: { enabled: "false" } } }))).to.equal(true);
    });

    describe("Envoy Gateway v1.9.0", () => {
        const table = imageTable("envoyGateway", "v1.9.0");
        const image = (name: string) => table?.images.find((i) => i.name === name);
        const registry = "registry.example.com:5000/platform/images";

        it("lists the controller, its certgen hook, and the proxies and shutdown manager it launches; the rate limit service only when configured", () => {
            const on = (values: Record<string, unknown>) =>
                (table?.images ?? [])
                    .filter((i) => i.role !== "test" && (!i.when || i.when(valuesView(values))))
                    .map((i) => `${i.name}=${i.source.render(valuesView(values))}`);
            expect(on({})).to.deep.equal([
                "envoy-gateway=docker.io/envoyproxy/gateway:v1.9.0",
                "certgen=docker.io/envoyproxy/gateway:v1.9.0",
                "shutdown-manager=docker.io/envoyproxy/gateway:v1.9.0",
                "envoy=docker.io/envoyproxy/envoy:distroless-v1.39.0",
            ]);
            expect(on({ config: { envoyGateway: { rateLimit: { backend: { type: "Redis", redis: { url: "redis.ratelimit.svc:6379" } } } } } })).to.include(
                "ratelimit=docker.io/envoyproxy/ratelimit:17b1956c",
            );
        });

        it("global.imageRegistry alone leaves the proxies on the controller's built-in image and doubles a mirror's path: the mapping writes full references instead", () => {
            expect(image("envoy")?.source.render(valuesView({ global: { imageRegistry: registry } }))).to.equal(
                "docker.io/envoyproxy/envoy:distroless-v1.39.0",
            );
            expect(
                image("envoy")?.source.render(
                    valuesView({ global: { imageRegistry: registry, images: { envoyProxy: { image: `${registry}/envoyproxy/envoy` } } } }),
                ),
            ).to.equal(`${registry}/platform/images/envoyproxy/envoy:distroless-v1.39.0`);
            let mapped: Record<string, unknown> = {};
            for (const i of table?.images ?? []) {
                mapped = deepMerge(mapped, i.source.mirror?.(registry, valuesView({})) ?? {});
            }
            expect(mapped).to.deep.equal({
                global: {
                    imageRegistry: "",
                    images: {
                        envoyGateway: { image: `${registry}/envoyproxy/gateway:v1.9.0` },
                        envoyProxy: { image: `${registry}/envoyproxy/envoy:distroless-v1.39.0` },
                        ratelimit: { image: `${registry}/envoyproxy/ratelimit:17b1956c` },
                    },
                },
            });
            for (const i of table?.images ?? []) {
                expect(i.source.render(valuesView(mapped)), i.name).to.match(new RegExp(`^${registry.replace(/[.]/g, "\\.")}/envoyproxy/`));
            }
        });

        it("keeps a controller repository the stack chooses, and an Envoy image configured in the controller's default EnvoyProxy", () => {
            const own = { deployment: { envoyGateway: { image: { repository: "ghcr.io/acme/gateway", tag: "v1.9.0-acme" } } } };
            expect(
                image("envoy-gateway")?.source.render(valuesView(deepMerge(own, image("envoy-gateway")?.source.mirror?.(registry, valuesView(own)) ?? {}))),
            ).to.equal(`${registry}/acme/gateway:v1.9.0-acme`);
            const proxy = {
                config: {
                    envoyGateway: { envoyProxy: { provider: { kubernetes: { envoyDeployment: { container: { image: "quay.io/acme/envoy:1.39.0-fips" } } } } } },
                },
            };
            expect(image("envoy")?.source.render(valuesView(proxy))).to.equal("quay.io/acme/envoy:1.39.0-fips");
            expect(image("envoy")?.source.render(valuesView(deepMerge(proxy, image("envoy")?.source.mirror?.(registry, valuesView(proxy)) ?? {})))).to.equal(
                `${registry}/acme/envoy:1.39.0-fips`,
            );
        });
    });

    describe("Loki 18.11.0", () => {
        const table = imageTable("loki", "18.11.0");
        const on = (values: Record<string, unknown>) =>
            (table?.images ?? []).filter((i) => i.role !== "test" && (!i.when || i.when(valuesView(values)))).map((i) => i.name);

        it("follows the deployment mode and the switches: the chart's defaults, the platform's single binary, SimpleScalable on object storage", () => {
            expect(on({})).to.deep.equal(["single-binary", "rules-sidecar", "gateway", "gateway-exporter", "canary", "memcached", "memcached-exporter"]);
            expect(on(lokiValues({ config: { enabled: true, retention: "168h", storageSize: "10Gi" } as never }))).to.deep.equal(["single-binary"]);
            const scalable = { deploymentMode: "SimpleScalable", gateway: { enabled: false }, lokiCanary: { enabled: false }, memcached: { enabled: false } };
            expect(on(scalable)).to.deep.equal(["read", "write", "backend", "rules-sidecar"]);
            // Scalable targets need object storage: on a filesystem the chart renders none.
            expect(on({ ...scalable, loki: { storage: { type: "filesystem" } } })).to.deep.equal([]);
            expect(
                on({
                    deploymentMode: "Distributed",
                    ingester: { replicas: 3 },
                    distributor: { replicas: 2 },
                    gateway: { enabled: false },
                    lokiCanary: { enabled: false },
                    memcached: { enabled: false },
                }),
            ).to.deep.equal(["ingester", "distributor"]);
        });

        it("sends every image through the registry with global.imageRegistry, the recreate hook's too; the subcharts through their own values", () => {
            const registry = "mirror.example.com/loki";
            const images = (table?.images ?? []).filter((i) => !["minio", "minio-mc", "rollout-operator"].includes(i.name));
            for (const i of images) {
                expect(i.source.mirror?.(registry, valuesView({})), i.name).to.deep.equal({ global: { imageRegistry: registry } });
            }
            const recreate = table?.images.find((i) => i.name === "statefulset-recreate");
            expect(
                recreate?.source.render(
                    valuesView({ global: { imageRegistry: registry }, defaults: { statefulSetRecreateJob: { image: { tag: "v1.33.4" } } } }),
                ),
            ).to.equal(`${registry}/kubectl:v1.33.4`);
            const singleBinary = table?.images.find((i) => i.name === "single-binary");
            expect(
                singleBinary?.source.render(valuesView({ global: { imageRegistry: registry }, singleBinary: { image: { digest: "sha256:abc" } } })),
            ).to.equal(`${registry}/grafana/loki@sha256:abc`);
        });
    });
});

/** Values with `value` at the first path that holds a repository. */
function setAt(paths: readonly string[], value: string): Record<string, unknown> {
    const path = paths.find((p) => /repository$/.test(p)) ?? paths[0];
    return path.split(".").reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

function leafPaths(values: unknown, prefix = ""): string[] {
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
        return [prefix];
    }
    return Object.entries(values as Record<string, unknown>).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}
