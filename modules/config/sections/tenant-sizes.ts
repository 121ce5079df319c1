/**
 * Tenant size classes: the ResourceQuota and LimitRange a tenant namespace gets from `size`, and the
 * Kubernetes quantity arithmetic needed to check overrides. Plain data: no Pulumi.
 *
 * Figures are per namespace (a ResourceQuota is namespaced; aggregating across a tenant's namespaces
 * would need a controller such as Capsule or HNC). A tenant with N namespaces gets N times the class.
 */

export const sizeClasses = ["small", "medium", "large"] as const;
/** A tenant's size class. */
export type SizeClass = (typeof sizeClasses)[number];

/** CPU and memory, as Kubernetes quantities ("500m", "1Gi"). */
export interface CpuMemory {
    cpu: string;
    memory: string;
}

/** LimitRange figures for containers: what a container gets when it states nothing, and the most it may ask. */
export interface ContainerLimits {
    /** Default limit when a container sets none. */
    default: CpuMemory;
    /** Default request when a container sets none. */
    defaultRequest: CpuMemory;
    /** Largest limit a single container may set. */
    max: CpuMemory;
}

/** Everything a size class decides for one namespace. */
export interface SizeFigures {
    /** ResourceQuota `spec.hard`, without the service-type keys (always 0, see `forcedQuota`). */
    quota: Record<string, string>;
    limits: ContainerLimits;
    /** Largest single PersistentVolumeClaim. */
    maxVolume: string;
}

/** Quota keys no tenant may override: tenants never get their own cloud load balancer or node ports. */
export const forcedQuota: Readonly<Record<string, string>> = Object.freeze({
    "services.loadbalancers": "0",
    "services.nodeports": "0",
});

/** Quota keys that count objects (integers), as opposed to compute or storage quantities. */
export const countQuotaKeys = ["pods", "services", "persistentvolumeclaims", "secrets", "configmaps", "replicationcontrollers", "resourcequotas"] as const;

/** Compute and storage quota keys (Kubernetes quantities). */
export const quantityQuotaKeys = [
    "requests.cpu",
    "limits.cpu",
    "requests.memory",
    "limits.memory",
    "requests.storage",
    "requests.ephemeral-storage",
    "limits.ephemeral-storage",
] as const;

/** The classes. Sized after what multi-tenancy operators ship (Stakater MTO small/medium/large, Capsule, EKS Blueprints teams). */
export const sizeTable: Readonly<Record<SizeClass, SizeFigures>> = {
    small: {
        quota: {
            "requests.cpu": "2",
            "limits.cpu": "4",
            "requests.memory": "4Gi",
            "limits.memory": "8Gi",
            "requests.storage": "20Gi",
            persistentvolumeclaims: "5",
            pods: "20",
            services: "10",
        },
        limits: { default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" }, max: { cpu: "2", memory: "4Gi" } },
        maxVolume: "10Gi",
    },
    medium: {
        quota: {
            "requests.cpu": "8",
            "limits.cpu": "16",
            "requests.memory": "16Gi",
            "limits.memory": "32Gi",
            "requests.storage": "100Gi",
            persistentvolumeclaims: "20",
            pods: "50",
            services: "25",
        },
        limits: { default: { cpu: "1", memory: "1Gi" }, defaultRequest: { cpu: "250m", memory: "256Mi" }, max: { cpu: "4", memory: "8Gi" } },
        maxVolume: "50Gi",
    },
    large: {
        quota: {
            "requests.cpu": "32",
            "limits.cpu": "64",
            "requests.memory": "64Gi",
            "limits.memory": "128Gi",
            "requests.storage": "500Gi",
            persistentvolumeclaims: "50",
            pods: "200",
            services: "50",
        },
        limits: { default: { cpu: "2", memory: "2Gi" }, defaultRequest: { cpu: "500m", memory: "512Mi" }, max: { cpu: "8", memory: "16Gi" } },
        maxVolume: "200Gi",
    },
};

const suffixes: Record<string, number> = {
    "": 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

/** A Kubernetes quantity as written in manifests: a decimal number and an optional suffix. */
export const quantityPattern = /^(\d+(?:\.\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** The numeric value of a quantity ("500m" -> 0.5, "1Gi" -> 1073741824); undefined when it is not one. */
export function parseQuantity(value: string): number | undefined {
    const m = quantityPattern.exec(value);
    return m ? Number(m[1]) * suffixes[m[2] ?? ""] : undefined;
}

/** Overrides as the config holds them: a partial quota map and partial container limits. */
export interface SizeOverrides {
    quota?: Record<string, string>;
    limits?: { default?: Partial<CpuMemory>; defaultRequest?: Partial<CpuMemory>; max?: Partial<CpuMemory> };
}

/** The ResourceQuota and LimitRange figures for one namespace: class, then stack-wide, then tenant overrides; the service-type keys last. */
export function resolveSize(size: SizeClass, stackWide: SizeOverrides | undefined, tenant: SizeOverrides | undefined): SizeFigures {
    const base = sizeTable[size];
    const merge = (key: keyof ContainerLimits): CpuMemory => ({
        ...base.limits[key],
        ...stripUndefined(stackWide?.limits?.[key]),
        ...stripUndefined(tenant?.limits?.[key]),
    });
    return {
        quota: { ...base.quota, ...stackWide?.quota, ...tenant?.quota, ...forcedQuota },
        limits: { default: merge("default"), defaultRequest: merge("defaultRequest"), max: merge("max") },
        maxVolume: base.maxVolume,
    };
}

function stripUndefined(v: Partial<CpuMemory> | undefined): Partial<CpuMemory> {
    const out: Partial<CpuMemory> = {};
    if (v?.cpu !== undefined) {
        out.cpu = v.cpu;
    }
    if (v?.memory !== undefined) {
        out.memory = v.memory;
    }
    return out;
}

/** Problems with resolved limits: a default request above the default limit, a default limit above the max. */
export function limitProblems(limits: ContainerLimits): { path: string[]; message: string }[] {
    const out: { path: string[]; message: string }[] = [];
    for (const r of ["cpu", "memory"] as const) {
        const [request, limit, max] = [limits.defaultRequest[r], limits.default[r], limits.max[r]].map((q) => parseQuantity(q) ?? 0);
        if (request > limit) {
            out.push({ path: ["limits", "defaultRequest", r], message: `${limits.defaultRequest[r]} is more than the default limit ${limits.default[r]}` });
        }
        if (limit > max) {
            out.push({ path: ["limits", "default", r], message: `${limits.default[r]} is more than the max ${limits.max[r]}` });
        }
    }
    return out;
}
