/**
 * Where a managed cluster runs: the region must be one of its cloud's (cloud-regions.ts), zones must
 * lie in that region, and node pools must use the cloud's own machine types. Each cloud names its
 * machine types by its own grammar, so a type copied from another cloud's stack is recognised and
 * named as such:
 * - AWS EC2: `<family><generation>[attributes][-flex].<size>` (m6i.large, c7gn.16xlarge, u-6tb1.metal);
 *   only EC2 names have a dot.
 * - Azure VM sizes: `Standard_<family><vCPUs>[features][_<version>]` (Standard_D4ds_v5); only Azure
 *   names start with `Standard_` or `Basic_` and use underscores.
 * - Compute Engine: `<series>-<type>-<vCPUs>[-suffix]` or `<series>-custom-<cpus>-<MiB>`
 *   (e2-standard-4, n2d-highmem-8, c3-standard-22-lssd); lowercase, dashes, no dot or underscore.
 */
import { z } from "zod";
import { suggest } from "../errors";
import { cloudRegions } from "./cloud-regions";

type ManagedCloud = "aws" | "azure" | "gcp";

const cloudLabel: Record<ManagedCloud, string> = { aws: "AWS", azure: "Azure", gcp: "Google Cloud" };
const article = (cloud: ManagedCloud) => (cloud === "gcp" ? "a" : "an");
const machineLabel: Record<ManagedCloud, string> = {
    aws: "an EC2 instance type such as m6i.large or m7g.xlarge",
    azure: "an Azure VM size such as Standard_D4ds_v5 or Standard_E8s_v5",
    gcp: "a Compute Engine machine type such as e2-standard-4 or n2-standard-8",
};
const machineName: Record<ManagedCloud, string> = { aws: "an AWS EC2 instance type", azure: "an Azure VM size", gcp: "a Google Compute Engine machine type" };
const poolService: Record<ManagedCloud, string> = { aws: "an EKS node group", azure: "an AKS node pool", gcp: "a GKE node pool" };

const machineGrammar: Record<ManagedCloud, RegExp> = {
    aws: /^[a-z][a-z0-9]*(-[a-z0-9]+)*\.(nano|micro|small|medium|large|xlarge|\d+xlarge|metal(-\d+xl)?)$/,
    azure: /^(Standard|Basic)_[A-Za-z][A-Za-z0-9]*\d[A-Za-z0-9_-]*$/i,
    gcp: /^([a-z][a-z0-9]*-(standard|highmem|highcpu|megamem|ultramem|hypermem|highgpu|megagpu|ultragpu|edgegpu|hightpu|micro|small|medium)(-[a-z0-9]+)*|([a-z][a-z0-9]*-)?custom-\d+-\d+(-ext)?)$/,
};

/** The cloud whose machine-type grammar `name` follows, or undefined. */
export function machineTypeCloud(name: string): ManagedCloud | undefined {
    return (Object.keys(machineGrammar) as ManagedCloud[]).find((c) => machineGrammar[c].test(name));
}

/** The problem with a node pool's machine type on `cloud`, or undefined when it fits. */
export function machineTypeProblem(cloud: ManagedCloud, name: string): string | undefined {
    const owner = machineTypeCloud(name);
    if (owner === cloud) {
        return undefined;
    }
    if (owner) {
        return `'${name}' is ${machineName[owner]}; ${poolService[cloud]} needs ${machineLabel[cloud]}`;
    }
    return `'${name}' is not ${machineLabel[cloud]}`;
}

/** The problem with a region name on `cloud`, or undefined when the cloud has that region. */
export function regionProblem(cloud: ManagedCloud, region: string): string | undefined {
    const data = cloudRegions[cloud];
    if (data.regions.includes(region)) {
        return undefined;
    }
    const elsewhere = (Object.keys(cloudRegions) as ManagedCloud[]).find((c) => c !== cloud && cloudRegions[c].regions.includes(region));
    if (elsewhere) {
        return `'${region}' is ${article(elsewhere)} ${cloudLabel[elsewhere]} region; ${cloudLabel[cloud]} regions look like ${data.example}`;
    }
    const hint = suggest(region, data.regions);
    return `'${region}' is not ${article(cloud)} ${cloudLabel[cloud]} region${hint ? ` (did you mean '${hint}'?)` : ""}; for example ${data.example}. Regions are listed in modules/config/sections/cloud-regions.ts (checked ${data.checked} against ${data.source}): add one the cloud opened since`;
}

/** The problem with a zone for `region`, or undefined when the zone lies in it. */
export function zoneProblem(cloud: "aws" | "gcp", region: string, zone: string): string | undefined {
    const inRegion = cloud === "aws" ? new RegExp(`^${region}[a-z]$`) : new RegExp(`^${region}-[a-z]$`);
    if (inRegion.test(zone)) {
        return undefined;
    }
    const example = cloud === "aws" ? `${region}a` : `${region}-b`;
    return `zone '${zone}' is not in region ${region}; its zones are named like ${example}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * A refinement for a managed cloud's `platform:cluster`: region, zones (`zones`, `network.zones`)
 * and node-pool machine types. Added to each cloud's object in sections/cluster.ts.
 */
export function checkPlacement(cloud: ManagedCloud) {
    return (c: { region: string; zones?: string[]; network?: unknown; nodePools?: unknown }, ctx: z.RefinementCtx) => {
        const region = regionProblem(cloud, c.region);
        if (region) {
            ctx.addIssue({ code: "custom", path: ["region"], message: region });
        }
        const zoneSets: [PropertyKey[], unknown][] = [
            [["zones"], c.zones],
            [["network", "zones"], isObject(c.network) ? c.network.zones : undefined],
        ];
        if (!region && cloud !== "azure") {
            for (const [path, zones] of zoneSets) {
                if (!Array.isArray(zones)) {
                    continue;
                }
                zones.forEach((zone, i) => {
                    const problem = typeof zone === "string" ? zoneProblem(cloud, c.region, zone) : undefined;
                    if (problem) {
                        ctx.addIssue({ code: "custom", path: [...path, i], message: problem });
                    }
                });
            }
        }
        if (isObject(c.nodePools)) {
            for (const [pool, settings] of Object.entries(c.nodePools)) {
                const type = isObject(settings) ? settings.instanceType : undefined;
                const problem = typeof type === "string" ? machineTypeProblem(cloud, type) : undefined;
                if (problem) {
                    ctx.addIssue({ code: "custom", path: ["nodePools", pool, "instanceType"], message: problem });
                }
            }
        }
    };
}
