/**
 * Settings every platform workload shares: the restricted Pod Security Standard's security contexts
 * and small, bounded resources. Charts get these through their values builders.
 */

/** A container security context that meets the restricted Pod Security Standard (drop ALL, no escalation, RuntimeDefault seccomp). */
export function restrictedContainer(opts: { readOnlyRootFilesystem?: boolean } = {}) {
    return {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        readOnlyRootFilesystem: opts.readOnlyRootFilesystem ?? true,
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** A pod security context for the restricted level; with `uid`, a fixed non-root user, group and fsGroup. */
export function restrictedPod(uid?: number) {
    return uid === undefined
        ? { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }
        : { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } };
}

/** Requests (and a memory limit) sized for a small controller. */
export function smallResources(cpu = "50m", memory = "128Mi", memoryLimit = "256Mi") {
    return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}
