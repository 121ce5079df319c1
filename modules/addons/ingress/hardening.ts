/**
 * The hardening and the one-load-balancer rule hold whatever a stack merges in through
 * `ingress.<controller>.values`: checked on the final values, reported as key paths. Switches are
 * judged as Helm's templates read them: any non-empty string is true to `{{ if }}` (so
 * `enabled: "false"` turns a feature on).
 */
import type { ConfigIssue } from "../../config";
import type { IngressController } from "../../config/sections/ingress";
import type { Values } from "../values";

type Obj = Record<string, unknown>;
const at = (v: unknown, path: string[]): unknown => path.reduce<unknown>((o, k) => (o as Obj | undefined)?.[k], v);

/** How a Helm template's `{{ if }}` reads a value: false, 0, "", null, empty lists and maps are false. */
export function helmTruthy(v: unknown): boolean {
    if (v === undefined || v === null || v === false || v === 0 || v === "") {
        return false;
    }
    if (Array.isArray(v)) {
        return v.length > 0;
    }
    if (typeof v === "object") {
        return Object.keys(v).length > 0;
    }
    return true;
}

const hostPorts = "host ports bypass the load balancer and network policies";
const hostNetwork = "host networking bypasses network policies";

/**
 * Every host port or host network a chart's values can ask for outside the controller's own
 * switches: a `hostPort` on any container port (extra containers, init containers, sidecars) and a
 * `hostNetwork` anywhere. Paths are relative to the values.
 */
function hostAccessPaths(values: unknown, path = ""): { path: string; message: string }[] {
    if (values === null || typeof values !== "object") {
        return [];
    }
    const out: { path: string; message: string }[] = [];
    for (const [key, value] of Object.entries(values as Obj)) {
        const here = Array.isArray(values) ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
        if (key === "hostNetwork" && helmTruthy(value)) {
            out.push({ path: here, message: hostNetwork });
        } else if (key === "hostPort" && (typeof value === "number" || (typeof value === "string" && value.trim() !== ""))) {
            out.push({ path: here, message: hostPorts });
        } else {
            out.push(...hostAccessPaths(value, here));
        }
    }
    return out;
}

export function ingressValueIssues(controller: IngressController, values: Values): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const prefix = `ingress.${controller}.values`;
    const rule = (path: string[], bad: (v: unknown) => boolean, message: string) => {
        if (bad(at(values, path))) {
            issues.push({ path: `${prefix}.${path.join(".")}`, message });
        }
    };
    if (controller === "nginx") {
        const snippets = "snippet annotations stay off (CVE-2021-25742, CVE-2025-1974)";
        rule(["controller", "allowSnippetAnnotations"], (v) => v !== false, snippets);
        rule(["controller", "config", "allow-snippet-annotations"], (v) => String(v) !== "false", snippets);
        rule(
            ["controller", "config", "annotations-risk-level"],
            (v) => v === "Critical",
            "Critical would re-admit the riskiest annotations; use ingress.nginx.annotationsRiskLevel (Low, Medium or High)",
        );
        rule(
            ["controller", "admissionWebhooks", "enabled"],
            (v) => v !== true,
            "the admission webhook validates every Ingress before nginx loads it and stays on",
        );
        rule(
            ["controller", "service", "enabled"],
            (v) => v !== false,
            "the platform's one LoadBalancer Service is the only entry point; the chart must not create its own",
        );
        rule(["controller", "kind"], (v) => v === "DaemonSet", "host-wide DaemonSets are not used; size the Deployment with ingress.replicas");
        // The chart's own host-port switch (containerPort, tcp and udp ports alike).
        rule(["controller", "hostPort", "enabled"], helmTruthy, hostPorts);
        rule(["controller", "hostPort"], (v) => typeof v !== "object" && helmTruthy(v), hostPorts);
    } else if (controller === "contour") {
        rule(
            ["envoy", "service", "type"],
            (v) => v !== "ClusterIP",
            "the platform's one LoadBalancer Service is the only entry point; the chart's Envoy Service stays ClusterIP",
        );
        for (const port of ["http", "https", "metrics"]) {
            rule(["envoy", "useHostPort", port], helmTruthy, hostPorts);
        }
        rule(["envoy", "kind"], (v) => String(v).toLowerCase() === "daemonset", "host-wide DaemonSets are not used; size the Deployment with ingress.replicas");
    } else {
        rule(
            ["service", "type"],
            (v) => v !== "ClusterIP",
            "the controller's Service (xDS and webhook) stays cluster-internal; the platform's one LoadBalancer Service is the only entry point",
        );
        const ext = ["config", "envoyGateway", "extensionApis"];
        rule(
            [...ext, "enableEnvoyPatchPolicy"],
            helmTruthy,
            "EnvoyPatchPolicy lets any namespace inject raw Envoy configuration (the Gateway API counterpart of nginx snippets) and stays off",
        );
        rule([...ext, "enableLua"], helmTruthy, "Lua EnvoyExtensionPolicies run tenant code inside the shared proxies and stay off");
        rule([...ext, "disableLua"], (v) => v === false || v === "false", "Lua EnvoyExtensionPolicies run tenant code inside the shared proxies and stay off");
        rule([...ext, "enableBackend"], helmTruthy, "Backend resources let routes reach any address, the proxies' own admin port included, and stay off");
    }
    for (const found of hostAccessPaths(values)) {
        if (!issues.some((i) => i.path === `${prefix}.${found.path}`)) {
            issues.push({ path: `${prefix}.${found.path}`, message: found.message });
        }
    }
    return issues;
}
