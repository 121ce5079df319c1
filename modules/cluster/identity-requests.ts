/**
 * Checks every identity binder applies to a binding request before creating anything: names
 * Kubernetes would accept, and one binding per name on a cluster.
 */

const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Rejects namespace / service-account names Kubernetes would reject, naming the request. */
export function validateIdentityRequest(req: { name: string; namespace: string; serviceAccount: string }): void {
    const problems: string[] = [];
    if (!/^[a-z][-a-z0-9]{0,30}$/.test(req.name)) {
        problems.push(`name '${req.name}' must be 1-31 lowercase letters, digits or '-', starting with a letter`);
    }
    if (!dns1123.test(req.namespace) || req.namespace.length > 63) {
        problems.push(`namespace '${req.namespace}' is not a valid Kubernetes namespace name`);
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(req.serviceAccount) || req.serviceAccount.length > 253) {
        problems.push(`serviceAccount '${req.serviceAccount}' is not a valid Kubernetes service account name`);
    }
    if (problems.length > 0) {
        throw new Error(`identity binding '${req.name}': ${problems.join("; ")}`);
    }
}

/** Validates a binding request and claims its name among `bound`; each binding needs its own name. */
export function claimBinding(bound: Set<string>, req: { name: string; namespace: string; serviceAccount: string }): void {
    validateIdentityRequest(req);
    if (bound.has(req.name)) {
        throw new Error(`identity binding '${req.name}': already bound; each binding needs its own name`);
    }
    bound.add(req.name);
}
