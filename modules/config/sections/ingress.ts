/**
 * `platform:ingress`: the one ingress controller behind the platform's one cloud load balancer.
 * `controller: nginx` (default, as the design card asks) installs ingress-nginx at its final patched
 * release, hardened; the upstream project is retired (no fixes after March 2026).
 * `controller: contour` installs Contour with the Gateway API: the maintained alternative.
 */
import { z } from "zod";
import { addon, restrictedCidr, Tier } from "../common";

export const ingressControllers = ["nginx", "contour"] as const;
export type IngressController = (typeof ingressControllers)[number];

/** ingress-nginx annotation risk levels the platform accepts: `Critical` (snippets and the like) never. */
export const annotationRiskLevels = ["Low", "Medium", "High"] as const;

export function ingressSchema(tier: Tier) {
    const replicas = tier === "prod" ? 3 : tier === "staging" ? 2 : 1;
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install the ingress controller and its load balancer. Default: true."),
            controller: z
                .enum(ingressControllers)
                .default("nginx")
                .describe("Which controller: nginx (ingress-nginx, retired upstream in March 2026) or contour (Contour with the Gateway API, maintained). Default: nginx."),
            replicas: z
                .number()
                .int()
                .min(1)
                .max(20)
                .default(replicas)
                .describe(`Data-plane replicas (nginx controllers or Envoy proxies), spread across zones, with a PodDisruptionBudget when above 1. Default: ${replicas} (3 in prod, 2 in staging, 1 in dev).`),
            loadBalancer: z
                .strictObject({
                    internal: z
                        .boolean()
                        .default(false)
                        .describe("Internal load balancer (reachable only inside the network) instead of an internet-facing one. Default: false."),
                    sourceRanges: z
                        .array(restrictedCidr())
                        .default([])
                        .describe("Client networks allowed through the load balancer (loadBalancerSourceRanges). Default: [] (no restriction). Never 0.0.0.0/0."),
                })
                .prefault({})
                .describe("The one cloud load balancer all tenants share (NLB on AWS, Standard LB on Azure, regional LB on GCP)."),
            nginx: addon("ingress-nginx (when controller is nginx)", true, {
                annotationsRiskLevel: z
                    .enum(annotationRiskLevels)
                    .default("High")
                    .describe("Highest ingress annotation risk level accepted (annotations-risk-level). Critical is never allowed. Default: High."),
            })
                .omit({ enabled: true })
                .prefault({})
                .describe("ingress-nginx settings (used when controller is nginx): chart version override, values, timeout, annotation risk level."),
            contour: addon("Contour with the Gateway API (when controller is contour)", true, {
                gatewayName: z
                    .string()
                    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label")
                    .max(63)
                    .default("platform")
                    .describe("Name of the shared Gateway (and of its GatewayClass). Default: platform."),
            })
                .omit({ enabled: true })
                .prefault({})
                .describe("Contour settings (used when controller is contour): chart version override, values, timeout, Gateway name."),
        })
        .prefault({})
        .describe("The ingress controller (ingress-nginx or Contour with the Gateway API) behind one load balancer.");
}

export type IngressConfig = z.output<ReturnType<typeof ingressSchema>>;
