/**
 * Installing generated ValidatingAdmissionPolicies for a test run, and reading what the API server
 * made of them.
 *
 * Test wiring (never part of the generated product objects, which policy-pack/cel/vap.ts renders):
 * - every policy gets a matchCondition limiting it to this suite's own dry-run requests (its user, and
 *   `request.dryRun`), so nothing else on a shared cluster is ever judged by a test policy; parity
 *   policies also get one on the request's field manager, so each object meets only its case's policies;
 * - `actions` may override the bindings' validation actions (the parity runs use Warn, so every failing
 *   rule reports itself in a Warning header and no rule hides another).
 * The rule's variables, validations and messages are untouched.
 */
import type { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding, ValidationAction } from "../../policy-pack/cel/vap";
import { lit } from "../../policy-pack/cel/rule";
import { KubeObject } from "./kube";
import { Session } from "./session";

/** The user the API server sees for this client (SelfSubjectReview). */
export async function whoAmI(session: Session): Promise<string> {
    const res = await session.kube.call("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {
        body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
    });
    const user = (res.body as { status?: { userInfo?: { username?: string } } }).status?.userInfo?.username;
    if (!user) {
        throw new Error("SelfSubjectReview returned no username");
    }
    return user;
}

/** The matchCondition scoping a test policy to this suite's dry-run requests. */
export function runScope(user: string): { name: string; expression: string } {
    return { name: "platform-conformance-run", expression: `request.userInfo.username == ${lit(user)} && has(request.dryRun) && request.dryRun == true` };
}

export interface PolicyPair {
    policy: ValidatingAdmissionPolicy;
    binding: ValidatingAdmissionPolicyBinding;
}

/**
 * The matchCondition limiting a test policy to requests whose field manager (a request option the suite
 * sets per submission, which no rule reads) is one of `tags`: how one object is judged by exactly the
 * policies of its case while policies of other cases stay installed.
 */
export function tagScope(tags: readonly string[]): { name: string; expression: string } {
    return {
        name: "platform-conformance-case",
        expression: `has(request.options) && has(request.options.fieldManager) && request.options.fieldManager in [${tags.map(lit).join(", ")}]`,
    };
}

/** The test form of a generated pair: scoped to the run (and to `tags`), optionally with other validation actions. */
export function scoped(pair: PolicyPair, user: string, actions?: ValidationAction[], tags?: readonly string[]): { policy: KubeObject; binding: KubeObject } {
    const policy = structuredClone(pair.policy) as unknown as KubeObject & { spec: Record<string, unknown> };
    policy.spec.matchConditions = [runScope(user), ...(tags ? [tagScope(tags)] : [])];
    const binding = structuredClone(pair.binding) as unknown as KubeObject & { spec: Record<string, unknown> };
    if (actions) {
        binding.spec.validationActions = actions;
    }
    return { policy, binding };
}

/** A rejection of a policy object itself (it does not compile, exceeds a cost limit, ...). */
export interface PolicyRejection {
    name: string;
    message: string;
}

/**
 * Creates policies then bindings (labelled with the run, deleted by session.cleanup()). Returns the
 * policies the API server refused, with its message; their bindings are not created.
 */
export async function installPolicies(session: Session, pairs: { policy: KubeObject; binding: KubeObject }[]): Promise<PolicyRejection[]> {
    const rejected: PolicyRejection[] = [];
    const accepted: KubeObject[] = [];
    for (const pair of pairs) {
        try {
            await session.createIfAbsent(pair.policy);
            accepted.push(pair.binding);
        } catch (e) {
            rejected.push({ name: pair.policy.metadata.name as string, message: (e as Error).message });
        }
    }
    for (const binding of accepted) {
        await session.createIfAbsent(binding);
    }
    return rejected;
}

/**
 * Waits (bounded) until the admission plugin enforces every policy created so far: a sentinel policy and
 * binding are created last, and a dry-run ConfigMap in `namespace` is submitted until the sentinel's
 * warning comes back. Policies and bindings reach the plugin through watches in creation order, so
 * everything created before the sentinel is in force by then.
 */
export async function waitEnforced(session: Session, user: string, namespace: string, timeoutMs = 60_000): Promise<void> {
    const name = `${session.runId}-sentinel-${Date.now().toString(36)}`;
    const policy: KubeObject = {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: { resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"] }] },
            matchConditions: [runScope(user), { name: "sentinel", expression: `object.metadata.name == ${lit(name)}` }],
            validations: [{ expression: "false", message: "sentinel" }],
        },
    };
    const binding: KubeObject = {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name },
        spec: { policyName: name, validationActions: ["Warn"] },
    };
    await installPolicies(session, [{ policy, binding }]);
    const probe: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace } };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const res = await session.kube.create(probe, { dryRun: true });
        if (res.warnings.some((w) => w.includes(`'${name}'`))) {
            return;
        }
        if (Date.now() > deadline) {
            throw new Error(`the ValidatingAdmissionPolicy plugin did not enforce new policies within ${timeoutMs / 1000} s`);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
}

/** Type-checking warnings per policy, as the API server's type checker (controller-manager) writes them. */
export interface TypeCheck {
    /** Policies whose status the type checker has written. */
    checked: number;
    warnings: { policy: string; fieldRef: string; warning: string }[];
    /** Policies not type-checked within the time limit (no type checker running?). */
    unchecked: string[];
}

/** Waits (bounded) for the type checker's status on every named policy and collects its warnings. */
export async function typeCheck(session: Session, names: readonly string[], timeoutMs = 60_000): Promise<TypeCheck> {
    const deadline = Date.now() + timeoutMs;
    const out: TypeCheck = { checked: 0, warnings: [], unchecked: [] };
    for (const name of names) {
        for (;;) {
            const res = await session.kube.request("GET", `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${name}`);
            const body = res.body as {
                metadata?: { generation?: number };
                status?: { observedGeneration?: number; typeChecking?: { expressionWarnings?: { fieldRef: string; warning: string }[] } };
            };
            if (res.status === 200 && body.status?.observedGeneration !== undefined && body.status.observedGeneration >= (body.metadata?.generation ?? 1)) {
                out.checked++;
                for (const w of body.status.typeChecking?.expressionWarnings ?? []) {
                    out.warnings.push({ policy: name, fieldRef: w.fieldRef, warning: w.warning });
                }
                break;
            }
            if (Date.now() > deadline) {
                out.unchecked.push(name);
                break;
            }
            await new Promise((r) => setTimeout(r, 250));
        }
    }
    return out;
}

const warningPattern = /ValidatingAdmissionPolicy '([^']+)' with binding '[^']+'(?: denied request)?: ([\s\S]*)$/;

/** The policies named in the Warning headers (Warn actions) or a denial message, with their messages. */
export function policyVerdicts(texts: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const t of texts) {
        const m = warningPattern.exec(t);
        if (m) {
            out.set(m[1], m[2]);
        }
    }
    return out;
}
