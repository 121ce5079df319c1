/** Restricted Pod Security settings the area's own containers run with. */

/** A container security context that meets the restricted Pod Security Standard. */
export function restrictedContainer(opts: { readOnlyRootFilesystem?: boolean } = {}) {
    return {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: opts.readOnlyRootFilesystem ?? true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** A pod security context for the restricted level with a fixed non-root user. */
export function restrictedPod(uid: number) {
    return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } };
}
