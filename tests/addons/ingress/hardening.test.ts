/**
 * Host access is refused on every controller, whatever path a stack's values take to it, with the
 * key path named; switches are judged as Helm reads them (a non-empty string is true).
 */
import { expect } from "chai";
import { helmTruthy, ingressValueIssues } from "../../../modules/addons/ingress";
import { planError } from "../../fakes/cluster";
import { planRouting } from "../routing";

describe("ingress hardening: no host ports, no host network, no raw proxy configuration", () => {
    it('Helm truthiness: the string "false" is true, empty values are false', () => {
        for (const v of [true, "false", "true", 1, ["x"], { a: 1 }]) {
            expect(helmTruthy(v), JSON.stringify(v)).to.equal(true);
        }
        for (const v of [false, "", 0, null, undefined, [], {}]) {
            expect(helmTruthy(v), JSON.stringify(v)).to.equal(false);
        }
    });

    const nginxHostAccess: [string, Record<string, unknown>, string][] = [
        ["the chart's host-port switch", { controller: { hostPort: { enabled: true } } }, "ingress.nginx.values.controller.hostPort.enabled"],
        [
            'the host-port switch written as the string "false" (true to Helm)',
            { controller: { hostPort: { enabled: "false" } } },
            "ingress.nginx.values.controller.hostPort.enabled",
        ],
        [
            "a host port on an extra container",
            { controller: { extraContainers: [{ name: "sidecar", ports: [{ containerPort: 9000, hostPort: 9000 }] }] } },
            "ingress.nginx.values.controller.extraContainers[0].ports[0].hostPort",
        ],
        ["host networking", { controller: { hostNetwork: true } }, "ingress.nginx.values.controller.hostNetwork"],
    ];
    for (const [what, values, path] of nginxHostAccess) {
        it(`ingress-nginx: ${what} is refused at ${path}`, async () => {
            const error = await planError(() => planRouting("aws", { ingress: { nginx: { values } } }));
            expect(error).to.include(`${path}: `);
        });
    }

    it("ingress-nginx: host ports left off (and their port numbers set) plan", async () => {
        const error = await planError(() =>
            planRouting("aws", { ingress: { nginx: { values: { controller: { hostPort: { enabled: false, ports: { http: 8080 } } } } } } }),
        );
        expect(error).to.equal(undefined);
    });

    it("Contour: host ports, as booleans or strings, and host networking are refused", () => {
        const issues = ingressValueIssues("contour", {
            envoy: { service: { type: "ClusterIP" }, useHostPort: { http: "true", https: true, metrics: false }, hostNetwork: true },
        }).map((i) => i.path);
        expect(issues).to.have.members([
            "ingress.contour.values.envoy.useHostPort.http",
            "ingress.contour.values.envoy.useHostPort.https",
            "ingress.contour.values.envoy.hostNetwork",
        ]);
    });

    const envoyGatewayRisks: [string, Record<string, unknown>, string][] = [
        [
            "EnvoyPatchPolicy (raw xDS from any namespace)",
            { config: { envoyGateway: { extensionApis: { enableEnvoyPatchPolicy: true } } } },
            "config.envoyGateway.extensionApis.enableEnvoyPatchPolicy",
        ],
        ["Lua extensions", { config: { envoyGateway: { extensionApis: { enableLua: true } } } }, "config.envoyGateway.extensionApis.enableLua"],
        [
            "Lua through the deprecated switch",
            { config: { envoyGateway: { extensionApis: { disableLua: false } } } },
            "config.envoyGateway.extensionApis.disableLua",
        ],
        ["the Backend API", { config: { envoyGateway: { extensionApis: { enableBackend: "yes" } } } }, "config.envoyGateway.extensionApis.enableBackend"],
        ["a public controller Service", { service: { type: "LoadBalancer" } }, "service.type"],
        [
            "a host port on an extra container",
            { deployment: { pod: { extraContainers: [{ ports: [{ hostPort: 80 }] }] } } },
            "deployment.pod.extraContainers[0].ports[0].hostPort",
        ],
    ];
    for (const [what, values, path] of envoyGatewayRisks) {
        it(`Envoy Gateway: ${what} is refused at ingress.envoyGateway.values.${path}`, async () => {
            const error = await planError(() => planRouting("gcp", { ingress: { controller: "envoyGateway", envoyGateway: { values } } }));
            expect(error).to.include(`ingress.envoyGateway.values.${path}: `);
        });
    }

    it("Envoy Gateway: harmless values merge over the platform's", async () => {
        const plan = await planRouting("gcp", {
            ingress: { controller: "envoyGateway", envoyGateway: { values: { config: { envoyGateway: { logging: { level: { default: "debug" } } } } } } },
        });
        const release = plan.releases().find((r) => r.props.name === "envoy-gateway");
        expect((release?.props.values as { config: { envoyGateway: Record<string, unknown> } }).config.envoyGateway.logging).to.deep.equal({
            level: { default: "debug" },
        });
    });
});
