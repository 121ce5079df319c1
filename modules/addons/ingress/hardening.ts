/**
 * The hardening and the one-load-balancer rule hold whatever a stack merges in through
 * `ingress.<controller>.values`: checked on the final values, reported as key paths.
 */
import type { ConfigIssue } from "../../config";
import type { IngressController } from "../../config/sections/ingress";
import type { Values } from "../values";

type Obj = Record<string, unknown>;
const at = (v: unknown, path: string[]): unknown => path.reduce<unknown>((o, k) => (o as Obj | undefined)?.[k], v);

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
        rule(["controller", "config", "annotations-risk-level"], (v) => v === "Critical", "Critical would re-admit the riskiest annotations; use ingress.nginx.annotationsRiskLevel (Low, Medium or High)");
        rule(["controller", "admissionWebhooks", "enabled"], (v) => v !== true, "the admission webhook validates every Ingress before nginx loads it and stays on");
        rule(["controller", "service", "enabled"], (v) => v !== false, "the platform's one LoadBalancer Service is the only entry point; the chart must not create its own");
        rule(["controller", "kind"], (v) => v === "DaemonSet", "host-wide DaemonSets are not used; size the Deployment with ingress.replicas");
        rule(["controller", "hostNetwork"], (v) => v === true, "host networking bypasses network policies");
    } else {
        rule(["envoy", "service", "type"], (v) => v !== "ClusterIP", "the platform's one LoadBalancer Service is the only entry point; the chart's Envoy Service stays ClusterIP");
        rule(["envoy", "hostNetwork"], (v) => v === true, "host networking bypasses network policies");
        for (const port of ["http", "https", "metrics"]) {
            rule(["envoy", "useHostPort", port], (v) => v === true, "host ports bypass the load balancer and network policies");
        }
    }
    return issues;
}
