/**
 * The one schema of a stack's configuration. Each `platform:<key>` of a stack file is a section;
 * sections are functions of the environment tier, so tier defaults live beside the field they set.
 */
import { z } from "zod";
import { Tier, tiers } from "./common";
import { airgapSchema } from "./sections/airgap";
import { clusterSchema } from "./sections/cluster";
import { dnsSchema } from "./sections/dns";
import { identitySchema } from "./sections/identity";
import { ingressSchema } from "./sections/ingress";
import { observabilitySchema } from "./sections/observability";
import { pipelineSchema } from "./sections/pipeline";
import { rbacSchema } from "./sections/rbac";
import { securitySchema } from "./sections/security";
import { storageSchema } from "./sections/storage";
import { checkTenants, tenancySchema, tenantsSchema } from "./sections/tenants";

/** The Pulumi project name: the namespace of every platform config key (`platform:cluster`). */
export const projectName = "platform";

/** `platform:environment`, read first: it selects the tier defaults of every other section. */
export const environmentSchema = z
    .enum(tiers)
    .describe("Environment tier: dev | staging | prod. Drives defaults: prod gets HA replicas, protection and private endpoints.");

export function stackSchema(tier: Tier) {
    return z
        .strictObject({
            environment: environmentSchema,
            cluster: clusterSchema(tier),
            airgap: airgapSchema(),
            storage: storageSchema(tier),
            ingress: ingressSchema(tier),
            dns: dnsSchema(tier),
            observability: observabilitySchema(tier),
            security: securitySchema(tier),
            identity: identitySchema(tier),
            rbac: rbacSchema(tier),
            tenants: tenantsSchema(tier),
            tenancy: tenancySchema(tier),
            pipeline: pipelineSchema(tier),
        })
        .superRefine(checkTenants);
}

/** The complete, validated configuration of one stack, with every default applied. */
export type PlatformConfig = z.output<ReturnType<typeof stackSchema>> & {
    /** The stack's name (`dev`, `aws-prod`, ...), from Pulumi or the stack file name. */
    stack: string;
};

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Defaults that depend on another section rather than on the tier, filled into the raw input before
 * it is parsed (so a value the user sets always wins):
 * - an `existing` cluster has no cloud account, so long-term metrics (which need a bucket in the
 *   stack's cloud) default to off there.
 */
export function applyContextDefaults(sections: Record<string, unknown>): Record<string, unknown> {
    const cluster = sections.cluster;
    if (!isObject(cluster) || cluster.cloud !== "existing") {
        return sections;
    }
    const observability = isObject(sections.observability) ? sections.observability : {};
    const longTerm = isObject(observability.longTerm) ? observability.longTerm : {};
    if (longTerm.enabled !== undefined) {
        return sections;
    }
    return { ...sections, observability: { ...observability, longTerm: { ...longTerm, enabled: false } } };
}
