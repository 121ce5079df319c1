/**
 * `platform:ingress`: the one ingress controller behind the platform's one cloud load balancer.
 * `controller: nginx` (default, as the design card asks) installs ingress-nginx at its final patched
 * release, hardened; the upstream project is retired (no fixes after March 2026), so in prod the
 * policy pack requires a maintained controller unless the stack accepts the retired one explicitly
 * (`nginx.acceptRetired`). `controller: envoyGateway` installs Envoy Gateway, the maintained Gateway
 * API path on every Kubernetes version the platform supports. `controller: contour` installs Contour
 * with the Gateway API (its pinned release supports Kubernetes 1.32–1.34 only).
 */
import { z } from "zod";
import { addon, replicaCount, restrictedCidr, Tier } from "../common";

export const ingressControllers = ["nginx", "envoyGateway", "contour"] as const;
export type IngressController = (typeof ingressControllers)[number];

/** ingress-nginx annotation risk levels the platform accepts: `Critical` (snippets and the like) never. */
export const annotationRiskLevels = ["Low", "Medium", "High"] as const;

const gatewayName = () =>
    z
        .string()
        .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label")
        .max(63)
        .default("platform")
        .describe("Name of the shared Gateway (and of its GatewayClass). Default: platform.");

/** A calendar date, `YYYY-MM-DD`, that exists. */
const calendarDate = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "is not a calendar date");

/**
 * The explicit acceptance of the retired ingress-nginx: recorded on the controller Deployment (two
 * annotations the policy pack reads from the release), it turns the prod-mandatory
 * `require-maintained-ingress-controller` back into an advisory that quotes the reason.
 */
export const acceptRetiredSchema = z
    .strictObject({
        reason: z
            .string()
            .trim()
            .min(10, "say why the retired controller is still needed (at least 10 characters)")
            .max(250)
            .regex(/^[^\r\n]*$/, "must be one line")
            .describe("Why this stack keeps the retired ingress-nginx (a ticket, a migration date, a blocker). Shown in every plan and preview."),
        until: calendarDate
            .optional()
            .describe(
                "Last day (YYYY-MM-DD, UTC) the acceptance holds; from the day after, the maintained-controller rule is mandatory again. Default: no end date.",
            ),
    })
    .describe(
        "Accept the retired ingress-nginx in an environment whose policy config makes require-maintained-ingress-controller mandatory (prod): the rule becomes an advisory that states the reason. Only with controller nginx. Default: not accepted.",
    );

export type AcceptRetired = z.output<typeof acceptRetiredSchema>;

export function ingressSchema(tier: Tier) {
    const replicas = tier === "prod" ? 3 : tier === "staging" ? 2 : 1;
    return z
        .strictObject({
            enabled: z.boolean().default(true).describe("Install the ingress controller and its load balancer. Default: true."),
            controller: z
                .enum(ingressControllers)
                .default("nginx")
                .describe(
                    "Which controller: nginx (ingress-nginx, retired upstream in March 2026; in prod only with nginx.acceptRetired), envoyGateway (Envoy Gateway, maintained, Gateway API only) or contour (Contour with the Gateway API and Ingress; Kubernetes 1.32–1.34 only). Default: nginx.",
                ),
            replicas: replicaCount(20)
                .default(replicas)
                .describe(
                    `Data-plane replicas (nginx controllers or Envoy proxies), spread across zones and nodes, with a PodDisruptionBudget when above 1. Default: ${replicas} (3 in prod, 2 in staging, 1 in dev).`,
                ),
            loadBalancer: z
                .strictObject({
                    internal: z
                        .boolean()
                        .default(false)
                        .describe("Internal load balancer (reachable only inside the network) instead of an internet-facing one. Default: false."),
                    sourceRanges: z
                        .array(restrictedCidr())
                        .default([])
                        .describe(
                            "Client networks allowed through the load balancer (loadBalancerSourceRanges). Default: [] (no restriction). Never 0.0.0.0/0.",
                        ),
                })
                .prefault({})
                .describe("The one cloud load balancer all tenants share (NLB on AWS, Standard LB on Azure, regional LB on GCP)."),
            nginx: addon("ingress-nginx (when controller is nginx)", true, {
                annotationsRiskLevel: z
                    .enum(annotationRiskLevels)
                    .default("High")
                    .describe("Highest ingress annotation risk level accepted (annotations-risk-level). Critical is never allowed. Default: High."),
                acceptRetired: acceptRetiredSchema.optional(),
            })
                .omit({ enabled: true })
                .prefault({})
                .describe(
                    "ingress-nginx settings (used when controller is nginx): chart version override, values, timeout, annotation risk level, acceptance of the retired controller.",
                ),
            envoyGateway: addon("Envoy Gateway (when controller is envoyGateway)", true, { gatewayName: gatewayName() })
                .omit({ enabled: true })
                .prefault({})
                .describe(
                    "Envoy Gateway settings (used when controller is envoyGateway): chart version override, values (the controller's chart), timeout, Gateway name.",
                ),
            contour: addon("Contour with the Gateway API (when controller is contour)", true, { gatewayName: gatewayName() })
                .omit({ enabled: true })
                .prefault({})
                .describe("Contour settings (used when controller is contour): chart version override, values, timeout, Gateway name."),
        })
        .superRefine((ingress, ctx) => {
            if (ingress.nginx.acceptRetired && ingress.controller !== "nginx") {
                ctx.addIssue({
                    code: "custom",
                    path: ["nginx", "acceptRetired"],
                    message: `accepts the retired ingress-nginx, but ingress.controller is ${ingress.controller}; remove it`,
                });
            }
        })
        .prefault({})
        .describe("The ingress controller (ingress-nginx, Envoy Gateway or Contour) behind one load balancer.");
}

export type IngressConfig = z.output<ReturnType<typeof ingressSchema>>;
